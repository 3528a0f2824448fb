/**
 * Every piece of Japanese text the user sees, in one place, keyed by name.
 * Dialog code never holds user-facing literals: support staff review and edit wording here.
 */

import type { FlowName } from './domain';

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
    /** 「いいえ」 right after an answer whose flow was offered. */
    flowNotWanted: 'かしこまりました。ほかにご質問があれば、どうぞ。',
    /** An account name typed with no flow in view: which procedure is it for? */
    whichFlow: 'アカウントを確認しました。どの手続きをご希望ですか？ 下から選ぶか、「パスワードを忘れた」のように入力してください。',
    /** Words that name each flow when the user picks one after whichFlow. */
    flowWords: {
      passwordReset: ['パスワード', 'リセット', '再設定', '忘れた', 'サインインできない'],
      unblockAccount: ['ブロック', 'ロック', '解除', '止められた', '凍結'],
      recoverAccount: ['復元', '取り戻す', '取り戻したい', '復旧', '回復'],
      recoveryStatus: ['状況', '結果', '申請の状況'],
    },
    /** Replies right after an answer with a flow that start it (yes) or turn it down (no), besides はい / いいえ. */
    startFlowWords: {
      yes: [
        'やります', 'やる', 'やってみます', 'やってみる', '始めます', '始める', '始めてください', 'お願いします', 'お願いいたします', 'お願いしたいです',
        'それでお願いします', 'それで', '進めてください', 'お願いできますか', 'してください', '手続きをお願いします', '手続きしたい',
      ],
      no: ['やりません', 'やらない', 'やめておきます', '結構です', '大丈夫です', 'いいです', '不要です'],
    },
  },
  /**
   * A brand-new conversation whose first message answers a step of a flow (a code, 「はい」, an
   * address alone): the flow was lost with the conversation's state (a restart, or idle too long).
   * Read by dialogs/lostFlow.ts (issue 11).
   */
  lostFlow: {
    text:
      '申し訳ありません。お手続きの途中の情報が見つかりませんでした。時間がたったか、サービスが再起動したため、それまでの入力内容が残っていません。\n\n' +
      'いま入力された内容はどこにも送信しておらず、アカウントにも変更は加えていません。お手数ですが、手続きを最初からやり直してください (確認コードが必要な場合は、やり直した手続きの中で新しいコードをお送りします)。\n\n' +
      'どの手続きを始めますか？ 下から選ぶか、「パスワードのリセット」のように入力してください。ほかのご質問は、そのまま入力できます。',
    /** The fourth button: no flow, a question instead (answered with answer.flowNotWanted). */
    somethingElse: 'ほかの質問をする',
    /** Answers to a step that do not hold a value: 「まだ届きません」 (besides the code step's own words). */
    codeTroubleWords: ['まだ届きません', 'まだ届かない', 'まだ来ない', 'まだ来ません', 'コードが来ません', '届いていません', '届いてない', 'コードが届いていません', 'コードが届いてない'],
    /** Words that may come before a value typed on its own (「アカウントは taro@example.com です」). */
    valueLabels: [
      'アカウントは', 'アカウント', 'メールアドレスは', 'メールアドレス', 'メアドは', 'アドレスは', 'メールは', '電話番号は', '電話番号', '携帯番号は', '番号は',
      'skype名は', 'スカイプ名は', 'skypeは', 'ユーザー名は', 'idは', '生年月日は', '生年月日', '誕生日は', '郵便番号は', '郵便番号', '〒',
    ],
    /** Endings that may follow a value typed on its own (「1990年1月2日生まれです」). */
    valueEndings: ['です', 'でした', 'でございます', 'になります', 'でお願いします', 'でお願いいたします', 'お願いします', 'だよ', '生まれ'],
  },
  /** A polite goodbye (「もう大丈夫です」, 「以上です」): never an abstention or a handoff offer (issue 8). */
  closing: {
    text: 'ご利用ありがとうございました。また何かございましたら、いつでもお気軽にお尋ねください。',
    /** Thanks that say the problem is solved (「ありがとう、解決しました！」): the conversation is done. */
    resolved: 'お役に立ててよかったです。ご利用ありがとうございました。また何かございましたら、いつでもお気軽にお尋ねください。',
    /** Whole messages (or parts of one, with thanks) that close the conversation. */
    words: [
      'もう大丈夫', '大丈夫', 'だいじょうぶ', 'とりあえず大丈夫', '大丈夫そう', 'もういい', 'もういいです',
      'やめます', 'やめておきます', 'やめときます', 'やめとく', 'やめておく',
      '以上', '以上です', 'おわり', '終わり', '終わります', 'おしまい', 'またにします', 'また今度にします', 'また今度', 'また来ます', 'またきます', 'また聞きます',
      '失礼します', '失礼しました', '失礼いたします', 'これで失礼します', 'これで失礼いたします', 'これで大丈夫です', 'さようなら', 'さよなら', 'バイバイ', 'bye', 'goodbye', 'おやすみなさい',
      '自分でやってみます', '自分でやります', '自分で試してみます', '様子を見ます', '様子をみます',
    ],
  },
  clarify: {
    text: 'もしかして、次のどれかについてのご質問でしょうか？ 近いものをお選びください。',
    noneOfThese: 'どれでもない',
    noneOfTheseReply: '失礼しました。お困りの内容を、別の言葉で詳しく教えていただけますか？（例:「サインインしようとするとブロックされたと表示される」）',
    /** Typed instead of pressing どれでもない. */
    noneOfTheseWords: ['どれでもない', 'どれでもありません', 'どれも違う', 'どれも違います', '全部違う', '全部違います', 'どれもない', 'この中にはない', 'この中にありません', '違う', '違います', 'ちがう', 'ちがいます', 'いいえ', 'どれも当てはまらない', 'どれも当てはまりません'],
  },
  abstain: {
    /** A question that is not about Microsoft accounts (weather, restaurants, Excel, Gmail): rephrasing would not help. */
    text:
      '申し訳ありません。この窓口では Microsoft アカウントについてのご質問にお答えしているため、そのご質問にはお答えできません。\n\n' +
      'Microsoft アカウントについては、次のような内容をお手伝いできます:',
    /** A question about accounts the bot could not answer with confidence: rephrasing may help. */
    nearMiss:
      '申し訳ありません。そのご質問には、確実にお答えできる情報が見つかりませんでした。\n\n' +
      '言い換えていただくとお答えできるかもしれません。たとえば「何をしようとして」「どんな表示が出たか」を一文で入力してください。',
    /** After nearMiss, above the best candidates. */
    candidatesIntro: '近い内容のご質問はこちらです:',
    /** After nearMiss when there is no candidate, above the topics. */
    topicsIntro: 'このチャットでお手伝いできるのは、Microsoft アカウントの次のような内容です:',
    topics: ['パスワードを忘れた', 'アカウントがブロックされた', 'アカウントを復元したい', 'アカウント名を忘れた', 'アカウントを削除したい', 'セキュリティ情報を変更したい'],
  },
  flowTitles: {
    passwordReset: 'パスワードのリセット',
    unblockAccount: 'アカウントのブロック解除',
    recoverAccount: 'アカウントの復元',
    recoveryStatus: '復旧リクエストの状況の確認',
  } satisfies Record<FlowName, string>,
  /** Shown when an entry's guided flow is not available in this deployment. */
  flowUnavailable: (flowTitle: string) =>
    `${flowTitle}の手続きは、いまこのチャットではご案内できません。上の回答の手順に沿ってお手続きください。`,
  /** The Japanese `message` of the HTTP errors the server answers (400, 401, 429, 500, 503; the inbox's 401). */
  httpErrors: {
    /** 503: the instance is starting (loading the analyzer) or shutting down; another instance or a retry will answer. */
    unavailable: 'ただいまサービスを準備中です。少し待ってから、もう一度お試しください。',
    badActivity: 'リクエストの形式が正しくないため、お答えできませんでした。',
    unauthorized: '認証できなかったため、リクエストを受け付けられませんでした。',
    tooManyRequests: 'リクエストが多すぎます。しばらく待ってから、もう一度お試しください。',
    internal: 'システムで問題が発生したため、お答えできませんでした。',
    inboxRefused: '受信箱を表示できません。ページを再読み込みしてください。',
  },
  tooLong: '入力が長すぎるため、最初の部分だけを読み取りました。ご質問は短くまとめていただけると助かります。',
  nonText: '申し訳ありません。文字でご質問を入力してください。画像やファイルの内容は読み取れません。',
  turnError: '申し訳ありません。システムで問題が発生したため、会話を最初からやり直します。お手数ですが、もう一度ご質問ください。',
  /** Two turns of one conversation ran at once on two instances and this one's save was refused (issue 11): nothing of this message was kept, the conversation goes on. */
  stateConflict: '申し訳ありません。同じ会話に同時に別のメッセージが届いたため、今のメッセージは反映できませんでした。お手数ですが、もう一度送ってください。',
  /** Why an input at a flow step was refused (issue 3; shown before the step's question again). */
  flowInputs: {
    invalid: '入力内容を読み取れませんでした。もう一度入力してください。',
    email: 'メール アドレスの形式ではないようです。「taro@example.com」のように入力してください。',
    phone: '電話番号の形式ではないようです。「090-1234-5678」のように、市外局番や 090 などから入力してください。',
    skype: 'Skype 名の形式ではないようです。英字で始まる 6〜32 文字 (英数字と . , _ -) か、「live:」で始まる名前を入力してください。',
    account: 'Microsoft アカウントとして使っているメール アドレス、電話番号、または Skype 名を入力してください (例: taro@example.com)。',
    code: 'コードは 6 桁の数字です。届いたメッセージに書かれている数字をそのまま入力してください。',
    recoveryCode: '復元用コードは英数字 25 文字です (「XXXXX-XXXXX-XXXXX-XXXXX-XXXXX」の形)。お持ちでない場合は「持っていない」を選んでください。',
    date: '日付として読み取れませんでした。「1990/1/2」「1990年1月2日」「平成2年1月2日」のように入力してください。',
    dateInvalid: 'その日付は存在しないようです。月と日をご確認ください。',
    dateRange: '生年月日として正しい範囲の日付を入力してください。',
    prefecture: '都道府県名として読み取れませんでした。「東京都」「大阪府」「北海道」のように入力してください。',
    postalCode: '郵便番号は 7 桁の数字です。「123-4567」のように入力してください。',
    country: '国または地域の名前を入力してください (例: 日本)。',
    name: 'お名前として読み取れませんでした。数字や記号を含めずに入力してください。',
    list: '少なくとも 1 つ入力してください。複数ある場合は「、」で区切ってください。',
    listTooMany: '入力できるのは 5 つまでです。特に覚えているものを 5 つまで入力してください。',
    listItemTooLong: '1 つの項目は 100 文字以内で入力してください。件名は概要でも結構です。',
    recipients: 'メール アドレスとして読み取れないものがあります。「hanako@example.com、jiro@example.net」のように、アドレスを「、」で区切って入力してください。',
    cardLast4: 'クレジット カード番号の最後の 4 桁 (数字) だけを入力してください。カード番号全体は入力しないでください。',
    xboxLast5: 'Xbox LIVE プリペイド カードの番号の最後の 5 文字 (英数字) を入力してください。',
    cardHolder: 'カードに記載されているとおりのお名前を、ローマ字で入力してください (例: TARO YAMADA)。',
    expiry: '有効期限は「12/27」(月/年) のように入力してください。',
    secretAnswer: '秘密の質問の答えを 100 文字以内で入力してください。',
    ticketId: '受付番号の形式ではないようです。復旧リクエストの受付時にお伝えした番号を入力してください。',
    yesNo: '「はい」か「いいえ」でお答えください。',
  },
  /** What every guided flow says on interruptions and outages (issue 3). */
  flow: {
    help: {
      retry: '手続きの処理を担当するシステムに一時的につながりません。「もう一度」を選ぶと、入力済みの内容のまま同じ処理をやり直します。',
    },
    helpFooter: '手続きの途中では、いつでも次の言葉が使えます: 「キャンセル」(中止)、「最初から」(やり直し)、「担当者と話す」。ご質問を入力すると、お答えしてから手続きに戻ります。',
    retryWords: ['もう一度', 'もういちど', '再試行', 'リトライ', 'retry', 'やり直す'],
    retryExpected: '「もう一度」でやり直すか、「キャンセル」で中止してください。',
    retryButton: 'もう一度',
    personButton: '担当者と話す',
    cancelButton: 'キャンセル',
    backendDown:
      '申し訳ありません。ただいまシステムに接続できないため、手続きを進められません。入力していただいた内容は保持しています。\n\n' +
      'しばらくしてから「もう一度」を選ぶと、続きから再開できます。お急ぎの場合は、担当者におつなぎすることもできます。',
    rateLimited: (seconds: number) => `短い間に何度もお試しいただいたため、いまは受け付けられません。${Math.max(1, Math.ceil(seconds / 60))} 分ほど待ってから「もう一度」を選んでください。`,
    tooManyTries:
      '申し訳ありません。入力内容を確認できなかったため、この手続きはいったん終了します。\n\n' +
      'もう一度最初から始めるか、担当者におつなぎすることもできます。ほかにご質問があれば、そのまま入力してください。',
    cancelled: (flowTitle: string) => `${flowTitle}の手続きを中止しました。入力していただいた内容は破棄しました。ほかにご質問があれば、どうぞ。`,
    handoffRequested: '担当者におつなぎします。手続きは中断しました (入力していただいた内容は破棄しました)。',
    restarted: '最初からやり直します。',
    backToStep: '手続きに戻ります。',
  },
  /** Steps shared by password reset and unblock: codes and recovery codes (seed b., c.). */
  verification: {
    help: {
      account:
        'サインインに使っている Microsoft アカウントを入力してください。メール アドレス、電話番号、Skype 名のどれでも結構です。' +
        'アカウントが存在するかどうかは、セキュリティのためお伝えできません。',
      method: 'アカウントに登録してあるセキュリティ情報のうち、いま使えるものを選んでください。どれも使えない場合は「どれも使えない」を選ぶと、別の方法をご案内します。',
      contact: '登録してあるメール アドレスまたは携帯電話番号を、省略せずにすべて入力してください。セキュリティのため、登録されているかどうかはお伝えしません。',
      code: '届いたメッセージ (認証アプリの場合はアプリの画面) に表示されている 6 桁の数字を入力してください。コードの有効期限は 10 分、入力は 3 回までです。届かない場合は「コードを再送する」か「コードが届かない」を選んでください。',
      recoveryCode: '復元用コードは、以前にアカウントの設定で取得して保管した 25 文字の英数字です。お持ちでない場合は「持っていない」を選んでください。',
    },
    askMethod: '確認コードをどの方法で受け取りますか？',
    methodEmail: '登録済みのメール アドレス',
    methodSms: '登録済みの携帯電話 (SMS)',
    methodApp: '認証アプリ',
    methodNone: 'どれも使えない',
    methodExpected: '下のボタンから、コードを受け取る方法を選んでください。「SMS で」「メールで」のように入力しても結構です。',
    /** Asked when a reply names two methods (「メールかSMS」). */
    methodWhich: (titles: readonly string[]) => `${titles.map((t) => `「${t}」`).join('と')}のどちらで受け取りますか？`,
    /** Words that name each method in a typed reply (the step's buttons are the titles above). */
    methodWords: {
      email: ['メール', 'eメール', 'メールアドレス', 'アドレス', 'メアド', 'email', 'e-mail', 'mail', '予備', 'よび', 'サブ', '別のアドレス', '別のメール', 'バックアップ', '連絡用'],
      sms: ['sms', 'ショートメール', 'ショートメッセージ', 'ショートメッセ', '携帯', 'ケータイ', 'けいたい', 'スマホ', 'すまほ', '電話', 'テキストメッセージ', 'メッセージ', 'c+メッセージ', '番号'],
      app: ['アプリ', 'authenticator', 'オーセンティケーター', '認証アプリ', 'microsoft authenticator', 'あぷり'],
      none: ['どれも使えない', 'どれもない', 'どれも無理', '全部使えない', 'ぜんぶ使えない', 'いずれも使えない', 'どれもだめ', 'どれでもない', '使えるものがない'],
    },
    askEmail: '確認のため、登録してあるメール アドレスを省略せずに入力してください。',
    askPhone: '確認のため、登録してある携帯電話番号を省略せずに入力してください (例: 090-1234-5678)。',
    contactExpected: 'メール アドレスまたは電話番号を、省略せずに入力してください。',
    contactSameAsAccount: 'サインインに使うアドレスとは別に登録した、連絡用のメール アドレスを入力してください。',
    expectedEmail: 'メールで受け取る方法が選ばれています。メール アドレスを入力してください。',
    expectedPhone: 'SMS で受け取る方法が選ばれています。携帯電話番号を入力してください。',
    codeSent: '登録されている連絡先と一致した場合、確認コードを送信しました。コードの有効期限は 10 分です。',
    appReady: '認証アプリを開いて、このアカウントに表示されているコードをご確認ください。',
    askCode: '届いた 6 桁の確認コードを入力してください。',
    askAppCode: '認証アプリに表示されている 6 桁のコードを入力してください。',
    resendButton: 'コードを再送する',
    notReceivedButton: 'コードが届かない',
    resendWords: ['コードを再送する', '再送', '再送して', 'もう一度送って', '再送信', 'もう一回送って', '送り直して', 'もう一度送信', '再発行', 'もう一度お願いします'],
    notReceivedWords: ['コードが届かない', '届かない', '届きません', 'コードが来ない', '来ない', 'コードが届きません'],
    codeResent: '登録されている連絡先と一致した場合、確認コードをもう一度送信しました。新しいコードを入力してください。',
    resendLimited: (seconds: number) => `コードの再送は、しばらく時間をおいてからお試しください (あと約 ${Math.max(1, Math.ceil(seconds / 60))} 分)。届いているコードがあれば、そのまま入力できます。`,
    wrongCode: (attemptsLeft: number) => `コードが正しくありません。あと ${attemptsLeft} 回入力できます。`,
    codeLocked: '入力の回数が上限に達したため、このコードは無効になりました。',
    codeExpired: 'コードの有効期限 (10 分) が切れました。もう一度コードを送信します。',
    askRecoveryCode: '復元用コードをお持ちの場合は入力してください (英数字 25 文字)。お持ちでない場合は「持っていない」を選んでください。',
    noRecoveryCodeButton: '持っていない',
    noRecoveryCodeWords: ['持っていない', '持ってない', 'ない', 'ありません', 'いいえ', 'わからない', '知らない', '保管していない', '保管してない', '取得していない', 'なくした', '紛失した'],
    /** Asked when the contact step gets "I can't use it": back to the choice of method. */
    contactMissing: 'その連絡先が使えない場合は、別の受け取り方法を選んでください。',
    wrongRecoveryCode: (attemptsLeft: number) => `復元用コードが正しくありません。あと ${attemptsLeft} 回入力できます。`,
    recoveryCodeLocked: '入力の回数が上限に達したため、復元用コードはいまは使えません。',
  },
  /** Password reset flow (issue 3; seed 「パスワードを忘れてしまったのですが?」). */
  passwordReset: {
    intro: 'パスワードのリセットをお手伝いします。本人確認のあと、新しいパスワードを設定するためのリンクをお送りします。\n\n※ このチャットでは、パスワードをお尋ねすることはありません。パスワードは入力しないでください。',
    askAccount: 'パスワードをリセットする Microsoft アカウント (メール アドレス、電話番号、または Skype 名) を入力してください。',
    chooseAnother: '別の受け取り方法を選んでください。どれも使えない場合は「どれも使えない」を選んでください。',
    lockedEnd: 'セキュリティのため、この手続きはいったん終了します。しばらくしてから、もう一度最初からお試しください。担当者におつなぎすることもできます。',
    toRecovery: '復元用コードがない場合は、アカウントの復元 (ご本人様確認のフォーム) でパスワードのリセットを申請できます。続けて、アカウントの復元の手続きをご案内します。',
    linkTitle: 'パスワードのリセット',
    linkText: '下のボタンから、新しいパスワードを設定してください。このリンクは 1 回だけ、短時間だけ有効です。',
    linkButton: '新しいパスワードを設定する',
    done: '本人確認ができました。リンクを開いて、新しいパスワードを 2 か所に入力してください。リンクの有効期限が切れた場合は、もう一度この手続きを行ってください。',
    proofRejected: '申し訳ありません。本人確認の有効期限が切れたため、リンクを発行できませんでした。もう一度最初からお試しください。',
    /** Said in the chat after the reset page changed the password: what to do next. */
    changed:
      'パスワードを変更しました。新しいパスワードでサインインしてください。\n\n' +
      '- 次回からリセットしやすいよう、セキュリティ情報 (連絡用のメール アドレスや携帯電話) を 2 つ以上登録しておくことをおすすめします。\n' +
      '- 心当たりのない変更やサインインの通知が届いた場合は、「担当者と話す」と入力してください。',
  },
  /** Unblock flow (issue 3; seed 「アカウントがブロックされてしまった」). */
  unblock: {
    intro:
      'アカウントのブロックの解除をお手伝いします。アカウントが不正にアクセスされている可能性があると判断された場合、保護のためサインインが制限されます。' +
      'ご本人様確認が取れると、制限を解除できます。\n\n※ このチャットでは、パスワードをお尋ねすることはありません。',
    help: {
      phone: 'ブロック解除用のコードを SMS で受け取る携帯電話番号を入力してください。携帯電話を使えない場合は「携帯電話を使えない」を選ぶと、ほかの本人確認の方法をご案内します。',
      remembersSecret: '以前に設定した秘密の質問の答えを覚えている場合は「はい」を、覚えていない場合は「覚えていない」を選んでください。',
      secretAnswer: '秘密の質問に、設定したときと同じ答えを入力してください。',
    },
    askAccount: 'ブロックされた Microsoft アカウント (メール アドレス、電話番号、または Skype 名) を入力してください。',
    askPhone: 'ブロック解除用のコードを SMS で受け取る携帯電話番号を入力してください (例: 090-1234-5678)。',
    noPhoneButton: '携帯電話を使えない',
    noPhoneWords: ['携帯電話を使えない', '使えない', '携帯がない', '携帯電話がない', 'ない'],
    codeSent: '登録されている電話番号と一致した場合、ブロック解除用のコードを SMS で送信しました。コードの有効期限は 10 分です。',
    toIdentityCheck: '確認コードでのブロック解除ができない場合は、ご本人様確認の質問でお手続きできます。',
    askRemembersSecret: 'a. 以前に設定した秘密の質問の答えを覚えていますか？',
    yesButton: 'はい',
    noSecretButton: '覚えていない',
    askSecretAnswer: (question: string) => `秘密の質問: **${question}**\n\n答えを入力してください。`,
    wrongSecret: (attemptsLeft: number) => `答えが一致しませんでした。あと ${attemptsLeft} 回入力できます。`,
    secretLocked: '秘密の質問はこれ以上使えません。次の方法に進みます。',
    toSecurityCode: 'b. 登録してあるセキュリティ情報 (メール アドレス、携帯電話、認証アプリ) でセキュリティ コードを受け取ります。',
    toRecoveryCode: 'c. 復元用コードを使います。',
    toRecovery: 'd. 復元用コードがない場合は、アカウントの復元 (ご本人様確認のフォーム) に進みます。',
    unblocked:
      'ブロックを解除しました。サインインできるようになっています。\n\n' +
      '不正なアクセスの可能性があったため、**パスワードを変更する**ことを強くおすすめします。下のボタンから、パスワードのリセットを始められます。',
    proofRejected: '申し訳ありません。本人確認の有効期限が切れたため、ブロックを解除できませんでした。もう一度最初からお試しください。',
  },
  /** Account recovery flow (issue 3; seed d.–f.). */
  recovery: {
    intro:
      'アカウントの復元 (ご本人様確認) をお手伝いします。アカウントに登録した情報をできるだけ多く入力していただき、その内容で確認します。\n\n' +
      '※ 未記入の項目は確認できないため、一致しないものと見なされます。一致しない項目が多いと、ご本人様確認が取れる可能性が低くなります。登録していない項目は「登録していません」を、わからない項目は「スキップ」を選んでください。\n\n' +
      '※ 公式のフォームには「このアカウントで使用したことがあるパスワード」の欄がありますが、このチャットではお尋ねしません。チャットの記録に残るとアカウントが危険にさらされるため、パスワードはどんな場合も入力しないでください。',
    reminder: '※ 入力できる項目が多いほど、ご本人様確認が取れる可能性が高くなります。登録していない場合は「登録していません」、わからない場合は「スキップ」を選んでください。',
    help: {
      contactEmail: '復元の結果をお知らせするメール アドレスです。復元したいアカウントとは別の、いま受信できるアドレスを入力してください。確認のためコードを送ります。',
      hasBilling: 'このアカウントでクレジット カードや Xbox LIVE プリペイド カードを使ったことがある場合は「はい」を選んでください。登録していない場合は、課金情報は入力不要です。',
      confirm: '内容でよければ「送信する」を、直したい項目がある場合は修正する区分のボタンを選んでください。',
    },
    askAccount: '復元したい Microsoft アカウント (メール アドレス、電話番号、または Skype 名) を入力してください。',
    askContactEmail: '結果をお知らせする連絡先のメール アドレスを入力してください。復元したいアカウントとは**別の**、いま受信できるアドレスが必要です。',
    sameAsAccount: '復元したいアカウントとは別のメール アドレスを入力してください (結果はこのアドレスにお送りします)。',
    contactCodeSent: '入力されたメール アドレスに確認コードを送信しました。コードの有効期限は 10 分です。',
    otherContact: 'コードが届かない場合は、メール アドレスに誤りがないかご確認のうえ、もう一度入力してください。',
    lockedEnd: 'セキュリティのため、この手続きはいったん終了します。しばらくしてから、もう一度最初からお試しください。担当者におつなぎすることもできます。',
    sectionTitles: {
      account: '**アカウント情報**: Microsoft アカウントに登録した情報を入力してください。',
      mail: '**メールの情報**: このアカウントで使ったメールについて入力してください。',
      billing: '**課金情報**: 登録している課金情報を入力してください。',
    },
    sectionNames: { account: 'アカウント情報', mail: 'メールの情報', billing: '課金情報' },
    askHasBilling: 'このアカウントに課金情報 (クレジット カードや Xbox LIVE プリペイド カード) を登録していますか？',
    yesButton: 'はい',
    noBillingButton: '登録していません',
    skipButton: 'スキップ',
    skipReminder: '未記入の項目は一致しないものと見なされます。思い出せた場合は、最後の確認画面から修正できます。',
    /** Said when 姓 and 名 came together at the 姓 prompt: the 名 prompt is skipped. */
    bothNames: '姓と名の両方をいただきましたので、名の入力は省略します。',
    /** Words that name a section at the confirmation (「名前を直したい」 → account information). */
    editWords: {
      account: ['アカウント情報', '名前', '氏名', '姓', '名字', '苗字', '生年月日', '誕生日', '国', '都道府県', '住所', '郵便番号'],
      mail: ['メールの情報', 'メール', '件名', 'フォルダ', 'フォルダー', '宛先'],
      billing: ['課金情報', '課金', 'カード', 'クレジット', 'xbox', 'プリペイド', '有効期限'],
    },
    /** Words that send the summary as it is. */
    sendWords: ['送信する', '送信', '送って', '送ってください', 'それで', 'この内容で', 'お願いします', 'おねがいします', '大丈夫', '問題ない', '間違いない', '間違いありません', 'ok', 'オッケー', 'おけ', 'いいよ', 'いいです', 'よろしく'],
    /** Words that mean the user wants to change something without naming what. */
    editAnyWords: ['修正', '直したい', '直す', '変更したい', '訂正'],
    confirmWhich: 'どの区分を修正しますか？ 「アカウント情報」「メールの情報」「課金情報」のいずれかを選んでください。',
    fields: {
      lastName: { label: '姓', prompt: '姓を入力してください。', help: 'Microsoft アカウントの登録に使った文字で入力してください。漢字で登録した場合は漢字で、ローマ字で登録した場合はローマ字で入力します。' },
      firstName: { label: '名', prompt: '名を入力してください (登録したときと同じ文字で)。', help: '[名] も、登録に使った文字で入力してください。漢字で登録した場合は漢字で、ローマ字で登録した場合はローマ字で入力します。' },
      birthDate: { label: '生年月日', prompt: '生年月日を入力してください (例: 1990/1/2、1990年1月2日、平成2年1月2日)。', help: '登録した生年月日を、西暦でも和暦 (昭和・平成・令和) でも入力できます。' },
      country: { label: '国/地域', prompt: '登録した国/地域を入力してください (例: 日本)。', help: 'アカウントに登録した国または地域の名前を入力してください。' },
      prefecture: { label: '都道府県', prompt: '登録した都道府県を入力してください (例: 東京都)。', help: '47 都道府県のいずれかを入力してください。「東京」「大阪」のように省略しても結構です。' },
      postalCode: { label: '郵便番号', prompt: '登録した郵便番号を入力してください (例: 123-4567)。', help: '7 桁の郵便番号を入力してください。ハイフンはなくても結構です。' },
      recentSubjects: { label: '最近送信したメールの件名', prompt: '最近送信したメールの件名を入力してください。複数ある場合は「、」で区切ってください (5 つまで)。', help: '件名は概要でも結構です (例: 「来週の打ち合わせ」「写真を送ります」)。' },
      folderNames: { label: '作成したフォルダーの名前', prompt: 'これまでに作成したフォルダーの名前を入力してください。作成していない場合は「作成していません」と入力してください。', help: 'ご自身でフォルダーを作成していない場合は「作成していません」と入力してください。' },
      recentRecipients: { label: '最近メールを送った宛先', prompt: '最近メールの宛先として使ったメール アドレスを入力してください。複数ある場合は「、」で区切ってください (5 つまで)。', help: 'アドレス帳に登録されているアドレスや、受信したメールの差出人のアドレスでも結構です。' },
      xboxCardLast5: { label: 'Xbox LIVE プリペイド カード番号の最後の 5 桁', prompt: 'Xbox LIVE プリペイド カード番号の最後の 5 桁を入力してください。', help: 'カード番号全体ではなく、最後の 5 文字だけを入力してください。' },
      cardHolderName: { label: 'クレジット カードに記載されている名前', prompt: 'クレジット カードに記載されている名前を入力してください (例: TARO YAMADA)。', help: 'カードに印字されているとおりに、ローマ字で入力してください。' },
      cardLast4: { label: 'クレジット カード番号の最後の 4 桁', prompt: 'クレジット カード番号の**最後の 4 桁だけ**を入力してください。', help: 'セキュリティのため、カード番号全体は絶対に入力しないでください。最後の 4 桁だけで確認できます。' },
      cardExpiry: { label: 'クレジット カードの有効期限', prompt: 'クレジット カードの有効期限を入力してください (例: 12/27)。', help: 'カードに記載されている「月/年」を入力してください。' },
    },
    summary: {
      empty: '(入力された項目はありません)',
      skipped: '未記入',
      items: (count: number) => `${count} 件入力済み`,
    },
    summaryTitle: '入力内容の確認 (セキュリティのため一部を伏せて表示しています):',
    askConfirm: 'この内容で送信しますか？ 修正する場合は、区分のボタンを選んでください。',
    sendButton: '送信する',
    editButtons: { account: 'アカウント情報を修正', mail: 'メールの情報を修正', billing: '課金情報を修正' },
    confirmExpected: '「送信する」か、修正する区分のボタンを選んでください。',
    insufficient: (sections: readonly string[]) =>
      `入力された情報だけでは確認できませんでした。アカウントを復元するには、より多くの情報が必要です。次の区分の情報を追加してください: ${sections.join('、')}`,
    submitted: (ticketId: string) =>
      `復旧リクエストを受け付けました。受付番号は **${ticketId}** です。\n\n` +
      '- 連絡先のメール アドレスに「Microsoft Account-Unmonitored Automated Email」から、受け付けのお知らせが届きます。\n' +
      '- 通常 **24 時間以内**に、ご本人様確認が取れたかどうかをメールでお知らせします。確認が取れた場合は、そのメールからパスワードを再設定してください。\n' +
      '- 確認が取れなかった場合も、より多くの情報を入力して何度でも申請できます。\n' +
      '- 結果に関わらず、3 日以内に「Windows Live Help-Automated Email」から「Microsoft アカウントの復元-ご意見をお聞かせください」というアンケート メールが届きます。これはサービス改善のためのもので、復元の判断には使われません。\n\n' +
      `状況は、このチャットで「復旧リクエストの状況 ${ticketId}」と入力すると確認できます。`,
    proofRejected: '申し訳ありません。連絡先の確認の有効期限が切れたため、送信できませんでした。もう一度最初からお試しください。',
  },
  /** Checking a recovery request (issue 3). */
  recoveryStatus: {
    /** Phrases that ask for the status; the root starts the flow on them. */
    triggers: ['復旧リクエストの状況', '復旧リクエストの状態', '復元リクエストの状況', '復旧の状況'],
    help: { ticketId: '復旧リクエストを受け付けたときにお伝えした受付番号を入力してください。' },
    askTicketId: '復旧リクエストの受付番号を入力してください。',
    status: {
      received: '復旧リクエストは受け付け済みで、確認を待っています。通常 24 時間以内に、連絡先のメール アドレスに結果をお知らせします。',
      'in-review': '復旧リクエストは確認中です。結果は連絡先のメール アドレスにお知らせします。',
      verified: 'ご本人様確認が取れました。連絡先のメール アドレスに届いた「アカウントが確認されました。パスワードをリセットしてください」というメールから、パスワードを再設定してください。',
      'not-verified':
        '残念ながら、入力された内容ではご本人様確認が取れませんでした。ご本人様確認には何度でも回答できますので、より多くの情報を入力して再度お申し込みいただくか、新しいアカウントの作成をご検討ください。',
    },
    notFound: 'その受付番号の復旧リクエストは見つかりませんでした。番号をご確認のうえ、もう一度お試しください。',
  },
  /** The message the bot sends on its own when a recovery request is decided (issue 8). */
  recoveryNotice: {
    /** After the request is submitted, when the bot will follow it in this chat. */
    willNotify: '確認の結果が出たら、このチャットでもお知らせします。(チャットを閉じていると届かないことがあります。結果は連絡先のメール アドレスにもお送りします。)',
    /** The first line of the notice, naming the request; recoveryStatus.status[…] follows. */
    heading: (ticketId: string) => `復旧リクエスト **${ticketId}** の確認結果をお知らせします。`,
  },
  /** A message that looked like a password or a card number (issue 3). */
  sensitiveInput: {
    warning:
      '⚠️ パスワードやクレジット カード番号のように見える内容が入力されたため、この入力は破棄し、記録にも残していません。\n\n' +
      'このチャットでは、パスワードやカード番号全体をお尋ねすることはありません。入力しないでください。' +
      '(Skype 名を入力した場合は、すべて小文字でもう一度入力してください。)\n\n続けて、先ほどの質問にお答えください。',
    redacted: '[削除された入力]',
  },
  /** Buttons under each FAQ answer, and what follows a press (issue 5). */
  feedback: {
    helpful: '役に立った',
    notHelpful: '役に立たなかった',
    thanks: 'ご評価ありがとうございます。ほかにもご不明な点があれば、いつでもお尋ねください。',
    notHelpfulWithCandidates: 'お役に立てず申し訳ありません。次の内容はいかがでしょうか。解決しない場合は、担当者におつなぎすることもできます。',
    notHelpfulNoCandidates: 'お役に立てず申し訳ありません。お困りの内容を別の言葉で教えていただくか、担当者におつなぎすることもできます。',
    /** Typed right after an answer, they rate it like the buttons (issue 8). */
    helpfulWords: [
      '役に立ちました', '役に立った', '解決しました', '解決した', '解決です', '解決', '助かりました', '助かった', 'たすかった',
      'できました', 'できた', 'うまくいきました', 'うまくいった', '直りました', '直った', 'わかりました', '分かりました', 'わかった', '分かった', '理解しました',
      'サインインできました', 'ログインできました', '参考になりました', 'よくわかりました', 'よく分かりました',
    ],
    notHelpfulWords: [
      '役に立たない', '役に立ちません', '役に立ちませんでした', 'だめでした', 'だめだった', 'だめ', 'ダメ', '解決しない', '解決しません', '解決しませんでした', '解決しなかった',
      'できませんでした', 'できなかった', 'うまくいかない', 'うまくいきません', 'うまくいきませんでした', '直らない', '直りません',
      'わかりにくい', '分かりにくい', 'わかりづらい', '分かりづらい', '難しい', 'むずかしい', '難しすぎる', 'よくわからない', 'よく分からない', 'わからない', '分からない',
      'わかりません', '分かりません', '意味がわからない', '参考にならない', 'そうじゃない', '違う', '違います', 'ちがう', 'ちがいます',
    ],
  },
  /** Handing the conversation to a person (issue 5); `summary` is what the agent reads. */
  handoff: {
    offerButton: '担当者と話す',
    declineButton: 'このまま続ける',
    /** Typed answers to an offer of a person besides はい / いいえ (issue 8). */
    acceptWords: ['つないでください', 'つないで', 'つなげて', 'つなげてください', '繋いでください', 'お願いします', 'お願い', 'おねがいします', '話したい', '話します', 'そうしてください', 'そうします', '代わってください'],
    declineWords: ['大丈夫', '大丈夫です', 'もう大丈夫です', '結構です', 'けっこうです', '不要です', 'いりません', '必要ありません', '続ける', 'このまま続ける', 'このままで', 'このままでいいです', 'つながなくていい', 'つながなくていいです'],
    offer: {
      'user-request': '担当者におつなぎします。',
      'repeated-abstention': 'うまくお答えできず申し訳ありません。担当者におつなぎすることもできます。',
      'not-helpful': 'お役に立てず申し訳ありません。担当者におつなぎすることもできます。',
      'flow-failure': '申し訳ありません。この手続きは、いまこのチャットでは完了できませんでした。担当者におつなぎすることもできます。',
    },
    offerHelpIntro: 'その前に、次の内容がお役に立つかもしれません:',
    declined: 'かしこまりました。引き続きご質問をどうぞ。',
    ticketCreated: (ticketId: string) =>
      `担当者へのお引き継ぎを受け付けました。受付番号は **${ticketId}** です。\n\n` +
      'これまでの会話の内容は担当者に伝わっていますので、同じ説明を繰り返していただく必要はありません。' +
      '担当者からのご連絡をお待ちください。お問い合わせの際は受付番号をお伝えください。\n\n' +
      '※ パスワードやセキュリティ コードは、担当者にもお伝えにならないでください。',
    unavailable: '申し訳ありません。いま担当者へのお引き継ぎを受け付けられませんでした。しばらくしてから、もう一度「担当者と話す」と入力してください。',
    /** Asked how a handover stands (「まだかかりますか？」) while its ticket is pending (issue 8). */
    waiting: (ticketId: string) =>
      `担当者へのお引き継ぎは受け付け済みです。受付番号は **${ticketId}** です。\n\n` +
      '担当者が受け付けた順に確認しており、準備ができ次第ご連絡します。もうしばらくお待ちください。お問い合わせの際は受付番号をお伝えください。\n\n' +
      `お待ちの間も、ほかのご質問には${BOT_NAME}がお答えします。`,
    /** Outside business hours or on a holiday (issue 8): the ticket is taken, read later. */
    afterHours: {
      /** When a person will read it, e.g. 「12月1日(月) 9:00」. */
      opening: (at: { readonly month: number; readonly day: number; readonly weekday: number; readonly hour: number; readonly minute: number }) =>
        `${at.month}月${at.day}日(${'日月火水木金土'.charAt(at.weekday)}) ${at.hour}:${String(at.minute).padStart(2, '0')}`,
      /** The sentence that replaces "wait for the contact"; `opening` from `opening(…)`, undefined when none is scheduled. */
      whenRead: (opening: string | undefined) =>
        opening ? `受付時間外のため、担当者は ${opening} 以降に確認します。` : '受付時間外のため、担当者が確認するまでお時間をいただきます。',
      ticketCreated: (ticketId: string, whenRead: string) =>
        `担当者へのお引き継ぎを受け付けました。受付番号は **${ticketId}** です。\n\n` +
        `${whenRead}確認しだい、担当者からご連絡します。\n\n` +
        'これまでの会話の内容は担当者に伝わっていますので、同じ説明を繰り返していただく必要はありません。お問い合わせの際は受付番号をお伝えください。\n\n' +
        '※ パスワードやセキュリティ コードは、担当者にもお伝えにならないでください。',
      /** Added to an offer of a person, so the user decides knowing when someone will read it. */
      offerNote: (whenRead: string) => `※ ${whenRead}`,
    },
    status: {
      accepted: '担当者が対応を開始しました。このままチャットでお話しください。',
      failed: '申し訳ありません。いま担当者におつなぎできませんでした。引き続き、マドグチがご質問にお答えします。',
      completed: '担当者との会話が終了しました。引き続き、マドグチがご質問にお答えします。',
    },
    reasons: {
      'user-request': 'お客様が担当者との会話を希望',
      'repeated-abstention': 'ボットが続けて回答できなかった',
      'not-helpful': '回答が役に立たず、その後の質問にも回答できなかった',
      'flow-failure': '手続きがお客様の側では解決できない理由で完了しなかった',
    },
    summary: {
      heading: '【引き継ぎ概要】',
      reason: (label: string) => `引き継ぎ理由: ${label}`,
      account: (masked: string) => `アカウント: ${masked}（一部を伏せて表示）`,
      noAccount: 'アカウント: 未入力',
      questions: 'お客様の質問（原文、個人情報は伏せ字）:',
      noQuestions: 'お客様の質問: なし',
      answers: '表示した回答と評価:',
      noAnswers: '表示した回答: なし',
      answerLine: (title: string, verdict: string) => `- ${title}（${verdict}）`,
      verdicts: { helpful: '役に立った', notHelpful: '役に立たなかった', none: '評価なし' },
      unanswered: (count: number) => `回答できなかった質問: ${count} 件`,
      flowLine: (title: string, status: string) => `- ${title}: ${status}`,
      flowStopped: (title: string, step: string, reason: string) => `- ${title}: 中断（${step}で、${reason}）`,
      /** Where a flow stopped, in the agent's words (the steps' ids never reach a person). */
      stepLabels: {
        account: 'アカウントの入力',
        method: 'コードの受け取り方法の選択',
        contact: '連絡先の入力',
        unblockPhone: '携帯電話番号の入力',
        contactEmail: '連絡先メール アドレスの入力',
        code: '確認コードの入力',
        recoveryCode: '復元用コードの入力',
        remembersSecret: '秘密の質問を覚えているかの確認',
        secretAnswer: '秘密の質問への回答',
        hasBilling: '課金情報の有無の確認',
        confirm: '入力内容の確認',
        retry: 'システム障害からの再試行',
        'reset-link': 'パスワード再設定リンクの発行',
        unblock: 'ブロックの解除',
        submit: '復旧リクエストの送信',
        status: '状況の確認',
        ticketId: '受付番号の入力',
        recovery: 'アカウントの復元',
        lastName: '姓の入力',
        firstName: '名の入力',
        birthDate: '生年月日の入力',
        country: '国/地域の入力',
        prefecture: '都道府県の入力',
        postalCode: '郵便番号の入力',
        recentSubjects: 'メールの件名の入力',
        folderNames: 'フォルダー名の入力',
        recentRecipients: 'メールの宛先の入力',
        xboxCardLast5: 'Xbox プリペイド カード番号の入力',
        cardHolderName: 'カード名義の入力',
        cardLast4: 'カード番号下 4 桁の入力',
        cardExpiry: 'カード有効期限の入力',
      } as Readonly<Record<string, string>>,
      unknownStep: '手続きの途中',
      /** Why a flow stopped, in the agent's words. */
      stopReasons: {
        cancelled: 'お客様が中止',
        'person-requested': 'お客様が担当者を希望',
        unavailable: 'システムに接続できなかった',
        'too-many-tries': '入力を 3 回読み取れなかった',
        'code-locked': 'コードの入力回数が上限に達した',
        'invalid-proof': '本人確認の有効期限切れ',
        'not-verified': '本人確認が取れなかった',
        'not-found': '受付番号が見つからなかった',
      } as Readonly<Record<string, string>>,
      unknownReason: '理由不明',
      flowStatus: { started: '途中', completed: '完了' },
      flows: '試した手続き:',
      noFlows: '試した手続き: なし',
    },
  },
  /** The demo's password reset page (GET/POST /demo/reset/:token). */
  resetPage: {
    title: 'パスワードの再設定',
    demoNote: 'これはデモ用のページです。実際の Microsoft アカウントのパスワードは変更されません。',
    intro: '新しいパスワードを 2 回入力し、[パスワードを変更] をクリックしてください。',
    policyTitle: '「強力なパスワード」の条件',
    policyItems: (min: number, max: number, kinds: number) => [
      `${min} 文字以上 ${max} 文字以下である。`,
      `次の 4 種類の文字のうち ${kinds} 種類以上を含んでいる: 大文字 (A B C ...)、小文字 (a b c ...)、数字 (1 2 3 ...)、記号 (\` ~ ! @ # $ % ^ & * ( ) _ + - = | { } [ ] \\ : " ; ' < > ? . , /)`,
      '半角の英数字と記号だけを使う (全角文字や空白は使えません)。',
    ],
    advice: 'よくある単語や名前、その分かりやすい組み合わせは避け、パスワードは第三者と共有しないでください。',
    newPasswordLabel: '新しいパスワード',
    confirmLabel: '新しいパスワード (確認のためもう一度)',
    submit: 'パスワードを変更',
    errorTitle: '入力内容を確認してください:',
    problems: {
      'too-short': (min: number) => `パスワードが短すぎます。${min} 文字以上にしてください。`,
      'too-long': (max: number) => `パスワードが長すぎます。${max} 文字以下にしてください。`,
      'too-few-kinds': (kinds: number) => `大文字・小文字・数字・記号のうち、${kinds} 種類以上を組み合わせてください。`,
      'invalid-characters': '使えない文字が含まれています。半角の英数字と記号だけを使ってください (全角文字や空白は使えません)。',
      mismatch: '2 つのパスワードが一致しません。同じパスワードを 2 回入力してください。',
      empty: 'パスワードを入力してください。',
    },
    successTitle: 'パスワードを変更しました',
    successText: '新しいパスワードでサインインできます。このページは閉じてかまいません。',
    goneTitle: 'このリンクは使用できません',
    expiredText: 'このパスワード再設定リンクは有効期限が切れています。お手数ですが、チャットでもう一度パスワードのリセットを始めてください。',
    usedText: 'このパスワード再設定リンクはすでに使用されています。リンクは 1 回だけ使用できます。パスワードをもう一度変更する場合は、チャットでパスワードのリセットを始めてください。',
    notFoundText: 'このパスワード再設定リンクは正しくありません。リンクを最後までコピーしたかご確認いただくか、チャットでもう一度パスワードのリセットを始めてください。',
    backToChat: 'チャットに戻る場合は、このページを閉じてください。',
  },
  /** The Microsoft Teams app as listed in Teams (manifest name and descriptions). */
  teamsApp: {
    /** At most 30 characters. */
    shortName: BOT_NAME,
    /** At most 100 characters. */
    fullName: `${BOT_NAME}: Microsoft アカウント サポート窓口`,
    /** At most 80 characters. */
    shortDescription: 'Microsoft アカウントのご質問にお答えし、パスワードのリセットなどをご案内します。',
    /** At most 4000 characters. */
    fullDescription:
      `${BOT_NAME}は Microsoft アカウントについてのサポート窓口です。` +
      'パスワードを忘れた、アカウントがブロックされた、アカウントを削除したいなど、よくあるご質問に日本語でお答えします。' +
      'パスワードのリセット、ブロックの解除、アカウントの復元は、チャットの中で手順に沿ってご案内します。' +
      '個人チャットのほか、チームのチャネルやグループ チャットでも @' + BOT_NAME + ' とメンションしてご質問いただけます。' +
      'パスワードやクレジット カード番号をチャットに入力しないでください。',
    /** Prompt starters Teams lists in the compose box: the title is sent as the message. */
    commands: [
      { title: 'パスワードを忘れてしまいました', description: 'パスワードのリセット方法をご案内します。' },
      { title: 'アカウントがブロックされました', description: 'ブロックされたアカウントの解除方法をご案内します。' },
      { title: 'Microsoft アカウントを削除したい', description: 'アカウントを閉じる手順と注意点をご案内します。' },
      { title: 'ヘルプ', description: `${BOT_NAME}でできることを表示します。` },
    ],
  },
  /** The terminal chat (`npm run chat`). */
  terminal: {
    loading: '準備しています。しばらくお待ちください…',
    banner: `${BOT_NAME} ターミナル チャット: ご質問を入力して Enter を押してください。選択肢は番号で選べます。/quit で終了します。`,
    botLabel: `${BOT_NAME}>`,
    userPrompt: 'あなた> ',
    /** Shown after the user's pick, so the transcript says what was chosen. */
    picked: (title: string) => `(「${title}」を選びました)`,
    choiceOutOfRange: (count: number) => `1 から ${count} までの番号を入力してください。`,
    openUrl: (title: string, url: string) => `「${title}」はブラウザーで開いてください: ${url}`,
    cardUnavailable: '(このカードはターミナルでは表示できません)',
    attachment: (name: string) => `(添付ファイル: ${name})`,
    goodbye: 'ご利用ありがとうございました。チャットを終了します。',
    outboxTitle: '[デモ受信箱]',
    outboxTo: (to: string) => `宛先: ${to}`,
    /** The 宛先 of an authenticator code: the user's app, not an address. */
    authenticatorApp: '認証アプリ',
    /** Printed before the banner: reset links open on this loopback server, only while the chat runs. */
    demoServer: (url: string) => `デモのパスワード再設定ページは、このチャットを終了するまで ${url} で開けます。`,
    outboxTicket: (ticketId: string) => `受付番号: ${ticketId}`,
    outboxKinds: {
      'security-code': 'セキュリティ コード',
      'authenticator-code': '認証アプリのコード',
      'unblock-code': 'ブロック解除のコード',
      'recovery-contact-code': '連絡先確認のコード',
      'recovery-received': 'アカウント復元のリクエスト受付のお知らせ',
      'reset-link': 'パスワード再設定リンク',
      'recovery-result': 'アカウント復元の結果のお知らせ',
    },
  },
  /** The local Web Chat page (GET /) and its demo inbox panel. */
  webChatPage: {
    title: `${BOT_NAME} | Microsoft アカウント サポート`,
    headerSubtitle: 'Microsoft アカウント サポート窓口',
    notice: 'パスワードやクレジット カード番号は、このチャットに入力しないでください。',
    sendBoxPlaceholder: 'ご質問を入力してください',
    connecting: '接続しています…',
    connectionFailed: 'チャットに接続できませんでした。ページを再読み込みしてください。',
    noScript: 'このページを表示するには JavaScript を有効にしてください。',
    inbox: {
      title: 'デモ受信箱',
      description: 'デモ環境でお客様に「送信」されたコードやリンクです。手続きの確認に使ってください。',
      empty: 'まだメッセージはありません。',
      unavailable: '受信箱を読み込めませんでした。',
      /** Prefixes, not functions: the page receives these strings as JSON. */
      toPrefix: '宛先: ',
      ticketPrefix: '受付番号: ',
      /** The 宛先 of an authenticator code: the user's app, not an address (the service's identifier is never shown). */
      authenticatorApp: '認証アプリ',
      sendToChat: 'チャットに入力',
      openLink: 'リンクを開く',
      /** Phones: the inbox is a drawer; its close button (shown, and read by screen readers) and the header button's mark for new messages. */
      close: '閉じる',
      closeLabel: 'デモ受信箱を閉じる',
      unread: '新着あり',
      kinds: {
        'security-code': 'セキュリティ コード',
        'authenticator-code': '認証アプリのコード',
        'unblock-code': 'ブロック解除のコード',
        'recovery-contact-code': '連絡先確認のコード',
        'recovery-received': 'アカウント復元のお申し込みを受け付けました',
        'reset-link': 'パスワード再設定リンク',
        'recovery-result': 'アカウント復元の結果のお知らせ',
      },
    },
  },
} as const;
