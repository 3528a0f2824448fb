import { describe, expect, it } from 'vitest';
import type { FlowName } from '../../../dialogs/domain';
import type { FaqDecision } from '../../../dialogs/ports';
import {
  abstentionKind,
  asksAboutWaiting,
  asksForPerson,
  choiceWords,
  isWish,
  OFF_TOPIC_MAX_COVERAGE,
  recognizeIntent,
  wishAboutThat,
  wishForFlow,
  type RootIntent,
} from '../../../dialogs/understanding/intents';

/** Polite, casual, keigo, kana, half-width, full-width, typos: at least 20 per flow. */
const passwordReset = [
  'パスワードをリセットしたい',
  'パスワードをリセットしたいです',
  'パスワードのリセットをお願いします',
  'パスワードを再設定したい',
  'パスワードを再設定してください',
  'パスワードをリセットしてほしい',
  'パスワードをリセットしてもらえますか',
  'パスワードのリセットをしていただけますか？',
  'パスワード リセットして',
  'ぱすわーどりせっとしたい',
  'ﾊﾟｽﾜｰﾄﾞをﾘｾｯﾄしたい',
  'ＰＷをリセットしたい',
  'パスワードリセット',
  'パスワード再設定お願いします',
  'パスワードを忘れたのでリセットしたい',
  'パスワードをリセトしたい',
  'パスワドをリセットしたいです',
  'パスワードを今すぐリセットしたい！',
  'パスワードを初期化したい',
  'パスワードの再発行をお願いしたいのですが',
  'パスワードをリセットさせてください',
  'password をリセットしたい',
  'パスワードのリセットを希望します',
  'パスワードをリセットしたいんですけど',
  'password wasureta. reset shitai',
  'pasuwaado wasureta... reset shitai desu',
  'パスワード分かんなくなった。変えたい',
];

const unblockAccount = [
  'アカウントのロックを外したい',
  'アカウントのブロックを解除したい',
  'ブロックを解除してください',
  'ブロック解除お願いします',
  'ブロック解除',
  'ロックを解除してほしい',
  'アカウントの凍結を解除してください',
  'ロックを外してもらえますか',
  'ブロックされたので解除してほしい',
  'あかうんとのぶろっくをかいじょしたい',
  'ｱｶｳﾝﾄのﾌﾞﾛｯｸを解除したい',
  'アカウントのブロックをすぐに解除したいです',
  'ブロックを解いてほしい',
  'サインインの制限を解除したい',
  'ロックアウトを解除してください',
  'アカウントのロック解除をお願いします',
  'ブロックを外して下さい',
  'アカウントが停止されたので解除してほしい',
  'ブロク解除したい',
  'アカウントのブロックを解除していただけますか',
  'ロック解除して！',
  'ブロックされたアカウントを元に戻したい',
];

const recoverAccount = [
  'アカウントを取り戻したい',
  'アカウントを復元したい',
  'アカウントを回復してほしい',
  'アカウントの復旧をお願いします',
  '乗っ取られたアカウントを取り戻したい',
  'アカウント復元',
  'アカウントを復活させたい',
  'マイクロソフトアカウントを取り戻したいです',
  'あかうんとをとりもどしたい',
  'ｱｶｳﾝﾄを取り戻したい',
  'アカウントを復元してもらえますか',
  'アカウントを何とか取り戻したい',
  'Microsoft アカウントの回復をお願いしたいです',
  'アカウントを取り返したい',
  '復元フォームを送りたい',
  '本人確認のフォームを出したい',
  'アカウントを復旧してください',
  'アカウント取り戻して！',
  'のっとられたアカウントをとりもどしたいです',
  'アカウントの回復を希望します',
  'MSアカウントを復元したい',
];

/** With the request number (as typed: alone, in a question, lower case, full-width) or without (the flow asks). */
const recoveryStatus: [text: string, ticketId: string | undefined][] = [
  ['RR-7K3MQXAB', 'RR-7K3MQXAB'],
  ['rr-7k3mqxab', 'RR-7K3MQXAB'],
  ['ＲＲ－７Ｋ３ＭＱＸＡＢ', 'RR-7K3MQXAB'],
  ['RR-7K3MQXABはどうなってますか', 'RR-7K3MQXAB'],
  ['RR-7K3MQXAB の状況を教えて', 'RR-7K3MQXAB'],
  ['受付番号 RR-7K3MQXAB です', 'RR-7K3MQXAB'],
  ['復旧リクエストの状況 RR-7K3MQXAB', 'RR-7K3MQXAB'],
  ['RR7K3MQXAB の結果', 'RR-7K3MQXAB'],
  ['復旧リクエストの状況', undefined],
  ['復旧リクエストの結果を知りたい', undefined],
  ['復元リクエストの状況を確認したい', undefined],
  ['復旧の状況', undefined],
  ['アカウントの復元状況を知りたい', undefined],
  ['復旧リクエストはどうなりましたか', undefined],
  ['復元の申請はどうなっていますか', undefined],
  ['ふっきゅうりくえすとのじょうきょう', undefined],
  ['復旧リクエストのステータスを確認したい', undefined],
  ['復旧申請の結果はまだですか', undefined],
  ['復元リクエストの審査結果を教えてください', undefined],
  ['復旧リクエストの進捗を教えてください', undefined],
  ['私の復旧リクエスト、どうなってます？', undefined],
];

