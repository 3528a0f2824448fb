/**
 * What a message at the top level of the conversation asks for (issue 8, "Understanding at the
 * root"): a guided flow, a person, or the status of a handover. Pure: no botbuilder, no search.
 *
 * Flows are recognized two ways, and the root uses both:
 * 1. this module's vocabulary: a topic phrase (パスワード＋リセット, ブロック＋解除, アカウント＋取り戻す,
 *    復旧リクエスト＋状況, a request number RR-…) said as a wish (〜したい, 〜してください, お願いします…);
 * 2. the FAQ index: when it answers an entry that has a flow (`action`) and the message is a wish
 *    (`wishForFlow`), the flow starts; a question about how it works gets the answer and its button.
 *
 * Decisions written down here:
 * - 〜方法を教えて, 〜のやり方は, 〜できますか, 〜を知りたい are questions, not wishes: the answer
 *   explains the steps and offers the flow's button. 〜してもらえますか / お願いできますか are requests.
 * - 「パスワードを変更したい」 is not a reset: someone who knows their password changes it in the
 *   account's security settings; the reset flow is for a password that is forgotten. It stays a
 *   FAQ question (unless the message also says the password was forgotten).
 * - 「アカウントを削除したい」 has no flow (the FAQ answers it), and restoring a closed or deleted
 *   account (再開, 削除したアカウントを戻す) is the delete entry's 60-day reopening, not recovery.
 * - ロック画面 / 画面ロック / スマホのロック and blocking other people are not an account block.
 * - A topic phrase alone (「パスワードリセット」, 「ブロック解除」) is a command and starts the flow,
 *   as 「パスワードリセット」 always did.
 * - Gmail, iPhone… are not decided here: the root refuses a flow when the FAQ says the message
 *   names a topic this desk does not handle (knowledge/out-of-scope.yaml is the one list).
 */
import type { FlowName } from '../domain';
import { messages } from '../messages';
import type { FaqDecision } from '../ports';
import { fold, toHiragana, wordKey } from './normalize';
import { findRequestNumber } from './values';

/** Re-exported so the root's modules import flow names from one place. */
export type { FlowName };

/** What a top-level message asks for. */
export type RootIntent =
  /** Start a guided flow; `ticketId` is the recovery request number typed with a status request. */
  | { readonly kind: 'flow'; readonly flow: FlowName; readonly ticketId?: string }
  /** Talk to a person (the handoff policy hands over). */
  | { readonly kind: 'person' };

/** Flows a typed wish can start, in the order they are tried. */
export const WISH_FLOWS: readonly Exclude<FlowName, 'recoveryStatus'>[] = ['passwordReset', 'unblockAccount', 'recoverAccount'];

/** Patterns are written with katakana as people read them and compared on wordKey (hiragana) form. */
function key(source: string): RegExp {
  return new RegExp(toHiragana(source), 'u');
}

// --- vocabulary ------------------------------------------------------------------------------

