import { messages } from './messages';
import { fold, toHiragana, wordKey } from './understanding/normalize';

/**
 * Greetings, thanks, closings and requests for help are answered as such, never searched.
 * Messages mix them (「ありがとう、解決しました！」, 「ありがとうございました、失礼します」) and put
 * them before a question (「こんにちは、パスワードを忘れました」): `readSmallTalk` reads a message made
 * only of small talk, `afterSmallTalk` gives the question that follows a greeting.
 */
export type SmallTalk = 'greeting' | 'thanks' | 'help' | 'closing';

/** What a message made only of small talk says. */
export interface SmallTalkReading {
  readonly kind: SmallTalk;
  /** The message also says the problem is solved (「ありがとう、解決しました」): helpful feedback after an answer. */
  readonly resolved: boolean;
}

export const GREETING_WORDS: readonly string[] = [
  'こんにちは', 'こんにちわ', 'こんばんは', 'こんばんわ', 'おはよう', 'おはようございます', 'はじめまして', '初めまして',
  'よろしく', 'よろしくお願いします', 'よろしくお願いいたします', 'よろしくおねがいします', 'もしもし', 'やあ', 'どうも', 'hello', 'hi', 'hey', 'ハロー',
  'お世話になっております', 'お世話になります', 'おせわになっております', 'お疲れ様です', 'おつかれさまです',
];

/** Said before a question rather than on their own (「すみません、」, 「質問です。」); alone, answered like a greeting. */
export const OPENER_WORDS: readonly string[] = [
  'すみません', 'すいません', 'あの', 'あのー', 'えっと', 'えーと', 'あ', 'やっぱり', 'じゃあ', 'では', 'ちょっと', 'ちょっといいですか', '質問です', '質問があります', 'ちょっと質問', '教えてください',
  // 「ちょっと聞きたいことがあって」: the question is still to come.
  '聞きたいことがあって', '聞きたいことがあります', '聞きたいことがある', '聞きたいことがあるんですが', '質問があって', '質問があるんですが', '相談があって', '相談があります', '相談があるんですが', '教えてほしいことがあって',
];

/** Said before thanks (「ご丁寧にありがとうございました」): each is also read with every thanks word. */
export const THANKS_PREFIXES: readonly string[] = ['ご丁寧に', 'ご親切に', '本当に', 'ほんとに', 'ほんとうに', '大変', 'いろいろ', '色々', 'わざわざ', 'どうも'];

export const THANKS_WORDS: readonly string[] = [
  'ありがとう', 'ありがとうございます', 'ありがとうございました', 'ありがと', 'ありがとね', 'どうもありがとう', 'どうもありがとうございます', 'どうもありがとうございました',
  'あざす', 'あざっす', '感謝します', '感謝', 'サンキュー', 'さんきゅ', 'thanks', 'thank you', 'thankyou', 'thx', '了解', '了解しました', '承知しました', 'ok', 'おk', 'オッケー',
];

/** Acknowledgements (「なるほど」): they go with thanks or a closing, and alone are taken as thanks. */
export const ACK_WORDS: readonly string[] = ['なるほど', 'そうなんですね', 'そうなんだ', 'そうですか', 'はいはい'];

export const HELP_WORDS: readonly string[] = ['ヘルプ', 'help', '使い方', '何ができますか', '何ができるの', 'なにができますか', 'できること', 'できることは', 'メニュー', 'menu'];

/** How phrases and the message are compared: folded, lower case, hiragana (spaces kept: "thank you"). */
function phraseKey(text: string): string {
  return toHiragana(fold(text).toLowerCase());
}

/** Phrases that need a separator before a question follows (「どうもサインインできない」 is not a greeting). */
const NEEDS_SEPARATOR: ReadonlySet<string> = new Set(['どうも', 'やあ', 'よろしく', '了解', '感謝', 'ok', 'おk'].map(phraseKey));

type Part = 'greeting' | 'opener' | 'thanks' | 'ack' | 'relief' | 'closing' | 'help';

/** Parts that may run straight into a question without a separator (「こんにちはパスワードを…」). */
const RUN_ON_PARTS: ReadonlySet<Part> = new Set(['greeting', 'thanks']);

/** Every phrase by its comparison key; longest first, so ありがとうございます wins over ありがとう. */
const PHRASES: readonly (readonly [key: string, part: Part])[] = (
  [
    ...GREETING_WORDS.map((w) => [w, 'greeting'] as const),
    ...OPENER_WORDS.map((w) => [w, 'opener'] as const),
    ...THANKS_WORDS.map((w) => [w, 'thanks'] as const),
    ...THANKS_PREFIXES.flatMap((p) => THANKS_WORDS.map((w) => [p + w, 'thanks'] as const)),
    ...ACK_WORDS.map((w) => [w, 'ack'] as const),
    ...messages.feedback.helpfulWords.map((w) => [w, 'relief'] as const),
    ...messages.closing.words.map((w) => [w, 'closing'] as const),
    ...HELP_WORDS.map((w) => [w, 'help'] as const),
  ] as const
)
  .map(([w, part]) => [phraseKey(w), part] as const)
  .filter(([k]) => k !== '')
  .sort((a, b) => b[0].length - a[0].length);