const person = [
  'オペレーターと話したい',
  'オペレーターにつないでください',
  '担当者につないでください',
  '担当者と話したいです',
  '担当の方をお願いします',
  '人と話したい',
  '人間と話せますか',
  '人に代わってください',
  '有人対応をお願いします',
  '誰かと話したい',
  '電話で相談したい',
  'サポートの人と話したい',
  'スタッフに代わって',
  '窓口の方と話したい',
  'ｵﾍﾟﾚｰﾀｰ',
  '人間のサポートをお願いします',
  '生身の人と話したい',
  'コールセンターにつないで',
  'talk to a human',
  'I want a real person',
  '担当者と話す',
  'パスワードをリセットしたいので担当者につないで',
  'ええ、つないでください',
];

/** Near misses: questions about how a flow works, other topics, statements. They stay FAQ questions. */
const notIntents = [
  'パスワードのリセット方法を教えて',
  'パスワードをリセットするにはどうすればいいですか',
  'パスワードはリセットできますか',
  'パスワードを忘れたときの手順は？',
  'パスワードを忘れました',
  // Changing a known password is done in the account settings: not the reset flow.
  'パスワードを変更したい',
  'パスワードを変えたい',
  'パスワードをリセットしたくない',
  'パスワードをリセットしたのにサインインできない',
  'ブロックされたらどうすればいい？',
  'アカウントがブロックされました',
  'ブロック解除のやり方を知りたい',
  'ロック画面の壁紙を変えたい',
  'スマホのロックを解除したい',
  'iPhoneの画面ロックを外したい',
  '友達のブロックを解除したい',
  'アカウントを削除したい',
  '削除したアカウントを復活させたい',
  'アカウントの回復用コードを使いたい',
  'アカウントを取り戻す方法を知りたい',
  '復旧リクエストの結果はいつ届きますか',
  '復旧リクエストの送り方',
  '電話番号を変更したい',
  '別の人のアカウントを削除したい',
  // Quoted words are someone else's: the recovery result mail says 「パスワードをリセットしてください」.
  '「アカウントが確認されました。パスワードをリセットしてください」というメールが届きました',
  'こんにちは',
  '',
];

const flow = (name: FlowName, ticketId?: string): RootIntent => (ticketId ? { kind: 'flow', flow: name, ticketId } : { kind: 'flow', flow: name });

describe('recognizeIntent', () => {
  it.each(passwordReset)('「%s」 starts the password reset', (text) => expect(recognizeIntent(text)).toEqual(flow('passwordReset')));
  it.each(unblockAccount)('「%s」 starts the unblock', (text) => expect(recognizeIntent(text)).toEqual(flow('unblockAccount')));
  it.each(recoverAccount)('「%s」 starts the recovery', (text) => expect(recognizeIntent(text)).toEqual(flow('recoverAccount')));
  it.each(recoveryStatus)('「%s」 asks for the status of a recovery request (%s)', (text, ticketId) => expect(recognizeIntent(text)).toEqual(flow('recoveryStatus', ticketId)));
  it.each(person)('「%s」 asks for a person', (text) => expect(recognizeIntent(text)).toEqual({ kind: 'person' }));
  it.each(notIntents)('「%s」 is no intent (a FAQ question or small talk)', (text) => expect(recognizeIntent(text)).toBeUndefined());

  it('recognizes the flows’ own start buttons', () => {
    expect(recognizeIntent('パスワードのリセットを始める')).toEqual(flow('passwordReset'));
    expect(recognizeIntent('復旧リクエストの状況の確認を始める')).toEqual(flow('recoveryStatus'));
  });

  it('the table sizes meet the issue’s floor', () => {
    for (const table of [passwordReset, unblockAccount, recoverAccount, recoveryStatus, person]) expect(table.length).toBeGreaterThanOrEqual(20);
  });
});