/** Adverbs people put between the topic and the verb (「パスワードを今すぐリセットしたい」). */
const ADVERB = '(?:なんとか|何とか|今すぐに?|いますぐに?|すぐに?|早く|はやく|至急|もう一度|もういちど|再度|急いで)';
// Romaji too (「password wasureta. reset shitai」): some people type Japanese without an IME.
const PASSWORD = '(?:パスワード|パスワド|パスワアド|パスワ-ド|password|passwd|pasuwa-?do|pasuwaado|pasuwado|pass|パス|pw)';
const RESET = '(?:リセット|リセト|りせと|再設定|さいせってい|再せってい|初期化|しょきか|再発行|さいはっこう|reset|risetto|resetto)';
const ACCOUNT = '(?:マイクロソフトアカウント|microsoftアカウント|msアカウント|アカウント|あかうんと|account|アカ)';
const BLOCK = '(?:ロックアウト|ブロック|ブロク|ロック|凍結|とうけつ|利用制限|サインイン制限|制限|利用停止|停止)';
const UNDO = '(?:解除|かいじょ|外|はず|解い|解か|解き|解け|とい|とけ|直|なお|取っ|とっ|取れ|とれ|なくし|無くし|元に戻|もとに戻|元にもど|もとにもど)';
const RESTORE = '(?:取り戻|とりもど|取りもど|取戻|復元|ふくげん|復旧|ふっきゅう|回復|かいふく|復活|ふっかつ|取り返|とりかえ|救出|救済)';
const FORGOT = '(?:忘れ|わすれ|wasure|分から|わから|分かんな|わかんな|思い出せ|おもいだせ|失念|記憶から消え|覚えてな|覚えていな|おぼえてな|おぼえていな)';
/** How far apart a topic's two words may be (「パスワード完全に記憶から消えた、再設定したい」). */
const GAP = '.{0,24}';
/** The thing done to a recovery (「復元申請」, 「復旧の手続き」). */
const RECOVERY_NOUN = '(?:申請|しんせい|手続き|てつづき|依頼|リクエスト|フォーム)';
/** Changing a password one has forgotten is a reset (「パスワード分かんなくなった。変えたい」). */
const CHANGE = '(?:変え|かえ|変更|へんこう)';

/** Topic phrases of each flow a wish can start. */
export const FLOW_TOPICS: Readonly<Record<(typeof WISH_FLOWS)[number], readonly RegExp[]>> = {
  passwordReset: [
    key(`${PASSWORD}(?:を|の|が|は)?${ADVERB}?${RESET}`),
    // 「パスワードを忘れたのでリセットしたい」
    key(`${PASSWORD}(?:を|が)?${FORGOT}.{0,8}${RESET}`),
    key(`${PASSWORD}(?:を|が|は)?${FORGOT}${GAP}${CHANGE}`),
    key(`${PASSWORD}${GAP}${RESET}`),
  ],
  unblockAccount: [
    key(`(?:${ACCOUNT}(?:の|が|を|は)?)?${BLOCK}(?:を|の|が|は)?${ADVERB}?${UNDO}`),
    // 「ブロックされたので解除してほしい」
    key(`${BLOCK}(?:され|さ).{0,8}${UNDO}`),
    key(`${BLOCK}${GAP}${UNDO}`),
  ],
  recoverAccount: [
    key(`${ACCOUNT}(?:を|の|が|は|も)?${ADVERB}?${RESTORE}`),
    key(`(?:乗っ取|のっと|乗取).{0,10}${ACCOUNT}(?:を|の)?.{0,4}${RESTORE}`),
    key(`(?:復元|回復|復旧|本人確認)(?:の|用の?)?(?:フォーム|申請|リクエスト)(?:を|の)?(?:送|おく|出|だ|提出|申請|記入|入力)`),
    // 「復元申請したい」, 「復旧の手続きをお願いします」: the request is the topic.
    key(`${RESTORE}(?:の|を)?${RECOVERY_NOUN}`),
    key(`${ACCOUNT}${GAP}${RESTORE}`),
  ],
};

/**
 * The problem each flow solves, said as a statement (「アカ止められた」, 「パスワードが記憶から消えた」):
 * when the FAQ finds nothing, the root answers with the flow's entry (and its start button).
 */
export const PROBLEM_TOPICS: Readonly<Record<(typeof WISH_FLOWS)[number], readonly RegExp[]>> = {
  passwordReset: [key(`${PASSWORD}${GAP}${FORGOT}`), key(`${FORGOT}.{0,6}${PASSWORD}`)],
  unblockAccount: [
    key(`${ACCOUNT}${GAP}(?:止め|とめ|凍結|ロック|ブロック|制限)(?:られ|され|さ|かけられ|かか)`),
    key(`(?:ロック|ブロック|凍結|利用制限|サインイン制限)(?:され|が(?:かか|かけ))`),
    key(`(?:不審|ふしん|不正|ふせい|いつもと違う|普段と違う|見慣れない|心当たりのない)${GAP}(?:サインイン|ログイン|アクセス)`),
  ],
  recoverAccount: [key(`(?:乗っ取|のっと|乗取)られ`), key(`(?:セキュリティ|せきゅりてぃ)(?:の)?(?:情報)?${GAP}(?:登録して(?:い)?な|とうろくして(?:い)?な|ない|無い)`)],
};

