import { ConversationState, MemoryStorage } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { NOT_REGISTERED } from '../../dialogs/accountPort';
import { messages } from '../../dialogs/messages';
import { RecoveryDialog } from '../../dialogs/flows/recoveryDialog';
import { maskedSummary } from '../../dialogs/flows/recoveryForm';
import { SKIPPED } from '../../dialogs/flows/inputs';
import { FAKE_CODE, FAKE_TICKET, FakeAccountAdapter } from './fakeAccountAdapter';
import { buttonTitles, converse, expectEnded, expectWaiting, FAKE_FAQ_ENTRY, FakeFaq, flowClient, say, type Turn } from './flowTestKit';

const r = messages.recovery;
const fl = r.fields;
const v = messages.verification;
const f = messages.flow;
const START = 'アカウントの復元を始める';

let adapter: FakeAccountAdapter;
let faq: FakeFaq;

const makeDialog = () => new RecoveryDialog({ account: adapter, faq });

beforeEach(() => {
  adapter = new FakeAccountAdapter();
  faq = new FakeFaq();
});

const TO_FORM: readonly Turn[] = [
  [START, [r.intro, r.askAccount]],
  ['jiro@example.com', [r.askContactEmail]],
  ['jiro.home@example.org', [r.contactCodeSent, v.askCode]],
  [FAKE_CODE, [r.sectionTitles.account, fl.lastName.prompt]],
];

const ACCOUNT_SECTION: readonly Turn[] = [
  ['山田', [fl.firstName.prompt]],
  ['次郎', [fl.birthDate.prompt]],
  ['平成2年1月2日', [fl.country.prompt]],
  ['日本', [fl.prefecture.prompt]],
  ['東京', [fl.postalCode.prompt]],
  ['１２３４５６７', [r.sectionTitles.mail, fl.recentSubjects.prompt]],
];

const MAIL_SECTION: readonly Turn[] = [
  ['来週の打ち合わせ、写真を送ります', [fl.folderNames.prompt]],
  ['作成していません', [fl.recentRecipients.prompt]],
  ['hanako@example.com', [r.askHasBilling]],
];

