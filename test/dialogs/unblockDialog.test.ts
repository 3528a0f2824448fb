import { beforeEach, describe, expect, it } from 'vitest';
import { messages } from '../../dialogs/messages';
import { startFlowText } from '../../dialogs/replies';
import { RecoveryDialog } from '../../dialogs/flows/recoveryDialog';
import { UnblockDialog } from '../../dialogs/flows/unblockDialog';
import { DECOY_QUESTION, FAKE_CODE, FAKE_RECOVERY_CODE, FakeAccountAdapter } from './fakeAccountAdapter';
import { buttonTitles, converse, expectEnded, expectWaiting, FAKE_FAQ_ENTRY, FakeFaq, flowClient, replyText, say, type Turn } from './flowTestKit';

const u = messages.unblock;
const v = messages.verification;
const f = messages.flow;
const START = 'アカウントのブロック解除を始める';

let adapter: FakeAccountAdapter;
let faq: FakeFaq;

function makeDialog() {
  return new UnblockDialog({ account: adapter, faq, recovery: new RecoveryDialog({ account: adapter, faq }) });
}

beforeEach(() => {
  adapter = new FakeAccountAdapter();
  faq = new FakeFaq();
});

const TO_SMS_CODE = (account = 'hanako@example.com', phone = '080-9876-5432'): Turn[] => [
  [START, [u.intro, u.askAccount]],
  [account, [u.askPhone]],
  [phone, [u.codeSent, v.askCode]],
];

/** From the SMS code step to the secret question (a.). */
const TO_SECRET: readonly Turn[] = [...TO_SMS_CODE('taro@example.com', '090-0000-0000'), [v.notReceivedButton, [u.toIdentityCheck, u.askRemembersSecret]]];

describe('UnblockDialog: by SMS code', () => {
  it('account → phone → code → unblocked, advising a new password with the reset flow offered', async () => {
    const client = flowClient(makeDialog());
    const replies = await converse(client, [...TO_SMS_CODE(), [FAKE_CODE, [u.unblocked]]]);
    expect(buttonTitles(replies.at(-1)?.[0])).toEqual([startFlowText('passwordReset')]);
    expect(adapter.unblocked).toEqual(['hanako@example.com']);
    expectEnded(client, { outcome: 'completed', flow: 'unblockAccount', step: 'unblock' });
  });

  it('the code-sent reply is identical for an unknown account', async () => {
    const texts = async (account: string) => {
      const client = flowClient(makeDialog());
      const out: string[] = [];
      for (const text of [START, account, '080-9876-5432', '000000', FAKE_CODE]) out.push(...(await say(client, text)).map(replyText));
      return out;
    };
    expect(await texts('nobody@example.com')).toEqual(await texts('jiro@example.com'));
  });
});