/** The flow whose problem the message states, when exactly one does (see PROBLEM_TOPICS). */
export function problemTopic(text: string): (typeof WISH_FLOWS)[number] | undefined {
  // Quoted words count here: 「アカウントがロックされました」という画面 is the problem itself.
  const own = wordKey(fold(text));
  const named = WISH_FLOWS.filter((flow) => [...FLOW_TOPICS[flow], ...PROBLEM_TOPICS[flow]].some((t) => t.test(own)) && !excludedFrom(flow, own));
  return named.length === 1 ? named[0] : undefined;
}

/** A message that says one of these is about something else, even with a flow's topic or FAQ entry. */
export const NOT_THIS_FLOW: Readonly<Record<(typeof WISH_FLOWS)[number], RegExp>> = {
  // Changing a password one knows is done in the account settings (see the module comment).
  passwordReset: key('変更|へんこう|変え|かえたい|かえる|かえて'),
  unblockAccount: key(
    '(?:画面|がめん|壁紙|かべがみ|スクリーン|スマホ|携帯|けいたい|端末|パソコン|pc|ファイル|フォルダ|キーボード|caps|num|bitlocker|zip|ドア|鍵)(?:の|を|が)?(?:ロック|ブロック)' +
      '|(?:ロック|ブロック)(?:画面|がめん)|壁紙|かべがみ|(?:友達|ともだち|相手|あいて|連絡先|ユーザー|番号|迷惑|めいわく)(?:の|を|が)?(?:ロック|ブロック)',
  ),
  // Reopening a closed or deleted account is the delete entry's business.
  // The recovery code (回復用コード) belongs to reset and unblock.
  recoverAccount: key('削除|さくじょ|消し|けし|消え|閉じ|とじ|解約|かいやく|再開|さいかい|退会|たいかい|(?:回復|復元|かいふく|ふくげん)(?:用の?)?(?:コード|キー)'),
};

/** A forgotten password overrides NOT_THIS_FLOW.passwordReset (「忘れたので変更したい」 is a reset). */
const FORGOTTEN = key(FORGOT);

/** Asking where a recovery request stands, without its number (the flow asks for it). */
export const RECOVERY_STATUS_TOPICS: readonly RegExp[] = [
  key(
    '(?:復旧|ふっきゅう|復元|ふくげん|回復|かいふく)(?:の)?(?:リクエスト|申請|しんせい|申し込み|申込|依頼|要求|手続き)?(?:の)?' +
      '(?:状況|じょうきょう|状態|じょうたい|結果|けっか|進捗|しんちょく|ステータス|進み具合|審査|判定)',
  ),
  key('(?:復旧|復元|回復)(?:の)?(?:リクエスト|申請|申し込み|申込|依頼)(?:は|って|が)?(?:どう|まだ|通っ|通り|とおっ)'),
];

/** When and how long are FAQ questions (「復旧リクエストの結果はいつ届きますか」), not a status lookup. */
const TIMING_QUESTION = key('いつ|どのくらい|どれくらい|どの位|何日|なんにち|何時間|なんじかん');

// --- wishes and questions ------------------------------------------------------------------

/** Requests phrased as questions: 〜してもらえますか, お願いできますか (they are wishes). */
const REQUEST_QUESTION = key('(?:もらえ|もらい|いただけ|頂け|くれ)(?:ます|ません|る|ない)?(?:か|かな)|(?:お願い|おねがい)(?:でき|し)ますか|(?:なんとか|何とか)(?:なら|して|でき)');