describe('RecoveryDialog: the seed path (d-1 to d-4)', () => {
  it('without billing: form, masked summary, submit, ticket, 24 hours, survey, status hint', async () => {
    const client = flowClient(makeDialog());
    const replies = await converse(client, [
      ...TO_FORM,
      ...ACCOUNT_SECTION,
      ...MAIL_SECTION,
      [r.noBillingButton, [r.summaryTitle]],
      [r.sendButton, [r.submitted(FAKE_TICKET)]],
    ]);
    const summary = replies.at(-2)?.[0]?.text ?? '';
    expect(summary).toContain(`${fl.lastName.label}: 山＊`);
    expect(summary).toContain(`${fl.firstName.label}: 次＊`);
    expect(summary).toContain('1990年＊＊月＊＊日');
    expect(summary).toContain('123-＊＊＊＊');
    expect(summary).not.toMatch(/山田|次郎|4567|hanako/);
    const done = replies.at(-1)?.[0]?.text ?? '';
    expect(done).toContain('24 時間以内');
    expect(done).toContain('Windows Live Help-Automated Email');
    expect(done).toContain(`復旧リクエストの状況 ${FAKE_TICKET}`);
    expect(adapter.submitted[0]).toEqual({
      lastName: '山田',
      firstName: '次郎',
      birthDate: '1990-01-02',
      country: '日本',
      prefecture: '東京都',
      postalCode: '123-4567',
      recentSubjects: ['来週の打ち合わせ', '写真を送ります'],
      folderNames: [NOT_REGISTERED],
      recentRecipients: ['hanako@example.com'],
    });
    expectEnded(client, { outcome: 'completed', flow: 'recoverAccount', ticketId: FAKE_TICKET });
  });

  it('with billing: the four billing fields, masked in the summary', async () => {
    const client = flowClient(makeDialog());
    const replies = await converse(client, [
      ...TO_FORM,
      ...ACCOUNT_SECTION,
      ...MAIL_SECTION,
      [r.yesButton, [r.sectionTitles.billing, fl.xboxCardLast5.prompt]],
      ['AB1CD', [fl.cardHolderName.prompt]],
      ['jiro yamada', [fl.cardLast4.prompt]],
      ['4321', [fl.cardExpiry.prompt]],
      ['12/27', [r.summaryTitle]],
    ]);
    const summary = replies.at(-1)?.[0]?.text ?? '';
    expect(summary).toContain('＊＊＊CD');
    expect(summary).toContain('J＊＊＊＊＊＊＊＊＊＊');
    expect(summary).toContain('＊＊21');
    expect(summary).not.toMatch(/4321|JIRO|12\/27/);
    expect(buttonTitles(replies.at(-1)?.[0])).toEqual([r.sendButton, r.editButtons.account, r.editButtons.mail, r.editButtons.billing]);
    await converse(client, [[r.sendButton, [r.submitted(FAKE_TICKET)]]]);
    expect(adapter.submitted[0]).toMatchObject({ xboxCardLast5: 'AB1CD', cardHolderName: 'JIRO YAMADA', cardLast4: '4321', cardExpiry: '2027-12' });
  });

  it('every field accepts 登録していません and スキップ (with the *1 reminder); the back end then asks for more', async () => {
    const client = flowClient(makeDialog());
    await converse(client, [
      ...TO_FORM,
      ['スキップ', [r.skipReminder, fl.firstName.prompt]],
      ['わからない', [r.skipReminder, fl.birthDate.prompt]],
      [NOT_REGISTERED, [fl.country.prompt]],
      ['日本', [fl.prefecture.prompt]],
      [NOT_REGISTERED, [fl.postalCode.prompt]],
      ['スキップ', [r.skipReminder, r.sectionTitles.mail, fl.recentSubjects.prompt]],
      ['スキップ', [r.skipReminder, fl.folderNames.prompt]],
      ['スキップ', [r.skipReminder, fl.recentRecipients.prompt]],
      ['スキップ', [r.skipReminder, r.askHasBilling]],
      [NOT_REGISTERED, [r.summaryTitle]],
      // Too little: the back end says so, the empty fields of those sections are asked again.
      [r.sendButton, [r.insufficient([r.sectionNames.account, r.sectionNames.mail]), r.sectionTitles.account, fl.lastName.prompt]],
      ['山田', [fl.firstName.prompt]],
      ['次郎', [fl.birthDate.prompt]],
      ['1990/1/2', [fl.prefecture.prompt]],
      ['大阪', [fl.postalCode.prompt]],
      ['123-4567', [r.sectionTitles.mail, fl.recentSubjects.prompt]],
    ]);
    expectWaiting(client);
  });

  it('the summary shows 未記入 and 登録していません as such', () => {
    expect(maskedSummary({ lastName: SKIPPED, country: NOT_REGISTERED, recentSubjects: ['a', 'b'] })).toBe(
      `- ${fl.lastName.label}: ${r.summary.skipped}\n- ${fl.country.label}: ${NOT_REGISTERED}\n- ${fl.recentSubjects.label}: ${r.summary.items(2)}`,
    );
  });

  it('a section can be corrected from the summary', async () => {
    const client = flowClient(makeDialog());
    await converse(client, [
      ...TO_FORM,
      ...ACCOUNT_SECTION,
      ...MAIL_SECTION,
      [r.noBillingButton, [r.summaryTitle]],
      [r.editButtons.mail, [r.sectionTitles.mail, fl.recentSubjects.prompt]],
      ['請求書', [fl.folderNames.prompt]],
      ['仕事', [fl.recentRecipients.prompt]],
      ['hanako@example.com', [r.summaryTitle]],
      [r.sendButton, [r.submitted(FAKE_TICKET)]],
    ]);
    expect(adapter.submitted[0]).toMatchObject({ recentSubjects: ['請求書'], folderNames: ['仕事'] });
  });

  it('past passwords are not asked: the intro says why, and no step asks for one', async () => {
    expect(r.intro).toContain('パスワード');
    expect(r.intro).toContain('お尋ねしません');
    for (const field of Object.values(fl)) expect(field.prompt).not.toContain('パスワード');
  });
});

describe('RecoveryDialog: d-1 contact e-mail', () => {
  it('must differ from the account', async () => {
    const client = flowClient(makeDialog());
    await converse(client, [
      [START, [r.intro, r.askAccount]],
      ['jiro@example.com', [r.askContactEmail]],
      ['JIRO@example.com', [r.sameAsAccount, r.askContactEmail]],
    ]);
  });

  it('a code that does not arrive: the address is asked again', async () => {
    const client = flowClient(makeDialog());
    await converse(client, [...TO_FORM.slice(0, 3), [v.notReceivedButton, [r.otherContact, r.askContactEmail]]]);
  });

  it('three wrong codes end the flow', async () => {
    const client = flowClient(makeDialog());
    await converse(client, [...TO_FORM.slice(0, 3), ['000000', [v.wrongCode(2), v.askCode]], ['000001', [v.wrongCode(1), v.askCode]], ['000002', [v.codeLocked, r.lockedEnd]]]);
    expectEnded(client, { outcome: 'failed', reason: 'code-locked' });
  });

  it('the account can come from a parent flow', async () => {
    const client = flowClient(makeDialog(), { account: 'jiro@example.com' });
    await converse(client, [['始める', [r.intro, r.askContactEmail]]]);
  });
});