/** Polite endings and noises after a phrase (「もう大丈夫です」, 「ありがとうね〜」, 「了解っす」). */
const TAIL = /^(?:ですね|です|でした|っす|ね|よ|な|わ|ー+|っ|w+|笑)/u;
/** Separators between small talk and what follows. */
const SEPARATOR = /^[\s、。，．,.!！?？…‥・♪☆★〜~\p{Extended_Pictographic}\uFE0F]+/u;
/** Words that join small talk to a question (「わかりました、でも…」): dropped with it. */
const JOINER = /^(?:でも|ですが|けど|けれど|ただ|それで|ところで|あと|が)/u;

interface Scan {
  readonly parts: readonly Part[];
  /** Where the unread text starts, in the folded text. */
  readonly end: number;
  /** The folded text (NFKC, spaces collapsed): the rest is cut from it. */
  readonly folded: string;
}

function phraseAt(comparable: string, at: number): (typeof PHRASES)[number] | undefined {
  const rest = comparable.slice(at);
  return PHRASES.find(([k]) => rest.startsWith(k));
}

/**
 * Reads small-talk phrases from the start of the message, each optionally followed by a polite
 * ending and separators, until something else comes. Lower case and hiragana are compared,
 * but positions refer to the folded text, so the rest keeps its letters (RR-…, Skype names).
 */
function scan(text: string): Scan {
  const folded = fold(text);
  // Character by character, so positions in `comparable` are positions in `folded`.
  const comparable = [...folded]
    .map((c) => {
      const lower = c.toLowerCase();
      return toHiragana(lower.length === c.length ? lower : c);
    })
    .join('');
  // A phrase is complete when the message ends, a separator or another phrase follows.
  const complete = (at: number) => at === comparable.length || SEPARATOR.test(comparable.slice(at)) || phraseAt(comparable, at) !== undefined;
  const parts: Part[] = [];
  let at = 0;
  for (let hit = phraseAt(comparable, at); hit; hit = phraseAt(comparable, at)) {
    let next = at + hit[0].length;
    for (let tail = TAIL.exec(comparable.slice(next)); tail; tail = TAIL.exec(comparable.slice(next))) {
      // 「ありがとうわかりました」: わ starts the next phrase, it is no ending.
      if (!complete(next + tail[0].length)) break;
      next += tail[0].length;
    }
    if (!complete(next) && (!RUN_ON_PARTS.has(hit[1]) || NEEDS_SEPARATOR.has(hit[0]) || /[a-z]$/.test(hit[0]))) break;
    parts.push(hit[1]);
    at = next + (SEPARATOR.exec(comparable.slice(next))?.[0].length ?? 0);
  }
  return { parts, end: at, folded };
}

/** Reads a message made only of small talk; undefined when anything else is in it. */
export function readSmallTalk(text: string): SmallTalkReading | undefined {
  const trimmed = text.trim();
  if (/^[?？]+$/u.test(trimmed)) return { kind: 'help', resolved: false };
  const { parts, end, folded } = scan(trimmed);
  if (parts.length === 0 || end < folded.length) return undefined;
  const resolved = parts.includes('relief');
  if (parts.includes('closing')) return { kind: 'closing', resolved };
  if (parts.includes('thanks') || parts.includes('ack') || resolved) return { kind: 'thanks', resolved };
  if (parts.includes('greeting') || parts.includes('opener')) return { kind: 'greeting', resolved: false };
  return { kind: 'help', resolved: false };
}

/** Recognizes a message that is only small talk (punctuation, emoji and spaces ignored). */
export function recognizeSmallTalk(text: string): SmallTalk | undefined {
  return readSmallTalk(text)?.kind;
}

/** Shortest question worth routing after small talk (「こんにちは、か」 is not one). */
const MIN_QUESTION_LENGTH = 2;

/**
 * The question after leading small talk (「こんにちは、パスワードを忘れました」 → 「パスワードを忘れました」),
 * or undefined when the message does not start with small talk or is nothing else. Help words
 * never lead a question (「使い方がわからない」 is a question about 使い方).
 */
export function afterSmallTalk(text: string): string | undefined {
  const { parts, end, folded } = scan(text.trim());
  if (parts.length === 0 || parts.includes('help') || end >= folded.length) return undefined;
  const rest = folded.slice(end).replace(JOINER, '').replace(SEPARATOR, '').trim();
  return wordKey(rest).length >= MIN_QUESTION_LENGTH ? rest : undefined;
}

/** A question in a message: it asks for something, so thanks inside it do not close the conversation. */
const ASKS = /[?？]|ですか|ますか|でしょうか|どう(すれば|したら|やって)|教えて|ください|下さい|お願い|ほしい|たい(です)?$/u;

/**
 * True when a message the search could not place thanks or says goodbye somewhere in it, and
 * asks for nothing (「ご丁寧にありがとうございます。早速やってみます。本日はお世話になりました。」):
 * it is a closing, never an abstention.
 */
export function thanksOrGoodbyeWithin(text: string): boolean {
  const comparable = phraseKey(text);
  if (ASKS.test(fold(text))) return false;
  return PHRASES.some(([k, part]) => (part === 'thanks' || part === 'closing') && k.length >= 4 && comparable.includes(k)) || GOODBYE_WITHIN.test(comparable);
}

/** Goodbyes and thanks that are not in the phrase lists in these forms (お世話になりました, 失礼します in kana). */
const GOODBYE_WITHIN = /お世話になりま|おせわになりま|しつれいします|失礼します|失礼いたします|ありがと|感謝/u;