/** A question about how, what, where or whether, not a request to do it now. */
export const QUESTION_MARKERS = key(
  '方法|ほうほう|やり方|やりかた|手順|てじゅん|仕方|しかた|手続きは|どうすれば|どうしたら|どうやって|どうやったら|どうする|どうやる|には$|(?<![こあ])とは|って何|ってなに|ってなん|何(?!とか|も)|(?<!ん)なに(?!とか|も)|どこ|いつ(?!も)|どのくらい|どれくらい|なぜ|なんで' +
    '|教え|おしえ|知りたい|しりたい|聞きたい|ききたい|わかりません|分かりません|できますか|できるの|できるか|可能|ですか$|ますか$|でしょうか',
);

/** Wish forms: 〜たい, 〜てほしい, 〜て(ください|もらえますか|いただけますか), お願いします… */
export const WISH_MARKERS = key(
  '[いきしちにひみりぎじびぴえけせてねへめれげぜべぺ]たい' +
    '|[てで](?:ほしい|欲しい|くれ|もらい|もらえ|いただき|いただけ|頂き|頂け|ちょうだい|おねがい|お願い)' +
    '|ください|下さい|お願い|おねがい|頼みます|頼む|たのむ|たのみます|希望|(?:し|やっ)とい[てた]' +
    '|(?:^|[^さ])(?:します|する|しよう|しましょう|やります|やる)$' +
    '|shitai|sitai|shite|kudasai|onegai|hoshii',
);

/** Not wanting it, or it is already done: never a wish. */
const NEGATIVE = key('たくない|たくありません|たくはない|なくていい|なくて大丈夫|なくてもいい|不要|いらない|いりません|しないで');

/** Quoted text is someone else's words (「…リセットしてください」というメールが来た): it asks for nothing. */
const QUOTED = /「[^「」]*」|『[^『』]*』|“[^“”]*”|"[^"]*"/gu;

function ownWords(text: string): string {
  return fold(text).replace(QUOTED, ' ');
}

/**
 * True when the message asks for something to be done now (〜したい, 〜してほしい, 〜してください,
 * 〜してもらえますか, お願いします), false when it asks how or whether (〜方法を教えて, 〜できますか,
 * どうすれば…), says it is not wanted (〜したくない), or is a statement.
 */
export function isWish(text: string): boolean {
  const k = wordKey(ownWords(text));
  if (k === '' || NEGATIVE.test(k)) return false;
  if (REQUEST_QUESTION.test(k)) return true;
  if (QUESTION_MARKERS.test(k)) return false;
  return WISH_MARKERS.test(k);
}

/** True when a wish may start `flow`: it is a wish, and it is not about something the flow does not do. */
export function wishForFlow(text: string, flow: FlowName): boolean {
  return isWish(text) && !excludedFrom(flow, wordKey(ownWords(text)));
}

function excludedFrom(flow: FlowName, k: string): boolean {
  if (flow === 'recoveryStatus') return false;
  if (flow === 'passwordReset' && FORGOTTEN.test(k)) return false;
  return NOT_THIS_FLOW[flow].test(k);
}

/** Words that point back at what the bot just showed: 「こちらで手続きをお願いします」, 「その手続きをしたい」. */
const REFERS_BACK = key('こちら|そちら|これ|それ|この|その|手続き|てつづき|ここで');

/**
 * True for a wish about what the bot just showed rather than about a topic of its own
 * (「では、こちらで手続きをお願いいたします」 after an answer with a flow).
 */
export function wishAboutThat(text: string): boolean {
  return isWish(text) && REFERS_BACK.test(wordKey(ownWords(text)));
}

// --- people --------------------------------------------------------------------------------