describe('RecoveryDialog: validation of each field', () => {
  const rows = [
    ['lastName', [] as Turn[], '123', messages.flowInputs.name, fl.lastName.prompt],
    ['birthDate', ACCOUNT_SECTION.slice(0, 2), '1990/2/30', messages.flowInputs.dateInvalid, fl.birthDate.prompt],
    ['prefecture', ACCOUNT_SECTION.slice(0, 4), 'ニューヨーク州', messages.flowInputs.prefecture, fl.prefecture.prompt],
    ['postalCode', ACCOUNT_SECTION.slice(0, 5), '12-345', messages.flowInputs.postalCode, fl.postalCode.prompt],
    ['recentRecipients', [...ACCOUNT_SECTION, ...MAIL_SECTION.slice(0, 2)], '花子さん', messages.flowInputs.recipients, fl.recentRecipients.prompt],
  ] as const;

  it.each(rows)('%s: says what is wrong; three bad answers end politely', async (_key, before, bad, error, prompt) => {
    const client = flowClient(makeDialog());
    await converse(client, [...TO_FORM, ...before, [bad, [error, prompt]], [bad, [error, prompt]], [bad, [f.tooManyTries]]]);
    expectEnded(client, { outcome: 'failed', reason: 'too-many-tries' });
  });

  it.each([
    ['xboxCardLast5', [] as Turn[], 'abc', messages.flowInputs.xboxLast5, fl.xboxCardLast5.prompt],
    ['cardLast4', [['AB1CD', [fl.cardHolderName.prompt]], ['JIRO YAMADA', [fl.cardLast4.prompt]]] as Turn[], '12', messages.flowInputs.cardLast4, fl.cardLast4.prompt],
    ['cardExpiry', [['AB1CD', [fl.cardHolderName.prompt]], ['JIRO YAMADA', [fl.cardLast4.prompt]], ['4321', [fl.cardExpiry.prompt]]] as Turn[], '13/27', messages.flowInputs.expiry, fl.cardExpiry.prompt],
  ] as const)('billing %s: says what is wrong', async (_key, before, bad, error, prompt) => {
    const client = flowClient(makeDialog());
    await converse(client, [...TO_FORM, ...ACCOUNT_SECTION, ...MAIL_SECTION, [r.yesButton, [r.sectionTitles.billing, fl.xboxCardLast5.prompt]], ...before, [bad, [error, prompt]]]);
  });
});

describe('RecoveryDialog: interruptions', () => {
  const steps: readonly (readonly [string, readonly Turn[], string, string])[] = [
    ['account', TO_FORM.slice(0, 1), r.askAccount, v.help.account],
    ['contactEmail', TO_FORM.slice(0, 2), r.askContactEmail, r.help.contactEmail],
    ['code', TO_FORM.slice(0, 3), v.askCode, v.help.code],
    ['lastName', TO_FORM, fl.lastName.prompt, fl.lastName.help],
    ['firstName', [...TO_FORM, ...ACCOUNT_SECTION.slice(0, 1)], fl.firstName.prompt, fl.firstName.help],
    ['hasBilling', [...TO_FORM, ...ACCOUNT_SECTION, ...MAIL_SECTION], r.askHasBilling, r.help.hasBilling],
    ['confirm', [...TO_FORM, ...ACCOUNT_SECTION, ...MAIL_SECTION, [r.noBillingButton, [r.summaryTitle]]], r.askConfirm, r.help.confirm],
  ];

  it.each(steps)('cancel at %s', async (step, before) => {
    const client = flowClient(makeDialog());
    await converse(client, [...before, ['中止', [f.cancelled(messages.flowTitles.recoverAccount)]]]);
    expectEnded(client, { outcome: 'cancelled', flow: 'recoverAccount', step });
  });

  it.each(steps)('ヘルプ at %s', async (_step, before, prompt, help) => {
    const client = flowClient(makeDialog());
    await converse(client, [...before, ['ヘルプ', [help, prompt]]]);
  });

  it.each(steps)('a person request at %s', async (step, before) => {
    const client = flowClient(makeDialog());
    await converse(client, [...before, ['オペレーター', [f.handoffRequested]]]);
    expectEnded(client, { outcome: 'handoff-requested', step });
  });

  it.each(steps.filter(([s]) => !['lastName', 'firstName'].includes(s)))('a FAQ question at %s', async (_step, before, prompt) => {
    const client = flowClient(makeDialog());
    await converse(client, [...before, [FAKE_FAQ_ENTRY.question, [FAKE_FAQ_ENTRY.answer, f.backToStep, prompt]]]);
  });

  it('最初から at the form', async () => {
    const client = flowClient(makeDialog());
    await converse(client, [...TO_FORM, ['最初から', [f.restarted, r.intro, r.askAccount]]]);
  });
});

