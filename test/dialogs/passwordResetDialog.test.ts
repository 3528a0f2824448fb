import { ActionTypes, ConversationState, MemoryStorage, type Activity } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { messages } from '../../dialogs/messages';
import { PasswordResetDialog } from '../../dialogs/flows/passwordResetDialog';
import { RecoveryDialog } from '../../dialogs/flows/recoveryDialog';
import { FAKE_CODE, FAKE_RECOVERY_CODE, FakeAccountAdapter } from './fakeAccountAdapter';
import { buttonTitles, converse, expectEnded, expectWaiting, FAKE_FAQ_ENTRY, FakeFaq, flowClient, replyText, say, typingIndicators, type Turn } from './flowTestKit';

const v = messages.verification;
const pr = messages.passwordReset;
const f = messages.flow;
const START = 'パスワードのリセットを始める';

let adapter: FakeAccountAdapter;
let faq: FakeFaq;

function makeDialog() {
  return new PasswordResetDialog({ account: adapter, faq, recovery: new RecoveryDialog({ account: adapter, faq }) });
}

beforeEach(() => {
  adapter = new FakeAccountAdapter();
  faq = new FakeFaq();
});

/** Turns that reach the code step for taro by e-mail. */
const TO_CODE: readonly Turn[] = [
  [START, [pr.intro, pr.askAccount]],
  ['taro@example.com', [v.askMethod]],
  [v.methodEmail, [v.askEmail]],
  ['taro.backup@example.net', [v.codeSent, v.askCode]],
];

function resetLink(replies: Partial<Activity>[][]): string | undefined {
  const card = replies.flat().flatMap((r) => r.attachments ?? [])[0]?.content as { buttons?: { type: string; value: string }[] } | undefined;
  const button = card?.buttons?.[0];
  expect(button?.type).toBe(ActionTypes.OpenUrl);
  return button?.value;
}