describe('UnblockDialog: identity verification in the seed order', () => {
  it('no phone → a. secret question answered → unblocked', async () => {
    const client = flowClient(makeDialog());
    await converse(client, [
      [START, [u.intro, u.askAccount]],
      ['taro@example.com', [u.askPhone]],
      [u.noPhoneButton, [u.toIdentityCheck, u.askRemembersSecret]],
      [u.yesButton, [DECOY_QUESTION]],
      ['ポチ', [u.unblocked]],
    ]);
    expectEnded(client, { outcome: 'completed' });
  });

  it('too many tries from this client at the secret question: wait, then もう一度 checks the same answer', async () => {
    adapter.rateLimited.add('answerSecretQuestion');
    const client = flowClient(makeDialog());
    await converse(client, [...TO_SECRET, [u.yesButton, [DECOY_QUESTION]], ['ポチ', [f.rateLimited(120)]]]);
    adapter.rateLimited.clear();
    await converse(client, [[f.retryButton, [u.unblocked]]]);
  });

  it('a wrong secret answer can be tried again; locked goes on to b.', async () => {
    const client = flowClient(makeDialog());
    await converse(client, [
      ...TO_SECRET,
      [u.yesButton, [DECOY_QUESTION]],
      ['タマ', [u.wrongSecret(2), DECOY_QUESTION]],
      ['ミケ', [u.wrongSecret(1), DECOY_QUESTION]],
      ['クロ', [u.secretLocked, v.askMethod]],
    ]);
  });

  it('three wrong SMS codes: locked, then a.', async () => {
    const client = flowClient(makeDialog());
    await converse(client, [
      ...TO_SMS_CODE(),
      ['000000', [v.wrongCode(2), v.askCode]],
      ['000001', [v.wrongCode(1), v.askCode]],
      ['000002', [v.codeLocked, u.toIdentityCheck, u.askRemembersSecret]],
    ]);
  });

  it('b. a security code to registered security info → unblocked', async () => {
    const client = flowClient(makeDialog());
    await converse(client, [
      ...TO_SECRET,
      [u.noSecretButton, [u.toSecurityCode, v.askMethod]],
      [v.methodEmail, [v.askEmail]],
      ['taro.backup@example.net', [v.codeSent, v.askCode]],
      [FAKE_CODE, [u.unblocked]],
    ]);
  });

  it('c. a recovery code → unblocked', async () => {
    const client = flowClient(makeDialog());
    await converse(client, [
      ...TO_SECRET,
      [u.noSecretButton, [u.toSecurityCode, v.askMethod]],
      [v.methodNone, [u.toRecoveryCode, v.askRecoveryCode]],
      [FAKE_RECOVERY_CODE, [u.unblocked]],
    ]);
  });

  it('b. code not received → c.; no recovery code → d. the recovery flow', async () => {
    const client = flowClient(makeDialog());
    await converse(client, [
      ...TO_SECRET,
      [u.noSecretButton, [u.toSecurityCode, v.askMethod]],
      [v.methodApp, [v.appReady, v.askAppCode]],
      [v.notReceivedButton, [u.toRecoveryCode, v.askRecoveryCode]],
      [v.noRecoveryCodeButton, [u.toRecovery, messages.recovery.intro, messages.recovery.askContactEmail]],
    ]);
    expectWaiting(client);
    await converse(client, [['やめる', [f.cancelled(messages.flowTitles.recoverAccount)]]]);
    expectEnded(client, { outcome: 'cancelled', flow: 'recoverAccount', via: 'unblockAccount' });
  });
});

describe('UnblockDialog: validation, interruptions, outages', () => {
  const steps: readonly (readonly [string, readonly Turn[], string, string])[] = [
    ['account', [[START, [u.intro, u.askAccount]]], u.askAccount, v.help.account],
    ['unblockPhone', TO_SMS_CODE().slice(0, 2), u.askPhone, u.help.phone],
    ['code', TO_SMS_CODE(), v.askCode, v.help.code],
    ['remembersSecret', TO_SECRET, u.askRemembersSecret, u.help.remembersSecret],
    ['secretAnswer', [...TO_SECRET, [u.yesButton, [DECOY_QUESTION]]], DECOY_QUESTION, u.help.secretAnswer],
  ];

  it.each(steps)('cancel at %s', async (step, before) => {
    const client = flowClient(makeDialog());
    await converse(client, [...before, ['キャンセル', [f.cancelled(messages.flowTitles.unblockAccount)]]]);
    expectEnded(client, { outcome: 'cancelled', flow: 'unblockAccount', step });
  });

  it.each(steps)('ヘルプ at %s', async (_step, before, prompt, help) => {
    const client = flowClient(makeDialog());
    await converse(client, [...before, ['ヘルプ', [help, prompt]]]);
  });

  it.each(steps)('a person request at %s', async (step, before) => {
    const client = flowClient(makeDialog());
    await converse(client, [...before, ['担当者と話したい', [f.handoffRequested]]]);
    expectEnded(client, { outcome: 'handoff-requested', step });
  });

  it.each(steps.filter(([s]) => s !== 'secretAnswer'))('a FAQ question at %s', async (_step, before, prompt) => {
    const client = flowClient(makeDialog());
    await converse(client, [...before, [FAKE_FAQ_ENTRY.question, [FAKE_FAQ_ENTRY.answer, f.backToStep, prompt]]]);
  });

  it('at the secret question any text is an answer, never a FAQ question', async () => {
    const client = flowClient(makeDialog());
    await converse(client, [...TO_SECRET, [u.yesButton, [DECOY_QUESTION]], [FAKE_FAQ_ENTRY.question, [u.wrongSecret(2), DECOY_QUESTION]]]);
    expect(faq.asked).toEqual([]);
  });

  it('最初から', async () => {
    const client = flowClient(makeDialog());
    await converse(client, [...TO_SECRET, ['最初から', [f.restarted, u.intro, u.askAccount]]]);
  });

  it.each([
    ['the phone', TO_SMS_CODE().slice(0, 2), '12', messages.flowInputs.phone, u.askPhone],
    ['yes or no', TO_SECRET, 'たぶん', messages.flowInputs.yesNo, u.askRemembersSecret],
  ] as const)('three bad answers at %s end politely', async (_name, before, bad, error, prompt) => {
    const client = flowClient(makeDialog());
    await converse(client, [...before, [bad, [error, prompt]], [bad, [error, prompt]], [bad, [f.tooManyTries]]]);
    expectEnded(client, { outcome: 'failed', reason: 'too-many-tries' });
  });

  it('sending the unblock code while the back end is down, then もう一度', async () => {
    adapter.failNext('sendUnblockCode');
    const client = flowClient(makeDialog());
    await converse(client, [...TO_SMS_CODE().slice(0, 2), ['080-9876-5432', [f.backendDown]], ['もう一度', [u.codeSent, v.askCode]], [FAKE_CODE, [u.unblocked]]]);
  });

  it('unblocking while the back end is down, then もう一度', async () => {
    adapter.failNext('unblock');
    const client = flowClient(makeDialog());
    await converse(client, [...TO_SMS_CODE(), [FAKE_CODE, [f.backendDown]], ['もう一度', [u.unblocked]]]);
  });

  it('checking the secret answer while the back end is down keeps the answer for もう一度', async () => {
    const client = flowClient(makeDialog());
    await converse(client, [...TO_SECRET, [u.yesButton, [DECOY_QUESTION]]]);
    adapter.failNext('answerSecretQuestion');
    await converse(client, [['ポチ', [f.backendDown]], ['もう一度', [u.unblocked]]]);
  });
});