describe('RecoveryDialog: back end and state', () => {
  it('submit while the back end is down: nothing typed is lost, もう一度 submits', async () => {
    const client = flowClient(makeDialog());
    await converse(client, [...TO_FORM, ...ACCOUNT_SECTION, ...MAIL_SECTION, [r.noBillingButton, [r.summaryTitle]]]);
    adapter.failNext('submitRecoveryRequest');
    await converse(client, [[r.sendButton, [f.backendDown]], ['もう一度', [r.submitted(FAKE_TICKET)]]]);
    expect(adapter.submitted[0]).toMatchObject({ lastName: '山田', postalCode: '123-4567' });
  });

  it('verifying the contact while the back end is down', async () => {
    adapter.failNext('verifyRecoveryContact');
    const client = flowClient(makeDialog());
    await converse(client, [...TO_FORM.slice(0, 2), ['jiro.home@example.org', [f.backendDown]], ['もう一度', [r.contactCodeSent, v.askCode]]]);
  });

  it('state holds the answers only while the flow runs', async () => {
    const memory: Record<string, string> = {};
    const client = new DialogTestClient('test', makeDialog(), undefined, [], new ConversationState(new MemoryStorage(memory)));
    await converse(client, [...TO_FORM, ...ACCOUNT_SECTION]);
    expect(JSON.stringify(memory)).toContain('山田');
    await say(client, 'キャンセル');
    expect(JSON.stringify(memory)).not.toMatch(/山田|jiro|123-4567/);
  });
});

describe('RecoveryDialog: as people type', () => {
  const cases: readonly (readonly [name: string, turns: readonly Turn[], end: Record<string, unknown>])[] = [
    [
      'both names at the 姓 prompt skip the 名 prompt (said so); dates, kana and 〒 in their own forms; yes in words',
      [
        [START, [r.intro, r.askAccount]],
        ['アカウントは jiro@example.com です', [r.askContactEmail]],
        ['連絡先は jiro.home@example.org でお願いします', [r.contactCodeSent, v.askCode]],
        [`コードは${FAKE_CODE}です`, [r.sectionTitles.account, fl.lastName.prompt]],
        ['山田 次郎です', [r.bothNames, fl.birthDate.prompt]],
        ['H2.1.2', [fl.country.prompt]],
        ['にほん', [fl.prefecture.prompt]],
        ['とうきょう', [fl.postalCode.prompt]],
        ['〒１００－０００１', [r.sectionTitles.mail, fl.recentSubjects.prompt]],
        ['覚えてないです', [r.skipReminder, fl.folderNames.prompt]],
        ['作ってないです', [fl.recentRecipients.prompt]],
        ['わかりません', [r.skipReminder, r.askHasBilling]],
        ['登録してないです', [r.summaryTitle]],
        ['はい、それで送ってください', [r.submitted(FAKE_TICKET)]],
      ],
      { outcome: 'completed', flow: 'recoverAccount' },
    ],
    [
      'a question about the step gets its help, not a strike; a correction named in words',
      [
        ...TO_FORM,
        ['姓って漢字で書くんですか？', [fl.lastName.help, fl.lastName.prompt]],
        ['山田', [fl.firstName.prompt]],
        ['次郎', [fl.birthDate.prompt]],
        ['S65.1.1', [messages.flowInputs.dateInvalid, fl.birthDate.prompt]],
        ['平成2年1月2日', [fl.country.prompt]],
        ['日本', [fl.prefecture.prompt]],
        ['東京', [fl.postalCode.prompt]],
        ['1000001', [r.sectionTitles.mail, fl.recentSubjects.prompt]],
        ['スキップ', [r.skipReminder, fl.folderNames.prompt]],
        ['スキップ', [r.skipReminder, fl.recentRecipients.prompt]],
        ['スキップ', [r.skipReminder, r.askHasBilling]],
        ['いいえ', [r.summaryTitle]],
        ['郵便番号を直したい', [r.sectionTitles.account, fl.lastName.prompt]],
      ],
      { outcome: undefined },
    ],
    [
      'やっぱりやめておきます in the middle stops the flow',
      [...TO_FORM, ['やっぱりやめておきます', [f.cancelled(messages.flowTitles.recoverAccount)]]],
      { outcome: 'cancelled', flow: 'recoverAccount', step: 'lastName' },
    ],
  ];
  it.each(cases)('%s', async (_name, turns, end) => {
    const client = flowClient(makeDialog());
    await converse(client, turns);
    if (end.outcome === undefined) expectWaiting(client);
    else expectEnded(client, end);
  });
});