describe('PasswordResetDialog: the seed path', () => {
  it.each([
    ['e-mail', 'taro@example.com', v.methodEmail, 'taro.backup@example.net', v.askCode],
    ['SMS with a full-width number', 'taro@example.com', v.methodSms, '０９０－１２３４－５６７８', v.askCode],
    ['SMS chosen by a synonym, account typed as a phone number', '090-1234-5678', 'SMS', '090-1234-5678', v.askCode],
  ])('by %s: account → method → contact → code → reset link button', async (_name, account, method, contact, askCode) => {
    if (account !== 'taro@example.com') adapter.accounts.set('09012345678', { emails: [], phones: ['09012345678'], app: false });
    const client = flowClient(makeDialog());
    const replies = await converse(client, [
      [START, [pr.intro, pr.askAccount]],
      [account, [v.askMethod]],
      [method, [/確認のため/]],
      [contact, [v.codeSent, askCode]],
      [FAKE_CODE, [pr.done, pr.linkTitle]],
    ]);
    expect(resetLink(replies)).toMatch(/^https:\/\/reset\.example\/r\//);
    expectEnded(client, { outcome: 'completed', flow: 'passwordReset', step: 'reset-link' });
  });

  it('offers the four ways as buttons', async () => {
    const client = flowClient(makeDialog());
    await say(client, START);
    const replies = await say(client, 'taro@example.com');
    expect(buttonTitles(replies[0])).toEqual([v.methodEmail, v.methodSms, v.methodApp, v.methodNone]);
  });

  it('by the authenticator app: no contact is asked', async () => {
    const client = flowClient(makeDialog());
    await converse(client, [
      [START, [pr.intro, pr.askAccount]],
      ['taro@example.com', [v.askMethod]],
      [v.methodApp, [v.appReady, v.askAppCode]],
      ['１２３４５６', [pr.done, pr.linkTitle]],
    ]);
    expectEnded(client, { outcome: 'completed' });
    expect(adapter.calls).not.toContain('sendSecurityCode');
  });

  it('resends the code, and says so when resend is rate-limited', async () => {
    const client = flowClient(makeDialog());
    await converse(client, [...TO_CODE, [v.resendButton, [v.codeResent, v.askCode]]]);
    adapter.rateLimited.add('resendCode');
    await converse(client, [[v.resendButton, [v.resendLimited(120), v.askCode]], [FAKE_CODE, [pr.done, pr.linkTitle]]]);
  });

  it('a code that does not arrive leads back to the choice of method', async () => {
    const client = flowClient(makeDialog());
    await converse(client, [...TO_CODE, [v.notReceivedButton, [pr.chooseAnother, v.askMethod]], [v.methodApp, [v.appReady, v.askAppCode]]]);
  });

  it('three wrong codes void the code: the flow ends without hinting', async () => {
    const client = flowClient(makeDialog());
    await converse(client, [
      ...TO_CODE,
      ['000000', [v.wrongCode(2), v.askCode]],
      ['111111', [v.wrongCode(1), v.askCode]],
      ['222222', [v.codeLocked, pr.lockedEnd]],
    ]);
    expectEnded(client, { outcome: 'failed', reason: 'code-locked', step: 'code' });
  });

  it('an expired code: a new one is sent after the contact is typed again (it was not kept)', async () => {
    const client = flowClient(makeDialog());
    await converse(client, TO_CODE);
    adapter.now += 11 * 60 * 1000;
    await converse(client, [
      [FAKE_CODE, [v.codeExpired, v.askEmail]],
      ['taro.backup@example.net', [v.codeSent, v.askCode]],
      [FAKE_CODE, [pr.done, pr.linkTitle]],
    ]);
  });

  it('an e-mail typed for SMS is refused with what is expected', async () => {
    const client = flowClient(makeDialog());
    await converse(client, [
      [START, [pr.intro, pr.askAccount]],
      ['taro@example.com', [v.askMethod]],
      [v.methodSms, [v.askPhone]],
      ['taro.backup@example.net', [v.expectedPhone, v.askPhone]],
    ]);
  });
});

describe('PasswordResetDialog: none of these (seed c. and d.)', () => {
  it('a recovery code proves identity', async () => {
    const client = flowClient(makeDialog());
    await converse(client, [
      [START, [pr.intro, pr.askAccount]],
      ['taro@example.com', [v.askMethod]],
      [v.methodNone, [v.askRecoveryCode]],
      [FAKE_RECOVERY_CODE.toLowerCase(), [pr.done, pr.linkTitle]],
    ]);
    expectEnded(client, { outcome: 'completed', flow: 'passwordReset' });
  });

  it('a wrong recovery code can be typed again', async () => {
    const client = flowClient(makeDialog());
    await converse(client, [
      [START, [pr.intro, pr.askAccount]],
      ['taro@example.com', [v.askMethod]],
      [v.methodNone, [v.askRecoveryCode]],
      ['AAAAA-BBBBB-CCCCC-DDDDD-EEEEE', [v.wrongRecoveryCode(2), v.askRecoveryCode]],
      [FAKE_RECOVERY_CODE, [pr.done, pr.linkTitle]],
    ]);
  });

  it('without a recovery code the recovery flow runs as a child, with the account already known', async () => {
    const client = flowClient(makeDialog());
    await converse(client, [
      [START, [pr.intro, pr.askAccount]],
      ['jiro@example.com', [v.askMethod]],
      [v.methodNone, [v.askRecoveryCode]],
      [v.noRecoveryCodeButton, [pr.toRecovery, messages.recovery.intro, messages.recovery.askContactEmail]],
    ]);
    expectWaiting(client);
    // Cancel inside the child ends both, with the child's result.
    await converse(client, [['キャンセル', [f.cancelled(messages.flowTitles.recoverAccount)]]]);
    expectEnded(client, { outcome: 'cancelled', flow: 'recoverAccount', via: 'passwordReset', step: 'contactEmail' });
  });

  it('a locked recovery code also leads to the recovery flow', async () => {
    const client = flowClient(makeDialog());
    await converse(client, [
      [START, [pr.intro, pr.askAccount]],
      ['taro@example.com', [v.askMethod]],
      [v.methodNone, [v.askRecoveryCode]],
      ['AAAAA-BBBBB-CCCCC-DDDDD-EEEEE', [v.wrongRecoveryCode(2), v.askRecoveryCode]],
      ['AAAAA-BBBBB-CCCCC-DDDDD-EEEEF', [v.wrongRecoveryCode(1), v.askRecoveryCode]],
      ['AAAAA-BBBBB-CCCCC-DDDDD-EEEEG', [v.recoveryCodeLocked, pr.toRecovery, messages.recovery.intro, messages.recovery.askContactEmail]],
    ]);
  });
});

describe('PasswordResetDialog: enumeration', () => {
  /** Every reply's text for one account, up to a wrong code and a lock. */
  async function transcript(account: string, contact: string): Promise<string[]> {
    const client = flowClient(makeDialog());
    const texts: string[] = [];
    for (const text of [START, account, v.methodEmail, contact, FAKE_CODE, v.resendButton, '000000', '111111']) {
      texts.push(...(await say(client, text)).map((r) => JSON.stringify({ text: replyText(r), buttons: buttonTitles(r) })));
    }
    return texts;
  }

  it('replies are identical for an existing account with a wrong contact, and for an unknown account', async () => {
    const known = await transcript('taro@example.com', 'someone@example.org');
    const unknown = await transcript('nobody@example.com', 'someone@example.org');
    expect(known).toEqual(unknown);
    expect(known.join('\n')).toContain(v.codeSent);
    expect(known.join('\n')).not.toMatch(/taro|nobody|someone/);
  });

  it('the code-sent reply is the same whether or not the contact matches', async () => {
    const a = flowClient(makeDialog());
    const b = flowClient(makeDialog());
    await converse(a, TO_CODE);
    await converse(b, [...TO_CODE.slice(0, 3), ['wrong@example.org', [v.codeSent, v.askCode]]]);
  });
});

describe('PasswordResetDialog: validation and three bad tries', () => {
  it.each([
    ['the account', [[START, [pr.intro, pr.askAccount]]], 'たろう', messages.flowInputs.account, pr.askAccount],
    ['the method', TO_CODE.slice(0, 2), 'ハト', v.methodExpected, v.askMethod],
    ['the contact', TO_CODE.slice(0, 3), 'たろう', v.contactExpected, v.askEmail],
    ['the code', TO_CODE, '12345', messages.flowInputs.code, v.askCode],
  ] as const)('at %s: says what is wrong, re-asks, and ends politely after 3', async (_name, before, bad, error, prompt) => {
    const client = flowClient(makeDialog());
    await converse(client, before);
    await converse(client, [
      [bad, [error, prompt]],
      [bad, [error, prompt]],
      [bad, [f.tooManyTries]],
    ]);
    expectEnded(client, { outcome: 'failed', reason: 'too-many-tries' });
  });

  it('offers other help after the third bad try', async () => {
    const client = flowClient(makeDialog());
    await say(client, START);
    await say(client, 'x');
    await say(client, 'x');
    const replies = await say(client, 'x');
    expect(buttonTitles(replies[0])).toEqual([START, f.personButton]);
  });
});

describe('PasswordResetDialog: interruptions at every step', () => {
  const steps: readonly (readonly [string, readonly Turn[], string, string])[] = [
    ['account', [[START, [pr.intro, pr.askAccount]]], pr.askAccount, v.help.account],
    ['method', TO_CODE.slice(0, 2), v.askMethod, v.help.method],
    ['contact', TO_CODE.slice(0, 3), v.askEmail, v.help.contact],
    ['code', TO_CODE, v.askCode, v.help.code],
  ];

  it.each(steps)('cancel at %s ends the flow and says so', async (step, before) => {
    const client = flowClient(makeDialog());
    await converse(client, [...before, ['キャンセル', [f.cancelled(messages.flowTitles.passwordReset)]]]);
    expectEnded(client, { outcome: 'cancelled', flow: 'passwordReset', step });
  });

  it.each(steps)('ヘルプ at %s explains the step, then asks again', async (_step, before, prompt, help) => {
    const client = flowClient(makeDialog());
    await converse(client, [...before, ['ヘルプ', [help, prompt]]]);
    expectWaiting(client);
  });

  it.each(steps)('a person request at %s ends with handoff-requested', async (step, before) => {
    const client = flowClient(makeDialog());
    await converse(client, [...before, ['オペレーターと話したい', [f.handoffRequested]]]);
    expectEnded(client, { outcome: 'handoff-requested', step, reason: 'user-asked' });
  });

  it.each(steps)('a FAQ question at %s is answered, then the step is asked again', async (_step, before, prompt) => {
    const client = flowClient(makeDialog());
    await converse(client, [...before, [FAKE_FAQ_ENTRY.question, [FAKE_FAQ_ENTRY.answer, f.backToStep, prompt]]]);
    expectWaiting(client);
  });

  it.each(['やめる', '中止', 'キャンセル。'])('%j cancels too', async (word) => {
    const client = flowClient(makeDialog());
    await converse(client, [[START, [pr.intro, pr.askAccount]], [word, [f.cancelled(messages.flowTitles.passwordReset)]]]);
  });

  it.each(['担当者と話す', '人と話したい', '電話したい'])('%j asks for a person', async (word) => {
    const client = flowClient(makeDialog());
    await converse(client, [[START, [pr.intro, pr.askAccount]], [word, [f.handoffRequested]]]);
  });

  it('最初から restarts the flow with nothing kept', async () => {
    const client = flowClient(makeDialog());
    await converse(client, [...TO_CODE, ['最初から', [f.restarted, pr.intro, pr.askAccount]], ['taro@example.com', [v.askMethod]]]);
  });

  it('a valid answer is never taken for a FAQ question', async () => {
    faq = new FakeFaq([{ ...FAKE_FAQ_ENTRY, question: 'taro@example.com' }]);
    const client = flowClient(makeDialog());
    await converse(client, [[START, [pr.intro, pr.askAccount]], ['taro@example.com', [v.askMethod]]]);
    expect(faq.asked).toEqual([]);
  });

  it('a FAQ question does not count as a bad try', async () => {
    const client = flowClient(makeDialog());
    await converse(client, [[START, [pr.intro, pr.askAccount]], ['x', [messages.flowInputs.account, pr.askAccount]], ['x', [messages.flowInputs.account, pr.askAccount]]]);
    await converse(client, [[FAKE_FAQ_ENTRY.question, [FAKE_FAQ_ENTRY.answer, f.backToStep, pr.askAccount]]]);
    expectWaiting(client);
  });
});

describe('PasswordResetDialog: back end unavailable', () => {
  it('says so, keeps what was typed, and もう一度 retries the same step', async () => {
    adapter.failNext('sendSecurityCode');
    const client = flowClient(makeDialog());
    const replies = await converse(client, [...TO_CODE.slice(0, 3), ['taro.backup@example.net', [f.backendDown]]]);
    expect(buttonTitles(replies.at(-1)?.[0])).toEqual([f.retryButton, f.personButton, f.cancelButton]);
    await converse(client, [[f.retryButton, [v.codeSent, v.askCode]], [FAKE_CODE, [pr.done, pr.linkTitle]]]);
  });

  it('while verifying the code: もう一度 checks the same code', async () => {
    const client = flowClient(makeDialog());
    await converse(client, TO_CODE);
    adapter.failNext('verifyCode');
    await converse(client, [[FAKE_CODE, [f.backendDown]], ['もう一度', [pr.done, pr.linkTitle]]]);
  });

  it('while issuing the link', async () => {
    const client = flowClient(makeDialog());
    await converse(client, TO_CODE);
    adapter.failNext('issueResetLink');
    await converse(client, [[FAKE_CODE, [f.backendDown]], ['もう一度', [pr.done, pr.linkTitle]]]);
  });

  it('a person can be asked for instead', async () => {
    adapter.failNext('sendSecurityCode');
    const client = flowClient(makeDialog());
    await converse(client, [...TO_CODE.slice(0, 3), ['taro.backup@example.net', [f.backendDown]], [f.personButton, [f.handoffRequested]]]);
    expectEnded(client, { outcome: 'handoff-requested', reason: 'backend-unavailable' });
  });

  it('キャンセル at the outage prompt counts as a failure for the outage', async () => {
    adapter.failNext('sendSecurityCode');
    const client = flowClient(makeDialog());
    await converse(client, [...TO_CODE.slice(0, 3), ['taro.backup@example.net', [f.backendDown]], [f.cancelButton, [f.cancelled(messages.flowTitles.passwordReset)]]]);
    expectEnded(client, { outcome: 'failed', reason: 'unavailable', step: 'retry' });
  });

  it('too many tries from this client when checking the code: wait, then もう一度 checks the same code', async () => {
    adapter.rateLimited.add('verifyCode');
    const client = flowClient(makeDialog());
    await converse(client, [...TO_CODE, [FAKE_CODE, [f.rateLimited(120)]]]);
    adapter.rateLimited.clear();
    await converse(client, [[f.retryButton, [pr.done, pr.linkTitle]]]);
    expectEnded(client, { outcome: 'completed', flow: 'passwordReset' });
  });

  it('too many tries from this client when checking a recovery code: wait, then もう一度 checks it', async () => {
    adapter.rateLimited.add('checkRecoveryCode');
    const client = flowClient(makeDialog());
    await converse(client, [...TO_CODE.slice(0, 2), [v.methodNone, [v.askRecoveryCode]], [FAKE_RECOVERY_CODE, [f.rateLimited(120)]]]);
    adapter.rateLimited.clear();
    await converse(client, [[f.retryButton, [pr.done, pr.linkTitle]]]);
  });

  it('rate-limited when sending: wait, then もう一度', async () => {
    adapter.rateLimited.add('sendSecurityCode');
    const client = flowClient(makeDialog());
    await converse(client, [...TO_CODE.slice(0, 3), ['taro.backup@example.net', [f.rateLimited(120)]]]);
    adapter.rateLimited.clear();
    await converse(client, [[f.retryButton, [v.codeSent, v.askCode]]]);
  });
});

describe('PasswordResetDialog: state', () => {
  it('holds no contact once the code is sent, no code or link ever, and nothing once the flow ends', async () => {
    const memory: Record<string, string> = {};
    const client = new DialogTestClient('test', makeDialog(), undefined, [], new ConversationState(new MemoryStorage(memory)));
    await converse(client, TO_CODE);
    const during = JSON.stringify(memory);
    expect(during).toContain('taro@example.com'); // the next step needs the account
    expect(during).not.toContain('taro.backup@example.net');
    const replies = await converse(client, [[FAKE_CODE, [pr.done, pr.linkTitle]]]);
    const after = JSON.stringify(memory);
    expect(after).not.toContain('taro@example.com');
    expect(after).not.toContain(FAKE_CODE);
    expect(after).not.toContain(resetLink(replies) ?? 'no link');
  });
});

describe('PasswordResetDialog: as people type', () => {
  const cases: readonly (readonly [name: string, turns: readonly Turn[], end: Record<string, unknown> | 'waiting'])[] = [
    [
      'the account, the method and the contact inside sentences; the code with words',
      [
        [START, [pr.intro, pr.askAccount]],
        ['えっと、taro@example.com です', [v.askMethod]],
        ['ショートメールで', [v.askPhone]],
        ['番号は090-1234-5678です', [v.codeSent, v.askCode]],
        [`コードは ${FAKE_CODE} でした`, [pr.done, '']],
      ],
      { outcome: 'completed', flow: 'passwordReset' },
    ],
    [
      'Eメール by word, the address given; 「まだ届きません」 → another method; 「アプリで」',
      [
        [START, [pr.intro, pr.askAccount]],
        ['taro_yamada', [v.askMethod]],
        ['Eメールにください', [v.askEmail]],
        ['taro.backup@example.net', [v.codeSent, v.askCode]],
        ['まだ届きません', [pr.chooseAnother, v.askMethod]],
        ['アプリで', [v.appReady, v.askAppCode]],
      ],
      'waiting',
    ],
    [
      'two methods named: which one?',
      [...TO_CODE.slice(0, 2), ['メールかSMSで', [v.methodWhich([v.methodEmail, v.methodSms]), v.askMethod]]],
      'waiting',
    ],
    [
      'the contact cannot be used: back to the methods',
      [...TO_CODE.slice(0, 2), ['SMS', [v.askPhone]], ['その携帯はもう使っていません', [v.contactMissing, v.askMethod]]],
      'waiting',
    ],
    [
      'none in words → the recovery code inside a sentence',
      [...TO_CODE.slice(0, 2), ['どれも使えないです', [v.askRecoveryCode]], [`復元用コードは ${FAKE_RECOVERY_CODE.toLowerCase()} です`, [pr.done, '']]],
      { outcome: 'completed' },
    ],
    [
      'a question about the step is answered with its help, without a strike',
      [...TO_CODE.slice(0, 2), ['SMSって何？', [v.help.method, v.askMethod]], ['SMSって何？', [v.help.method, v.askMethod]], ['SMSって何？', [v.help.method, v.askMethod]], ['SMS', [v.askPhone]]],
      'waiting',
    ],
    [
      '「もう大丈夫です」 stops the flow',
      [...TO_CODE, ['もう大丈夫です', [f.cancelled(messages.flowTitles.passwordReset)]]],
      { outcome: 'cancelled', step: 'code' },
    ],
  ];
  it.each(cases)('%s', async (_name, turns, end) => {
    const client = flowClient(makeDialog());
    await converse(client, turns);
    if (end === 'waiting') expectWaiting(client);
    else expectEnded(client, end);
  });
});

describe('PasswordResetDialog: a typing indicator while the account service works', () => {
  it('is sent before each call (sending the code, checking it), and not for steps that call nothing', async () => {
    const client = flowClient(makeDialog());
    await say(client, START);
    expect(typingIndicators).toBe(0);
    await say(client, 'taro@example.com');
    expect(typingIndicators).toBe(0);
    await say(client, v.methodEmail);
    expect(typingIndicators).toBe(0);
    await say(client, 'taro.backup@example.net');
    expect(typingIndicators).toBe(1);
    await say(client, FAKE_CODE);
    // verifyCode, then issueResetLink.
    expect(typingIndicators).toBe(2);
  });
});