/** Ways of asking for a person (one list for the whole bot: the handoff policy and flows use it). */
export const PERSON_PATTERNS: readonly RegExp[] = [
  /オペレー(ター|タ)/,
  /担当(者|の(方|人|かた))/,
  /(人|ひと|人間|にんげん)(と|に)(話|はな|相談|代わ|かわ|替わ|つな|繋)/,
  /(人間|生身の人|本物の人)(の|が|で)?(サポート|対応|方|人)/,
  /(誰|だれ)か(と|に)(話|はな|相談|代わ|かわ|つな|繋)/,
  /有人/,
  /電話(したい|をかけたい|で(相談|問い?合わせ|話|はな|聞|き|連絡)|窓口|サポート|相談)/,
  /(問い?合わせ|サポート)窓口/,
  /(スタッフ|係の(人|方)|サポートの(人|方)|窓口の(人|方))/,
  /コールセンター/,
  // 「つないでください」 alone: the only thing this desk connects anyone to is a person.
  /^(はい|ええ|うん)?(つない|繋い|つなげ|繋げ)で(ください|下さい|ほしい|欲しい|もらえますか|いただけますか)?$/,
  /\b(operator|agent|human|representative|real person)\b/,
];

function personKey(text: string): string {
  return fold(text).toLowerCase().replace(/[\s。、．，,.!?！？]+/g, '');
}

/** True when the user asks to talk to a person, in any of the usual ways. */
export function asksForPerson(text: string): boolean {
  const n = personKey(text);
  if (n === personKey(messages.handoff.offerButton)) return true;
  const spaced = fold(text).toLowerCase();
  return PERSON_PATTERNS.some((p) => p.test(n) || p.test(spaced));
}

// --- the intent ----------------------------------------------------------------------------

const START_BUTTONS: readonly [FlowName, string][] = (Object.keys(messages.flowTitles) as FlowName[]).map((flow) => [
  flow,
  wordKey(messages.answer.startFlowButton(messages.flowTitles[flow])),
]);

const STATUS_TRIGGERS = messages.recoveryStatus.triggers.map(wordKey);

/** A topic phrase with nothing around it but particles: 「パスワードリセット」, 「ブロック解除を」. */
function topicAlone(k: string, topic: RegExp): boolean {
  const match = topic.exec(k);
  if (!match || match.index !== 0) return false;
  return /^(?:を|の|で|が|は)?$/u.test(k.slice(match[0].length).replace(/^(?:して|する|します)$/u, ''));
}

/**
 * What a top-level message asks for, from its words alone (the root adds the FAQ's view).
 * A person comes first: 「リセットしたいので担当者につないで」 asks for a person.
 */
export function recognizeIntent(text: string): RootIntent | undefined {
  const k = wordKey(text);
  if (k === '') return undefined;
  if (asksForPerson(text)) return { kind: 'person' };
  const button = START_BUTTONS.find(([, b]) => b === k);
  if (button) return { kind: 'flow', flow: button[0] };

  // A request number anywhere is a status request: alone, or in 「RR-…はどうなってますか」.
  const ticketId = findRequestNumber(text);
  if (ticketId) return { kind: 'flow', flow: 'recoveryStatus', ticketId };
  if ((STATUS_TRIGGERS.some((t) => k.startsWith(t)) || RECOVERY_STATUS_TOPICS.some((p) => p.test(k))) && !TIMING_QUESTION.test(k)) {
    return { kind: 'flow', flow: 'recoveryStatus' };
  }

  const own = wordKey(ownWords(text));
  for (const flow of WISH_FLOWS) {
    const topics = FLOW_TOPICS[flow];
    if (!topics.some((t) => t.test(own)) || excludedFrom(flow, own)) continue;
    if (isWish(text) || topics.some((t) => topicAlone(own, t))) return { kind: 'flow', flow };
  }
  return undefined;
}

// --- a handover that is waiting -------------------------------------------------------------

