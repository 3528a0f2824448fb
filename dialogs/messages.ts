/**
 * Every piece of Japanese text the user sees, in one place, keyed by name.
 * Dialog code never holds user-facing literals: support staff review and edit wording here.
 */

export const BOT_NAME = 'マドグチ';

export const messages = {
  welcome: {
    text:
      `こんにちは、Microsoft アカウントのサポート窓口「${BOT_NAME}」です。\n\n` +
      'パスワードを忘れた、アカウントがブロックされた、アカウントを削除したいなど、Microsoft アカウントについてのご質問にお答えします。' +
      'パスワードのリセット、ブロックの解除、アカウントの復元は、この画面で手順をご案内できます。\n\n' +
      'ご質問を自由に入力するか、下の例からお選びください。',
    examples: ['パスワードを忘れてしまいました', 'アカウントがブロックされました', 'Microsoft アカウントを削除したい'],
  },
  greeting: 'こんにちは。Microsoft アカウントについて、ご質問をどうぞ。',
  thanks: 'どういたしまして。ほかにもご不明な点があれば、いつでもお尋ねください。',
  help: {
    text:
      `${BOT_NAME}は Microsoft アカウントについてのよくあるご質問にお答えします。\n\n` +
      '- 「パスワードを忘れた」のように、困っていることをそのまま入力してください。\n' +
      '- パスワードのリセット、ブロックの解除、アカウントの復元は、手順に沿ってご案内します。\n' +
      '- 手続きの途中では「キャンセル」で中止、「ヘルプ」でその手順の説明が表示されます。\n\n' +
      '※ パスワードやクレジット カード番号は、このチャットに入力しないでください。',
  },
  answer: {
    /** Title line above an answer. */
    title: (question: string) => `**${question}**`,
    relatedPrompt: '関連する質問:',
    startFlowButton: (flowTitle: string) => `${flowTitle}を始める`,
  },
  clarify: {
    text: 'もしかして、次のどれかについてのご質問でしょうか？ 近いものをお選びください。',
    noneOfThese: 'どれでもない',
    noneOfTheseReply: '失礼しました。お困りの内容を、別の言葉で詳しく教えていただけますか？（例:「サインインしようとするとブロックされたと表示される」）',
  },
  abstain: {
    text:
      '申し訳ありません。そのご質問には、確実にお答えできる情報が見つかりませんでした。\n\n' +
      '言い換えていただくとお答えできるかもしれません。たとえば「何をしようとして」「どんな表示が出たか」を一文で入力してください。\n\n' +
      'このチャットでお手伝いできるのは、Microsoft アカウントの次のような内容です:',
    topics: ['パスワードを忘れた', 'アカウントがブロックされた', 'アカウントを復元したい', 'アカウント名を忘れた', 'アカウントを削除したい', 'セキュリティ情報を変更したい'],
  },
  flowTitles: {
    passwordReset: 'パスワードのリセット',
    unblockAccount: 'アカウントのブロック解除',
    recoverAccount: 'アカウントの復元',
  },
  /** Shown when an entry's guided flow is not available in this deployment. */
  flowUnavailable: (flowTitle: string) =>
    `${flowTitle}の手続きは、いまこのチャットではご案内できません。上の回答の手順に沿ってお手続きください。`,
  tooLong: '入力が長すぎるため、最初の部分だけを読み取りました。ご質問は短くまとめていただけると助かります。',
  nonText: '申し訳ありません。文字でご質問を入力してください。画像やファイルの内容は読み取れません。',
  turnError: '申し訳ありません。システムで問題が発生したため、会話を最初からやり直します。お手数ですが、もう一度ご質問ください。',
} as const;

export type FlowName = keyof typeof messages.flowTitles;