describe('UnblockDialog: as people type', () => {
  const cases: readonly (readonly [name: string, turns: readonly Turn[], end: Record<string, unknown> | 'waiting'])[] = [
    [
      'the phone inside a sentence, full-width; the code inside a sentence',
      [
        [START, [u.intro, u.askAccount]],
        ['hanako@example.com です', [u.askPhone]],
        ['携帯は０８０ー９８７６ー５４３２です', [u.codeSent, v.askCode]],
        [`届きました、${FAKE_CODE}です`, [u.unblocked]],
      ],
      { outcome: 'completed', flow: 'unblockAccount' },
    ],
    [
      '「携帯を持っていません」 → a.; 「ええ、大丈夫です」 → the question; 「ポチです」',
      [
        [START, [u.intro, u.askAccount]],
        ['taro@example.com', [u.askPhone]],
        ['携帯を持っていません', [u.toIdentityCheck, u.askRemembersSecret]],
        ['ええ、大丈夫です', [DECOY_QUESTION]],
        ['ポチです', [u.unblocked]],
      ],
      { outcome: 'completed' },
    ],
    [
      '「まだ届きません」 → a.; 「いや、わからないです」 → b.; 「どれも無理です」 → c.; 「持ってないです」 → d.',
      [
        ...TO_SMS_CODE('taro@example.com', '090-0000-0000'),
        ['まだ届きません', [u.toIdentityCheck, u.askRemembersSecret]],
        ['いや、わからないです', [u.toSecurityCode, v.askMethod]],
        ['どれも無理です', [u.toRecoveryCode, v.askRecoveryCode]],
        ['持ってないです', [u.toRecovery, messages.recovery.intro, messages.recovery.askContactEmail]],
      ],
      'waiting',
    ],
    [
      'at the secret question, 「忘れました」 goes on to b.',
      [...TO_SECRET, ['覚えてます', [DECOY_QUESTION]], ['すみません、やっぱり忘れました', [u.toSecurityCode, v.askMethod]]],
      'waiting',
    ],
    [
      'SMS by its word at b., the phone typed with +81, a code in full-width',
      [
        ...TO_SECRET,
        ['覚えてない', [u.toSecurityCode, v.askMethod]],
        ['ショートメールでお願いします', [v.askPhone]],
        ['+81 90-1234-5678', [v.codeSent, v.askCode]],
        ['１２３４５６', [u.unblocked]],
      ],
      { outcome: 'completed' },
    ],
    [
      'a request for a person after a long answer hands over',
      [...TO_SECRET, ['うーん、覚えてないと思います。担当の人に代わってもらえますか', [f.handoffRequested]]],
      { outcome: 'handoff-requested', flow: 'unblockAccount', step: 'remembersSecret' },
    ],
  ];
  it.each(cases)('%s', async (_name, turns, end) => {
    const client = flowClient(makeDialog());
    await converse(client, turns);
    if (end === 'waiting') expectWaiting(client);
    else expectEnded(client, end);
  });
});