/** Asking how a handover the user is waiting for stands (only read while a ticket is pending). */
export const WAITING_PATTERNS: readonly RegExp[] = [
  key('^まだ(?:かかりますか|かかりそう|かかる|ですか|です|なの|なんですか|かな|こない|来ない|来ません|きません)?$'),
  key('どうなって|どうなり|どうなった|どうなる'),
  key('(?:連絡|れんらく|返事|へんじ|返信|へんしん|回答|電話|メール|対応|結果|けっか|審査|申請|しんせい)(?:は|が|って)?(?:まだ|ない|来ない|こない|きません|来ません|いつ|ありません|どう)'),
  key('いつ(?:頃|ごろ)?(?:連絡|返事|返信|対応|つなが|来|く|電話|メール)'),
  key('(?:どのくらい|どれくらい|どの位|あとどれ|あと何分|あと何時間)(?:待|ま|かか)'),
  key('(?:進捗|しんちょく|状況|じょうきょう|ステータス)(?:は|を|どう|教え|知りたい|確認)'),
  key('待って(?:い|る|ま|ん)'),
  key('(?:どんな|どういう)(?:感じ|かんじ|状況|状態)'),
  key('受付番号|mdg-'),
];

/** Longest message read as a question about a pending handover (longer ones are new questions). */
export const MAX_WAITING_QUESTION_LENGTH = 40;

/** True when the message asks how a pending handover stands (「まだかかりますか？」, 「担当者からの連絡はまだ？」). */
export function asksAboutWaiting(text: string): boolean {
  const k = wordKey(text);
  if (k === '' || k.length > MAX_WAITING_QUESTION_LENGTH) return false;
  return WAITING_PATTERNS.some((p) => p.test(k));
}

// --- abstentions ---------------------------------------------------------------------------

/**
 * Coverage of the best candidate below which a question shares no real word with the knowledge
 * base: measured on the fixture sets' abstentions, out-of-scope questions (weather, restaurants,
 * Outlook signatures, Excel) stay under 0.2, while in-scope ones the search missed are mostly above.
 */
export const OFF_TOPIC_MAX_COVERAGE = 0.2;

/**
 * Why the FAQ abstained: 'off-topic' when the question is not about Microsoft accounts at all
 * (no candidate, a topic this desk does not handle, or hardly a word in common), else
 * 'near-miss' (some words of the domain, not enough to answer: worth rephrasing).
 */
export function abstentionKind(decision: Extract<FaqDecision, { kind: 'abstain' }>, text = ''): 'off-topic' | 'near-miss' {
  if (decision.candidates.length === 0 || decision.outOfScopeTopic === true) return 'off-topic';
  // A long story about one's account has a low coverage but is this desk's business.
  if (DOMAIN_WORDS.test(wordKey(text))) return 'near-miss';
  return (decision.coverage ?? 0) < OFF_TOPIC_MAX_COVERAGE ? 'off-topic' : 'near-miss';
}

/** Words that make a message this desk's business whatever the search scored. */
const DOMAIN_WORDS = key(`アカウント|account|パスワード|password|サインイン|ログイン|microsoft|マイクロソフト|outlook|hotmail|skype|xbox|onedrive|セキュリティ|確認コード|ブロック|ロック`);

// --- choices -------------------------------------------------------------------------------

/** Words every entry's question shares: they tell no choice from another. */
const GENERIC_CHOICE_WORDS = new Set(['microsoft', 'マイクロソフト', 'アカウント', 'あかうんと'].map(wordKey));

/**
 * Words of a choice's question that the other choices' questions do not have (katakana, kanji
 * and Latin runs): typing one of them picks the choice (「ブロック」 for 「アカウントがブロックされた」).
 */
export function choiceWords(question: string, otherQuestions: readonly string[]): string[] {
  const runs = (q: string) => fold(q).toLowerCase().match(/[\p{sc=Katakana}ー]{2,}|\p{sc=Han}+|[a-z0-9]{2,}/gu) ?? [];
  const others = new Set(otherQuestions.flatMap(runs).map(wordKey));
  return [...new Set(runs(question))].filter((w) => !others.has(wordKey(w)) && !GENERIC_CHOICE_WORDS.has(wordKey(w)));
}
