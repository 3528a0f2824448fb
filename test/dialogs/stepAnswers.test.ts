import { describe, expect, it } from 'vitest';
import { messages } from '../../dialogs/messages';
import {
  parseAccountAnswer,
  parseCodeAnswer,
  parseCodeMethod,
  parseConfirm,
  parseContact,
  parseContactEmail,
  parseHasBilling,
  parsePhoneAnswer,
  parseRecoveryCodeAnswer,
  parseRemembersSecret,
  parseSecretQuestionAnswer,
  prefillCodeMethod,
  prefillContact,
  prefillPhone,
} from '../../dialogs/flows/stepAnswers';

/**
 * What each flow step makes of replies as people type them. The recognizers underneath
 * have their own tables (test/dialogs/understanding/); these check each step's decision,
 * including near misses that must be asked again (refused) rather than taken.
 */

const v = messages.verification;
const refused = (error: string) => ({ ok: false, error });
const accepted = (value: unknown) => ({ ok: true, value });

describe('parseAccountAnswer', () => {
  it.each([
    ['taro@example.com', 'taro@example.com'],
    ['アカウントは taro@example.com です', 'taro@example.com'],
    ['ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'taro@example.com'],
    ['Taro@Example.COM でお願いします', 'taro@example.com'],
    ['メールアドレスは「taro@example.com」です。', 'taro@example.com'],
    ['080-9876-5432', '08098765432'],
    ['電話番号の０８０ー９８７６ー５４３２でサインインしてます', '08098765432'],
    ['taro_yamada', 'taro_yamada'],
    ['スカイプ名の taro_yamada です', 'taro_yamada'],
  ])('%j → %j', (text, value) => {
    expect(parseAccountAnswer(text)).toEqual(accepted(value));
  });
  it.each(['わかりません', 'たろう', 'パスワードを忘れました', '12'])('refuses %j', (text) => {
    expect(parseAccountAnswer(text)).toEqual(refused(messages.flowInputs.account));
  });
});

describe('parseCodeMethod', () => {
  it.each([
    [v.methodEmail, 'email'],
    [v.methodSms, 'sms'],
    [v.methodApp, 'app'],
    [v.methodNone, 'none'],
    ['SMSで', 'sms'],
    ['ｓｍｓでお願いします', 'sms'],
    ['ショートメールで', 'sms'],
    ['携帯電話のショートメールでお願いいたします', 'sms'],
    ['スマホに送ってください', 'sms'],
    ['電話番号のほうで', 'sms'],
    ['Eメールにください', 'email'],
    ['メールでお願いします', 'email'],
    ['予備のメールアドレスに送っていただけますか', 'email'],
    ['別のアドレスで', 'email'],
    ['アプリで', 'app'],
    ['認証アプリを使います', 'app'],
    ['Authenticator', 'app'],
    ['2', 'sms'],
    ['３番', 'app'],
    ['最初の', 'email'],
    ['どれも使えないです', 'none'],
    ['どれも無理', 'none'],
    ['メールも携帯もアプリも無理です', 'none'],
    ['全部使えません', 'none'],
    ['メールもSMSもアプリも全部ダメ', 'none'],
    ['スマホのアプリで', 'app'],
    ['スマホに入っている認証のアプリがあります', 'app'],
    ['携帯にSMSで送ってくれへん?', 'sms'],
    ['認証アプリ入れてるからそっちでいける？', 'app'],
    ['よびのメアドにおくってください', 'email'],
  ])('%j → %j', (text, value) => {
    expect(parseCodeMethod(text)).toEqual(accepted(value));
  });
  it('asks which one when two are named', () => {
    expect(parseCodeMethod('メールかSMSで')).toEqual(refused(v.methodWhich([v.methodEmail, v.methodSms])));
  });
  it.each(['はい', 'よろしく', 'taro@example.com', 'SMSは使えない'])('asks again for %j', (text) => {
    expect(parseCodeMethod(text)).toEqual(refused(v.methodExpected));
  });
});

describe('parseContact', () => {
  it.each([
    ['taro.backup@example.net', 'email', { kind: 'contact', contact: 'taro.backup@example.net' }],
    ['予備のアドレスは taro.backup@example.net です', 'email', { kind: 'contact', contact: 'taro.backup@example.net' }],
    ['090-1234-5678', 'phone', { kind: 'contact', contact: '09012345678' }],
    ['番号は０９０１２３４５６７８です', 'phone', { kind: 'contact', contact: '09012345678' }],
    ['その携帯はもう使っていません', 'phone', { kind: 'none' }],
    ['そのアドレスは持っていないです', 'email', { kind: 'none' }],
  ] as const)('%j (expects %s) → %j', (text, expects, value) => {
    expect(parseContact(text, { expects })).toEqual(accepted(value));
  });
  it('says an e-mail is expected when a phone number comes', () => {
    expect(parseContact('090-1234-5678', { expects: 'email' })).toEqual(refused(v.expectedEmail));
  });
  it('says a phone is expected when an e-mail comes', () => {
    expect(parseContact('taro@example.com', { expects: 'phone' })).toEqual(refused(v.expectedPhone));
  });
  it('asks again for words without a contact', () => {
    expect(parseContact('えっと', { expects: 'phone' })).toEqual(refused(v.contactExpected));
  });
});

describe('parseContactEmail', () => {
  it('takes the address inside a sentence', () => {
    expect(parseContactEmail('連絡先は jiro.personal@example.org でお願いします', {})).toEqual(accepted('jiro.personal@example.org'));
  });
  it('refuses the account itself', () => {
    expect(parseContactEmail('JIRO@example.com', { differentFrom: 'jiro@example.com' })).toEqual(refused(messages.recovery.sameAsAccount));
  });
});

describe('parsePhoneAnswer', () => {
  it.each([
    ['080-9876-5432', { kind: 'phone', phone: '08098765432' }],
    ['携帯は080 9876 5432です', { kind: 'phone', phone: '08098765432' }],
    ['+81 80-9876-5432', { kind: 'phone', phone: '08098765432' }],
    [messages.unblock.noPhoneButton, { kind: 'none' }],
    ['携帯を持っていません', { kind: 'none' }],
    ['スマホがないです', { kind: 'none' }],
    ['いま手元にありません', { kind: 'none' }],
    ['携帯は解約しました', { kind: 'none' }],
  ])('%j → %j', (text, value) => {
    expect(parsePhoneAnswer(text)).toEqual(accepted(value));
  });
  it.each(['1234', 'はい'])('asks again for %j', (text) => {
    expect(parsePhoneAnswer(text)).toEqual(refused(messages.flowInputs.phone));
  });
});

describe('parseCodeAnswer', () => {
  it.each([
    ['123456', { kind: 'code', code: '123456' }],
    ['１２３ ４５６', { kind: 'code', code: '123456' }],
    ['コードは123456です', { kind: 'code', code: '123456' }],
    ['届きました！ 654321', { kind: 'code', code: '654321' }],
    [v.resendButton, { kind: 'resend' }],
    ['もう一回送ってください', { kind: 'resend' }],
    ['コードが来ないです。もう一回送ってもらえますか', { kind: 'resend' }],
    ['再送お願いします', { kind: 'resend' }],
    [v.notReceivedButton, { kind: 'not-received' }],
    ['まだ届きません', { kind: 'not-received' }],
    ['来ないんですけど', { kind: 'not-received' }],
    ['届いておりません', { kind: 'not-received' }],
  ])('%j → %j', (text, value) => {
    expect(parseCodeAnswer(text)).toEqual(accepted(value));
  });
  it.each(['12345', '1234567', 'はい'])('asks again for %j', (text) => {
    expect(parseCodeAnswer(text)).toEqual(refused(messages.flowInputs.code));
  });
});

describe('parseRecoveryCodeAnswer', () => {
  it.each([
    ['ABCDE-12345-FGHIJ-67890-KLMNP', { kind: 'code', code: 'ABCDE-12345-FGHIJ-67890-KLMNP' }],
    ['コードは abcde12345fghij67890klmnp です', { kind: 'code', code: 'ABCDE-12345-FGHIJ-67890-KLMNP' }],
    [v.noRecoveryCodeButton, { kind: 'none' }],
    ['持ってないです', { kind: 'none' }],
    ['そんなの知らない', { kind: 'none' }],
    ['保管していません', { kind: 'none' }],
  ])('%j → %j', (text, value) => {
    expect(parseRecoveryCodeAnswer(text)).toEqual(accepted(value));
  });
});

describe('parseRemembersSecret', () => {
  it.each([
    ['はい', 'yes'],
    ['ええ、大丈夫です', 'yes'],
    ['覚えてます！', 'yes'],
    ['うん', 'yes'],
    ['覚えていない', 'no'],
    ['いや、わからないです', 'no'],
    ['うーん、覚えてないかも', 'no'],
    ['忘れました', 'no'],
    ['いいえ', 'no'],
  ])('%j → %j', (text, value) => {
    expect(parseRemembersSecret(text)).toEqual(accepted(value));
  });
  it('asks again for a question', () => {
    expect(parseRemembersSecret('秘密の質問って何？')).toEqual(refused(messages.flowInputs.yesNo));
  });
});

describe('parseSecretQuestionAnswer', () => {
  it.each([
    ['ポチ', { kind: 'answer', answer: 'ポチ' }],
    ['ポチです', { kind: 'answer', answer: 'ポチ' }],
    ['答えは「ポチ」です', { kind: 'answer', answer: 'ポチ' }],
    ['忘れました', { kind: 'forgot' }],
    ['覚えてないです', { kind: 'forgot' }],
  ])('%j → %j', (text, value) => {
    expect(parseSecretQuestionAnswer(text)).toEqual(accepted(value));
  });
});

describe('parseHasBilling', () => {
  it.each([
    ['はい', 'yes'],
    ['はい、クレジットカードを登録しています', 'yes'],
    ['登録しています', 'yes'],
    [messages.recovery.noBillingButton, 'no'],
    ['登録してないです', 'no'],
    ['ないです', 'no'],
    ['いいえ', 'no'],
    ['してません', 'no'],
  ])('%j → %j', (text, value) => {
    expect(parseHasBilling(text)).toEqual(accepted(value));
  });
});

describe('parseConfirm', () => {
  const rc = messages.recovery;
  it.each([
    [rc.sendButton, 'send'],
    ['はい、それで送ってください', 'send'],
    ['ええ、間違いありません', 'send'],
    ['この内容でお願いします', 'send'],
    ['大丈夫です', 'send'],
    [rc.editButtons.account, 'edit-account'],
    ['名前を直したい', 'edit-account'],
    ['生年月日を修正したいです', 'edit-account'],
    ['メールの情報を直したい', 'edit-mail'],
    ['カードの情報を訂正', 'edit-billing'],
  ])('%j → %j', (text, value) => {
    expect(parseConfirm(text)).toEqual(accepted(value));
  });
  it.each(['修正したい', 'いいえ'])('asks which section for %j', (text) => {
    expect(parseConfirm(text)).toEqual(refused(rc.confirmWhich));
  });
});

describe('self-corrections: the corrected value wins', () => {
  it.each([
    [parseAccountAnswer('hanako@example.jp…あ、違う、hanako@example.com でした'), 'hanako@example.com'],
    [parseAccountAnswer('アカウントは…taro@example.com、だったかな。はい、たぶんそれです'), 'taro@example.com'],
    [parseCodeMethod('じゃあメールで…あ、間違えました、SMSのほうでお願いします'), 'sms'],
    [parseCodeMethod('SMSじゃなくてメールで'), 'email'],
    [parsePhoneAnswer('090-0000-0000、いや間違えました、080-9876-5432 です'), { kind: 'phone', phone: '08098765432' }],
  ])('%# → %j', (read, value) => {
    expect(read).toEqual(accepted(value));
  });
  it('the same code said twice is one code', () => {
    expect(parseCodeAnswer('123456…ですかね、はい、123456 です')).toEqual(accepted({ kind: 'code', code: '123456' }));
  });
  it('two different codes are not a code', () => {
    expect(parseCodeAnswer('123456 か 654321 のどちらか')).toEqual(refused(messages.flowInputs.code));
  });
});

describe('answers given in the first message (prefill): only what it clearly gives', () => {
  it.each([
    ['パスワードを忘れました。アカウントは taro@example.com で、コードはSMSで受け取りたいです', 'sms'],
    ['メールに送ってください', 'email'],
    ['認証アプリでお願いします', 'app'],
  ])('method from %j → %s', (said, method) => {
    expect(prefillCodeMethod(said)).toBe(method);
  });
  it.each([
    '先月スマホを機種変更したら、以前使っていた認証アプリが引き継げておらず、パスワードも思い出せません',
    'パスワードを忘れました',
    'SMSは使えないので別の方法で送ってください',
  ])('no method from %j', (said) => {
    expect(prefillCodeMethod(said)).toBeUndefined();
  });
  it('a phone number, never "no phone", for the unblock code', () => {
    expect(prefillPhone('hanako@example.com がブロックされたので解除をお願いします。SMSは 080-9876-5432 に送ってください')).toEqual({ kind: 'phone', phone: '08098765432' });
    expect(prefillPhone('あかうんとが ぶろっく されたと でて はいれません')).toBeUndefined();
  });
  it('the account address is not a backup address', () => {
    expect(prefillContact('taro@example.com のパスワードを忘れました。メールで送ってください', { expects: 'email', differentFrom: 'taro@example.com' })).toBeUndefined();
    expect(prefillContact('予備の taro.backup@example.net に送ってください', { expects: 'email', differentFrom: 'taro@example.com' })).toEqual({ kind: 'contact', contact: 'taro.backup@example.net' });
  });
});