describe('isWish', () => {
  it.each([
    'アカウントを取り戻したい',
    'ロックを外してほしい',
    'リセットしてください',
    '解除してもらえますか？',
    'お願いできますか',
    '復元をお願いします',
    'パスワードを忘れたので助けてほしい',
    'なんとかしてください',
    'ブロックを解除して下さい',
    'リセットしといて',
    'やりたいです',
    'いつもパスワードを忘れるのでリセットしたい',
  ])('「%s」 is a wish', (text) => expect(isWish(text)).toBe(true));

  it.each([
    'ブロックされたらどうすればいい？',
    'パスワードを忘れたときの手順は？',
    'リセット方法を教えてください',
    'リセットのやり方を知りたい',
    'リセットできますか',
    'パスワードを忘れました',
    'アカウントがブロックされた',
    'リセットしたくない',
    '復元にはどのくらいかかりますか',
    'アカウントを取り戻すには？',
    '解除の仕方は',
    'パスワードって何文字までですか',
    '「パスワードをリセットしてください」ってメールが来た',
  ])('「%s」 is not', (text) => expect(isWish(text)).toBe(false));

  it.each<[string, boolean]>([
    ['では、こちらで手続きをお願いいたします', true],
    ['それでお願いします', true],
    ['その手続きをしたいです', true],
    ['ここでやってほしい', true],
    ['アカウントを削除したい', false],
    ['その手順を教えてください', false],
  ])('wishAboutThat(%s) = %s', (text, expected) => expect(wishAboutThat(text)).toBe(expected));

  it('wishForFlow refuses what the flow does not do', () => {
    expect(wishForFlow('パスワードを変更したい', 'passwordReset')).toBe(false);
    expect(wishForFlow('パスワードを忘れたので変更したい', 'passwordReset')).toBe(true);
    expect(wishForFlow('ロック画面を解除してほしい', 'unblockAccount')).toBe(false);
    expect(wishForFlow('閉じたアカウントを復活させたい', 'recoverAccount')).toBe(false);
    expect(wishForFlow('なんとかしてほしい', 'recoverAccount')).toBe(true);
  });
});

describe('asksForPerson', () => {
  it.each(person)('「%s」', (text) => expect(asksForPerson(text)).toBe(true));
  it.each(['電話番号を変更したい', 'エージェント', '別の人のアカウントを削除したい', 'サポートに問い合わせたら私のアカウント名を教えてもらえますか？'])('not 「%s」', (text) =>
    expect(asksForPerson(text)).toBe(false),
  );
});

describe('asksAboutWaiting', () => {
  it.each([
    'まだかかりますか？',
    'どうなってますか',
    '担当者からの連絡はまだ？',
    'まだですか',
    'いつ連絡が来ますか',
    'あとどれくらい待てばいいですか',
    '返事がまだ来ません',
    '進捗を教えてください',
    'ずっと待ってるんですけど',
    '受付番号 MDG-20261125-ABCD はどうなってますか',
    'まだ？',
    '結果はまだですか',
    'さっきの申請ってどうなってる？',
  ])('「%s」 asks about a pending handover', (text) => expect(asksAboutWaiting(text)).toBe(true));
  it.each(['パスワードを忘れました', 'まだサインインできない', 'アカウントを削除したい', 'こんにちは', `${'とても長い質問'.repeat(8)}はどうなってますか`])('「%s」 does not', (text) =>
    expect(asksAboutWaiting(text)).toBe(false),
  );
});

describe('abstentionKind', () => {
  const abstain = (fields: Partial<Extract<FaqDecision, { kind: 'abstain' }>>): Extract<FaqDecision, { kind: 'abstain' }> => ({
    kind: 'abstain',
    confidence: 0.05,
    candidates: [{ id: 'forgot-password', score: 0.05 }],
    ...fields,
  });
  it.each<[string, Extract<FaqDecision, { kind: 'abstain' }>, 'off-topic' | 'near-miss']>([
    ['no candidate at all (天気)', abstain({ candidates: [] }), 'off-topic'],
    ['a topic this desk does not handle (Gmail)', abstain({ coverage: 0.3, outOfScopeTopic: true }), 'off-topic'],
    ['hardly a word in common (レストラン)', abstain({ coverage: OFF_TOPIC_MAX_COVERAGE - 0.05 }), 'off-topic'],
    ['some words of the domain', abstain({ coverage: OFF_TOPIC_MAX_COVERAGE }), 'near-miss'],
    ['no coverage reported (a fake FAQ)', abstain({}), 'off-topic'],
  ])('%s → %s', (_name, decision, kind) => expect(abstentionKind(decision)).toBe(kind));
});

describe('choiceWords', () => {
  it('keeps the words that tell one choice from the others', () => {
    expect(choiceWords('パスワードを忘れた?', ['アカウントがブロックされた?'])).toEqual(['パスワード', '忘']);
    expect(choiceWords('アカウントがブロックされた?', ['パスワードを忘れた?'])).toEqual(['ブロック']);
    expect(choiceWords('Microsoft アカウントとメール アドレスはどう違うのですか?', ['Microsoft アカウントを削除するには?'])).toEqual(['メール', 'アドレス', '違']);
  });
});
