/**
 * Reads what a Japanese user types in answer to the bot's question: yes / no / "I don't know",
 * a choice among the offered options, or "I don't have it / it did not arrive".
 *
 * Pure (no botbuilder, nothing from src/). Every reply goes through the shared normalizer
 * (normalize.ts: fold, toHiragana, wordKey); the word lists at the top are data and are meant
 * to move beside the bot's messages later.
 *
 * Everything here is hand-written, Recognizers-Text is not used: its Japanese boolean model knows only
 * はい / いいえ / そうです, and its Japanese number model (@microsoft/recognizers-text-number 1.3,
 * tried) misses 「三番」 and 「一番下」, reads 最初 as 0, takes ~60 ms to load plus ~40 ms on the
 * first call, and is only a transitive dependency of botbuilder-dialogs here. Ordinals 1–9 are a
 * small table below instead.
 */
import { fold, toHiragana, wordKey } from './normalize';

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

/** A yes/no answer; 'unknown' is "I don't know / I'm not sure" (わからない, 知らない, 覚えてない…). */
export type YesNo = { kind: 'yes' } | { kind: 'no' } | { kind: 'unknown' };

/** The question's own verb: replies that confirm (yes) or deny (no) it answer the question. */
export type AnswerVerb = { readonly yes: readonly string[]; readonly no: readonly string[] };

/** One option offered to the user: its value, its button title and the words that name it. */
export interface ChoiceOption<T> {
  readonly value: T;
  readonly title: string;
  /** words that name the option */
  readonly words: readonly string[];
}

/** What a reply chose: one option, several (the user named more than one), or none. */
export type ChoiceResult<T> = { kind: 'picked'; value: T } | { kind: 'ambiguous'; values: readonly T[] } | { kind: 'none' };

/** "I don't have it / can't use it" (missing) or "it did not arrive" (not-arrived). */
export type Lacking = { kind: 'missing' } | { kind: 'not-arrived' };

// ---------------------------------------------------------------------------------------------
// Word lists (data). Spellings are free: every list is read through the same canonical form as
// the reply (wordKey, then KANA_SPELLINGS, then CONJUGATIONS), so 覚えています, おぼえてる and
// 覚えてます are one entry, and ありません is ない.
// ---------------------------------------------------------------------------------------------

/** Question verb "do you remember…?" (秘密の質問の答えを覚えていますか). */
export const REMEMBER_VERB: AnswerVerb = {
  yes: ['覚えています', '覚えてる', '憶えて', '覚えてます', '記憶にある', '覚えていました', '覚えてた', '忘れてない', 'わかります', 'わかる'],
  no: ['覚えていません', '覚えてない', '忘れた', '忘れました', '思い出せない', '記憶にない', '忘れてる', '失念'],
};

/** Question verb "do you have…?" (携帯電話をお持ちですか). */
export const HAVE_VERB: AnswerVerb = {
  yes: ['持っています', 'あります', '持ってる', 'ある', '手元にある', '持ってます'],
  no: ['持っていません', 'ない', 'ありません', '持ってない', '手元にない', 'なくした', 'なくしました', '紛失', '解約した'],
};

/** Question verb "can you use…?" (その電話はいまも使えますか). */
export const CAN_USE_VERB: AnswerVerb = {
  yes: ['使えます', '使える', '使えてる', '使ってる', '利用できる', '利用できます'],
  no: ['使えません', '使えない', '使えてない', '使ってない', '利用できない', '利用できません'],
};

/** Question verb "have you registered…?" (電話番号を登録していますか). */
export const REGISTERED_VERB: AnswerVerb = {
  yes: ['登録しています', '登録した', 'している', '登録済み', '登録してある', 'してある'],
  no: ['登録していません', 'してない', '未登録', 'していない', '登録しなかった'],
};

/** Plain yes, read at the head of the reply (after fillers). */
export const YES_WORDS: readonly string[] = [
  'はい', 'はーい', 'はいはい', 'ええ', 'うん', 'うんうん', 'そう', 'そうです', 'そうだね', 'そうそう', 'その通り',
  'yes', 'yeah', 'yep', 'y', 'ok', 'okay', 'オッケー', 'オーケー', 'おけ', 'おk', 'イエス', '了解',
  // 大丈夫 / 問題ない answer "does it work / is it remembered" questions with yes.
  '大丈夫', 'だいじょぶ', '問題ない', '問題ありません',
  'お願いします', 'お願い', 'もちろん', 'あります', 'いいよ', 'いいです', '合ってる', '合っています',
];

/** Plain no, read at the head of the reply (after fillers). */
export const NO_WORDS: readonly string[] = [
  'いいえ', 'いや', 'いえ', 'いいや', 'いえいえ', 'ううん', 'no', 'nope', 'n', 'ノー', 'ng',
  '違います', '違う', 'ちがう', 'ダメ', 'だめです', '駄目', '無理', 'できない', 'できません', 'ない', 'ないです', 'ありません',
];

/** "I don't know / not sure": at the head of the reply or ending any clause of it. */
export const UNKNOWN_WORDS: readonly string[] = [
  'わからない', 'わかりません', '分からない', '分かりません', 'わかんない', 'わからん', '知らない', '知りません', '知らん',
  '不明', 'どうだろう', 'どうでしょう', 'どうかな', '自信がない', '自信ない', '確信がない', '定かではない',
  // Without a verb, not remembering is a way of not knowing; with REMEMBER_VERB these are "no".
  '忘れちゃった', '覚えてない', '思い出せない', '記憶にない',
];

/** Words that end in ない / ある but answer nothing, so ない inside them is not a "no". */
export const NEUTRAL_WORDS: readonly string[] = [
  '間違いない', '構わない', 'かまわない', '仕方ない', '仕方がない', 'しょうがない', '関係ない', '足りない', '少ない', '危ない',
  'もったいない', 'つまらない', 'いけない', 'ならない', 'いきません', 'いかない', 'しない',
];

/** Said after a yes word, turns it into no: 大丈夫じゃない, そうではありません. */
export const NEGATIONS: readonly string[] = ['じゃない', 'ではない', 'じゃなく', 'ではなく', 'じゃねー'];

/** Hesitations stripped from the head of a reply; そうですね only when something follows it. */
export const FILLERS: readonly string[] = [
  'えっと', 'えーっと', 'えーと', 'ええと', 'えと', 'あの', 'あのー', 'あのう', 'うーん', 'うーむ', 'うーんと', 'んー', 'んーと',
  'ん', 'あ', 'あっ', 'あー', 'ああ', 'え', 'えっ', 'えー', 'お', 'おー', 'まあ', 'まぁ', 'そうですね', 'そうだな', 'そうですねー',
  'たぶん', '多分', '一応', '確か', '正直', '実は', 'なんか', 'ちょっと', 'その',
];

/** Endings that add nothing to a clause: 覚えてます【よ】, 持ってない【です】, 大丈夫【だと思います】. */
export const TRAILING_WORDS: readonly string[] = [
  'です', 'でした', 'だ', 'だよ', 'だね', 'よ', 'ね', 'な', 'わ', 'さ', 'ぞ', 'とも', 'ー', 'っ', 'っす', 'よね', 'かな', 'かも',
  'かもしれない', 'と思います', 'と思う', 'だと思います', 'だと思う', 'はず', '気がします', '気がする', 'んです', 'のです', 'んだ',
  'たぶん', '多分', '一応', 'ほんと', 'ってば', 'なんです', 'なんだ', 'なの',
];

/** Conjunctions after which the next clause starts: 覚えてない【けど】…, 持ってない【ので】…. */
export const CLAUSE_LINKS: readonly string[] = ['けど', 'けれど', 'けれども', 'し', 'ので', 'から', 'ため', 'ですが', 'んですが', 'のですが', 'んだけど'];

/** "I don't have it / can't use it". */
export const MISSING_WORDS: readonly string[] = [
  'ない', 'ありません', '持っていない', '持ってない', '持っていません', '手元にない', '使っていない', '使ってない', '使えない',
  '使えません', 'なくした', 'なくしました', '紛失', '解約した', '解約しました', '機種変', '登録してない', '未登録', '壊れた',
  '壊れて', '落とした', '盗まれた',
];

/** "It did not arrive". */
export const NOT_ARRIVED_WORDS: readonly string[] = [
  '届かない', '届きません', '届いてない', '届いていない', '来ない', '来ません', 'こない', 'きません', '来てない', '受け取れない',
  '受け取れません', '受け取れてない', '受信できない', '受信できません', '受信しない', '着信しない', '着信がない', '見当たらない', 'まだです',
];

/** Kanji spellings people also type in kana. Both the reply and every word list are read through it. */
export const KANA_SPELLINGS: readonly (readonly [string, string])[] = [
  ['覚', 'おぼ'], ['憶', 'おぼ'], ['記憶', 'きおく'], ['思い出', 'おもいだ'], ['思', 'おも'], ['忘', 'わす'], ['持', 'も'],
  ['手元', 'てもと'], ['使', 'つか'], ['登録', 'とうろく'], ['未', 'み'], ['分か', 'わか'], ['解か', 'わか'], ['判ら', 'わから'],
  ['判り', 'わかり'], ['知', 'し'], ['大丈夫', 'だいじょうぶ'], ['違', 'ちが'], ['無理', 'むり'], ['駄目', 'だめ'], ['出来', 'でき'],
  ['自信', 'じしん'], ['確信', 'かくしん'], ['不明', 'ふめい'], ['問題', 'もんだい'], ['願', 'ねが'], ['届', 'とど'],
  ['来な', 'こな'], ['来ま', 'きま'], ['来て', 'きて'], ['来た', 'きた'], ['受け取', 'うけと'], ['受取', 'うけと'], ['受信', 'じゅしん'],
  ['紛失', 'ふんしつ'], ['無く', 'なく'], ['失く', 'なく'], ['無い', 'ない'], ['有る', 'ある'], ['有り', 'あり'], ['解約', 'かいやく'],
  ['機種変', 'きしゅへん'], ['通り', 'とおり'], ['了解', 'りょうかい'], ['多分', 'たぶん'], ['一応', 'いちおう'], ['確か', 'たしか'],
  ['正直', 'しょうじき'], ['実は', 'じつは'], ['気', 'き'], ['合', 'あ'], ['壊', 'こわ'], ['落と', 'おと'], ['盗', 'ぬす'],
  ['利用', 'りよう'], ['間違', 'まちが'], ['構わ', 'かまわ'], ['仕方', 'しかた'], ['関係', 'かんけい'], ['足り', 'たり'],
  ['少な', 'すくな'], ['危な', 'あぶな'], ['見当た', 'みあた'],
];

/**
 * Polite, humble and contracted forms rewritten to one casual form, in this order:
 * 覚えておりません / 覚えていません / 覚えてなかった → 覚えてない, 持っています → 持ってる,
 * 忘れちゃった / 忘れてしまいました → 忘れた, ありません → ない, あります → ある.
 */
export const CONJUGATIONS: readonly (readonly [string, string])[] = [
  ['ませんでした', 'ません'], ['なかった', 'ない'],
  ['ておりません', 'てない'], ['ていません', 'てない'], ['ていない', 'てない'],
  ['ております', 'てる'], ['ています', 'てる'], ['ている', 'てる'],
  ['てしまいました', 'た'], ['てしまった', 'た'], ['ちゃいました', 'た'], ['ちゃった', 'た'], ['しました', 'した'],
  ['ありません', 'ない'], ['ございません', 'ない'], ['あります', 'ある'], ['ございます', 'ある'],
  // Western Japanese negatives: 覚えてへん, 覚えとらん, 持っとらん, わからへん, 知らん.
  ['てへん', 'てない'], ['とらん', 'てない'], ['ておらん', 'てない'], ['でけへん', 'できない'], ['らへん', 'らない'], ['えへん', 'えない'],
  // Eastern and northern: 覚えてねぇ, 覚えでねぇ (Tohoku voices the て).
  ['てねぇ', 'てない'], ['てねえ', 'てない'], ['でねぇ', 'てない'], ['でねえ', 'てない'],
];

/** E-row kana ending ichidan and potential stems: 使え【ます】 → 使え【る】, 思い出せ【ません】 → 思い出せ【ない】. */
export const ICHIDAN_ENDINGS = 'えけせてねめれげでべ';

/** Markers of a question, on the hiragana form: 「はいってどういう意味？」 is not a yes. */
export const QUESTION_MARKERS: readonly string[] = [
  'って何', 'ってなに', 'ってなん', 'とは何', 'とはなに', 'どういう', 'どうなる', 'どうなり', 'どうすれば', 'どうしたら', 'どうやって',
  'どうやったら', 'どうして', 'なぜ', '教えて', 'おしえて', '意味',
];

/** Weak question markers, overridden by a request form: 「SMSで送ってもらえますか？」 chooses SMS. */
export const WEAK_QUESTION_MARKERS: readonly string[] = ['?', 'ですか', 'ますか', 'でしょうか'];

/** Requests phrased as questions. */
export const REQUEST_FORMS: readonly string[] = [
  'できますか', 'もらえますか', 'いただけますか', 'くれますか', 'くださいますか', 'もらえませんか', 'いただけませんか', 'くれませんか',
  'いいですか', 'いける', 'いけますか', 'でもいい', 'で大丈夫', 'でいい', 'でok', 'でおk',
];

/** Ordinal words naming the first option. */
export const FIRST_WORDS: readonly string[] = ['最初', 'さいしょ', 'はじめの', '初めの', '一番上', 'いちばん上', 'いちばんうえ', '上の', 'うえの', 'トップ', '先頭'];

/** Ordinal words naming the last option. */
export const LAST_WORDS: readonly string[] = ['最後', 'さいご', '一番下', 'いちばん下', 'いちばんした', '下の', 'ラスト'];

/** Ordinal words naming the middle option (odd-length lists only). */
export const MIDDLE_WORDS: readonly string[] = ['真ん中', 'まんなか'];

/** Words that contain an ordinal word but name no option: 以上の is not 上の. */
export const NOT_ORDINAL_WORDS: readonly string[] = ['以上の', '以下の'];

/** Numerals 1–9 read before a counter (一番, 三つ目, にばんめ). */
export const NUMERALS: readonly (readonly [string, number])[] = [
  ['一', 1], ['二', 2], ['三', 3], ['四', 4], ['五', 5], ['六', 6], ['七', 7], ['八', 8], ['九', 9],
  ['いち', 1], ['に', 2], ['さん', 3], ['よん', 4], ['ご', 5], ['ろく', 6], ['なな', 7], ['はち', 8], ['きゅう', 9],
];

/** Counters that make a numeral an ordinal: 2番, 二つ目, 3こめ. */
export const ORDINAL_COUNTERS: readonly string[] = ['番目', '番', 'ばんめ', 'ばん', 'つ目', 'つめ', '個目', 'こめ'];

/** Native-Japanese ordinals. */
export const NATIVE_ORDINALS: readonly (readonly [string, number])[] = [['ひとつめ', 1], ['ふたつめ', 2], ['みっつめ', 3], ['よっつめ', 4], ['いつつめ', 5]];

/** What may follow a lone digit for it to be a choice: 「2」 「2番」 「2でお願いします」, not 「6桁」 「2段階」. */
export const DIGIT_FOLLOWERS: readonly string[] = [
  '番', 'ばん', 'つ目', 'つめ', '個目', 'こめ', 'th', 'st', 'nd', 'rd', 'で', 'に', 'を', 'が', 'です', 'の', 'ね', 'よ', 'って', 'か', 'と',
  'や', 'お願い', 'おねがい', 'ください',
  // the keycap emoji 1️⃣
  '\u20e3',
];

/** Said after an option's word, rules it out: 「メールじゃなくてSMS」. */
export const NOT_THIS: readonly string[] = ['じゃなく', 'ではなく', 'じゃない', 'ではない', '以外', 'いがい', 'は使えない', 'は使えません', 'は無理', 'はだめ', 'はない'];

// ---------------------------------------------------------------------------------------------
// Canonical form
// ---------------------------------------------------------------------------------------------

const SPELLINGS = [...KANA_SPELLINGS].map(([from, to]) => [wordKey(from), to] as const).sort((a, b) => b[0].length - a[0].length);
const REWRITES: readonly (readonly [string, string])[] = [
  ...CONJUGATIONS,
  ...[...ICHIDAN_ENDINGS].flatMap((e) => [[`${e}ました`, `${e}た`], [`${e}ません`, `${e}ない`], [`${e}ます`, `${e}る`]] as const),
];

/** wordKey, then kana spellings, then one casual conjugation: the form every list and reply is compared in. */
function canon(text: string): string {
  let key = wordKey(text);
  for (const [from, to] of SPELLINGS) key = key.replaceAll(from, to);
  for (const [from, to] of REWRITES) key = key.replaceAll(from, to);
  return key;
}

/** Canonical forms of a list, longest first (so the longest word wins every tie), empties dropped. */
function canonList(words: readonly string[]): readonly string[] {
  return [...new Set(words.map(canon).filter((w) => w !== ''))].sort((a, b) => b.length - a.length);
}

/** Emoji pieces that wordKey keeps (skin tones, zero-width joiner) but that never mean anything. */
const EMOJI_PIECES = /^[\u200d\p{Emoji_Modifier}]$/u;

/**
 * The reply cut into clauses at punctuation, spaces and emoji, each in canonical form.
 * Reuses wordKey's idea of noise: a character whose key is empty separates clauses.
 */
function clauses(folded: string): readonly string[] {
  const pieces: string[] = [];
  let current = '';
  for (const ch of folded) {
    if (wordKey(ch) === '' || EMOJI_PIECES.test(ch)) {
      pieces.push(current);
      current = '';
    } else current += ch;
  }
  pieces.push(current);
  return pieces.map(canon).filter((p) => p !== '');
}

const YES = canonList(YES_WORDS);
const NO = canonList(NO_WORDS);
const UNKNOWN = canonList(UNKNOWN_WORDS);
const LINKS = canonList(CLAUSE_LINKS);
const ENDINGS = canonList([...TRAILING_WORDS, ...CLAUSE_LINKS]);
const FILLER_KEYS = canonList(FILLERS);
const NEGATION_KEYS = canonList(NEGATIONS);
const MISSING = canonList(MISSING_WORDS);
const NOT_ARRIVED = canonList(NOT_ARRIVED_WORDS);
const PLAIN: readonly { readonly word: string; readonly kind: YesNo['kind'] }[] = [
  ...YES.map((word) => ({ word, kind: 'yes' as const })),
  ...NO.map((word) => ({ word, kind: 'no' as const })),
  ...UNKNOWN.map((word) => ({ word, kind: 'unknown' as const })),
].sort((a, b) => b.word.length - a.word.length);

/** Every listed word: a form that is only part of a longer listed word does not count (ない inside わからない). */
const LEXICON = canonList([
  ...YES_WORDS, ...NO_WORDS, ...UNKNOWN_WORDS, ...NEUTRAL_WORDS, ...NEGATIONS, ...TRAILING_WORDS, ...MISSING_WORDS, ...NOT_ARRIVED_WORDS,
  ...[REMEMBER_VERB, HAVE_VERB, CAN_USE_VERB, REGISTERED_VERB].flatMap((v) => [...v.yes, ...v.no]),
]);

type CompiledVerb = { readonly yes: readonly string[]; readonly no: readonly string[]; readonly lexicon: readonly string[] };
const compiledVerbs = new WeakMap<AnswerVerb, CompiledVerb>();

function compileVerb(verb: AnswerVerb): CompiledVerb {
  const cached = compiledVerbs.get(verb);
  if (cached !== undefined) return cached;
  const compiled = { yes: canonList(verb.yes), no: canonList(verb.no), lexicon: canonList([...LEXICON, ...verb.yes, ...verb.no]) };
  compiledVerbs.set(verb, compiled);
  return compiled;
}

function occurrences(text: string, word: string): number[] {
  const found: number[] = [];
  for (let i = text.indexOf(word); i !== -1; i = text.indexOf(word, i + 1)) found.push(i);
  return found;
}

/**
 * Is text[start, start+length) only a part of a longer listed word there (ない inside わからない)?
 * A listed word that is the same word plus endings (ないです for ない) hides nothing.
 */
function insideLongerWord(text: string, start: number, length: number, lexicon: readonly string[]): boolean {
  const word = text.slice(start, start + length);
  return lexicon.some(
    (w) =>
      w.length > length &&
      !(w.startsWith(word) && endsClause(w.slice(length))) &&
      occurrences(text, w).some((j) => j <= start && j + w.length >= start + length),
  );
}

/** Does the clause end here: nothing left but endings (です, よ, と思います), or a conjunction (けど, ので)? */
function endsClause(rest: string): boolean {
  let left = rest;
  while (left !== '') {
    const ending = ENDINGS.find((e) => left.startsWith(e));
    if (ending === undefined) return false;
    if (LINKS.includes(ending)) return true;
    left = left.slice(ending.length);
  }
  return true;
}

/** Is one of the words somewhere in the reply, not inside a longer listed word, and (when asked) ending its clause? */
function findWord(parts: readonly string[], words: readonly string[], lexicon: readonly string[], atClauseEnd: boolean): boolean {
  return parts.some((part) =>
    words.some((w) =>
      occurrences(part, w).some((i) => !insideLongerWord(part, i, w.length, lexicon) && (!atClauseEnd || endsClause(part.slice(i + w.length)))),
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Questions
// ---------------------------------------------------------------------------------------------

const STRONG_QUESTION = QUESTION_MARKERS.map((m) => toHiragana(fold(m).toLowerCase()));
const WEAK_QUESTION = WEAK_QUESTION_MARKERS.map((m) => toHiragana(fold(m).toLowerCase()));
const REQUESTS = REQUEST_FORMS.map((m) => toHiragana(fold(m).toLowerCase()));

/** A question back to the bot (not an answer), unless it is a request in question form. */
function isQuestion(folded: string): boolean {
  // 「課金？してないしてない」: a question echoed back, then the answer. Only what follows counts.
  const after = folded.slice(folded.lastIndexOf('?') + 1);
  if (folded.includes('?') && wordKey(after).length >= 2 && !/^(?:です|でしょ|ですね|ね|よ|な|か)+$/u.test(wordKey(after))) return isQuestion(after);
  const h = toHiragana(folded.toLowerCase());
  if (STRONG_QUESTION.some((m) => h.includes(m))) return true;
  const key = wordKey(folded);
  const weak = WEAK_QUESTION.some((m) => h.includes(m)) || key.endsWith('か');
  return weak && !REQUESTS.some((m) => h.includes(m));
}

// ---------------------------------------------------------------------------------------------
// Yes / no
// ---------------------------------------------------------------------------------------------

/** Longer replies are a different message, not an answer to a yes/no question. */
const MAX_ANSWER_LENGTH = 40;

/** The reply's clauses from its first word on, with leading hesitations (えっと, うーん, たぶん) removed. */
function withoutFillers(parts: readonly string[]): readonly string[] {
  const rest = [...parts];
  for (;;) {
    const head = rest[0];
    if (head === undefined) return rest;
    const filler = FILLER_KEYS.find((f) => {
      if (!head.startsWith(f)) return false;
      const whole = f.length === head.length;
      // A one-kana filler (あ, え) only as its own clause; a longer one not when it starts a longer word (その → その通り).
      if (!whole && (f.length < 2 || PLAIN.some((p) => p.word.length > f.length && head.startsWith(p.word)))) return false;
      // そうですね alone is the answer itself, not a filler.
      return !endsClause([head.slice(f.length), ...rest.slice(1)].join(''));
    });
    if (filler === undefined) return rest;
    const remaining = head.slice(filler.length);
    if (remaining === '') rest.shift();
    else rest[0] = remaining;
  }
}

/** The kind of the plain word heading the reply, if its first clause is made of that word. */
function headWord(parts: readonly string[], lexicon: readonly string[]): YesNo['kind'] | undefined {
  const head = withoutFillers(parts)[0];
  if (head === undefined) return undefined;
  const plain = PLAIN.find((p) => head.startsWith(p.word));
  if (plain === undefined) return undefined;
  const rest = head.slice(plain.word.length);
  if (NEGATION_KEYS.some((n) => rest.startsWith(n))) return plain.kind === 'yes' ? 'no' : undefined;
  const next = rest.replace(/^[ーっ]+/, '');
  // 「ええ大丈夫」: another listed word may follow without punctuation; 「はいる」 is not はい.
  return endsClause(next) || lexicon.some((w) => w.length >= 2 && next.startsWith(w)) ? plain.kind : undefined;
}

/**
 * Reads a yes/no reply; the question's verb (REMEMBER_VERB…) lets 覚えてます / 持ってない answer it.
 *
 * Rule, in order: not an answer (a question, a digit, an @, over 40 characters) → undefined;
 * a negated verb form ending a clause → no; an affirmative one → yes (so negation beats affirmation,
 * and 「いいえ、覚えてます」 answers the verb: yes); a no word heading the reply → no (decision:
 * 「いや、わからない」 is no, the user cannot say yes); an unknown word heading or ending a clause →
 * unknown (「はい、わかりません」: はい is only an acknowledgement); a yes word heading → yes,
 * or no when negated (大丈夫じゃない). Verb forms count only when the caller names the verb.
 */
export function recognizeYesNo(text: string, verb?: AnswerVerb): YesNo | undefined {
  // Kana-only writers space their phrases (「おぼえて いません」): the words joined are read first,
  // else 「おぼえて」 alone would be a yes.
  const joined = / /u.test(fold(text)) ? readYesNo(fold(text).replace(/ /gu, ''), verb) : undefined;
  return joined ?? readYesNo(text, verb);
}

function readYesNo(text: string, verb?: AnswerVerb): YesNo | undefined {
  const folded = fold(text);
  if (folded === '' || /[\d@]/.test(folded) || isQuestion(folded)) return undefined;
  const parts = clauses(folded);
  if (parts.length === 0 || parts.join('').length > MAX_ANSWER_LENGTH) return undefined;
  const compiled = verb === undefined ? undefined : compileVerb(verb);
  const lexicon = compiled?.lexicon ?? LEXICON;
  if (compiled !== undefined) {
    if (findWord(parts, compiled.no, lexicon, true)) return { kind: 'no' };
    if (findWord(parts, compiled.yes, lexicon, true)) return { kind: 'yes' };
  }
  const head = headWord(parts, lexicon);
  if (head === 'no') return { kind: 'no' };
  if (head === 'unknown' || findWord(parts, UNKNOWN, lexicon, true)) return { kind: 'unknown' };
  if (head === 'yes') return { kind: 'yes' };
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Lacking
// ---------------------------------------------------------------------------------------------

/** The reply holds what was asked for: three digits in a row (spaces, dashes allowed), or an address. */
const HOLDS_VALUE = /@|\d(?:[\s-]?\d){2,}/;

/**
 * Reads "I don't have it" / "it did not arrive" anywhere in a reply that holds no code, number or
 * address. Missing wins when both are said (no phone → resending will not help). A question
 * about it (「届かない場合はどうすればいい？」) still counts: the step's path for it is the same.
 */
export function recognizeLacking(text: string): Lacking | undefined {
  // As for yes and no: 「けいたい を もって いません」 is read with its spaces removed first.
  const joined = / /u.test(fold(text)) ? readLacking(fold(text).replace(/ /gu, '')) : undefined;
  return joined ?? readLacking(text);
}

function readLacking(text: string): Lacking | undefined {
  const folded = fold(text);
  if (HOLDS_VALUE.test(folded)) return undefined;
  const parts = clauses(folded);
  if (findWord(parts, MISSING, LEXICON, false)) return { kind: 'missing' };
  if (findWord(parts, NOT_ARRIVED, LEXICON, false)) return { kind: 'not-arrived' };
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Choice
// ---------------------------------------------------------------------------------------------

/** Where the reply names option `index` (-1: names nothing, only hides shorter words inside it). */
type Mention = { readonly start: number; readonly end: number; readonly index: number };

const DIGIT_FOLLOWER_KEYS = DIGIT_FOLLOWERS.map(wordKey);
const MONTHS = ['か月', 'かげつ', 'ゖ月', 'ゖげつ'].map(wordKey);
const NOT_THIS_KEYS = NOT_THIS.map(wordKey);

/** Keys of a word list, computed once per list (option lists are module constants in the bot). */
const keyCache = new WeakMap<readonly string[], readonly string[]>();
function keysOf(words: readonly string[]): readonly string[] {
  const cached = keyCache.get(words);
  if (cached !== undefined) return cached;
  const keys = words.map(wordKey).filter((w) => w !== '');
  keyCache.set(words, keys);
  return keys;
}

function mentionsOf(key: string, words: readonly string[], index: number): Mention[] {
  return keysOf(words).flatMap((w) => keyMentions(key, w, index));
}

function keyMentions(key: string, word: string, index: number): Mention[] {
  return word === '' ? [] : occurrences(key, word).map((start) => ({ start, end: start + word.length, index }));
}

/** Ordinals written with a numeral and a counter (2番, 三つ目, にばんめ) or natively (ふたつめ). */
const NUMERAL_ORDINALS: readonly (readonly [string, number])[] = [
  ...NUMERALS.flatMap(([numeral, n]) => ORDINAL_COUNTERS.map((counter) => [wordKey(numeral + counter), n] as const)),
  ...NATIVE_ORDINALS.map(([word, n]) => [wordKey(word), n] as const),
];

function numeralMentions(key: string): Mention[] {
  return NUMERAL_ORDINALS.flatMap(([word, n]) =>
    occurrences(key, word)
      // 番号 (a number, as in 電話番号) is not 番.
      .filter((start) => !/^(号|ごう)/.test(key.slice(start + word.length)))
      .map((start) => ({ start, end: start + word.length, index: n - 1 })),
  );
}

/** Lone digits 1–9 used as choices: not inside a longer number, a decimal, a word, or before a unit (6桁). */
function digitChoices(folded: string): number[] {
  const found: number[] = [];
  for (const match of folded.toLowerCase().matchAll(/(?<![\da-z.,-])[1-9](?!\d)/g)) {
    const after = wordKey(folded.slice(match.index + 1));
    if (after !== '' && (!DIGIT_FOLLOWER_KEYS.some((f) => after.startsWith(f)) || MONTHS.some((m) => after.startsWith(m)))) continue;
    if (NOT_THIS_KEYS.some((n) => after.startsWith(n))) continue;
    found.push(Number(match[0]) - 1);
  }
  return found;
}

/**
 * Reads which option a reply chooses: the exact button title, an option's word inside the text (the
 * longest word wins: ショートメール is SMS even though メール names e-mail), or its place in the list
 * (1, ２番, 三つ目, 最初の, 一番下). Several options named, or a number and a word that disagree → ambiguous.
 */
export function recognizeChoice<T extends string>(text: string, options: readonly ChoiceOption<T>[]): ChoiceResult<T> {
  const folded = fold(text);
  const key = wordKey(text);
  if (key === '' || options.length === 0) return { kind: 'none' };
  const exact = options.find((o) => wordKey(o.title) === key);
  if (exact !== undefined) return { kind: 'picked', value: exact.value };
  if (isQuestion(folded)) return { kind: 'none' };

  const last = options.length - 1;
  const mentions: Mention[] = [
    ...options.flatMap((o, index) => [...keyMentions(key, wordKey(o.title), index), ...mentionsOf(key, o.words, index)]),
    ...mentionsOf(key, FIRST_WORDS, 0),
    ...mentionsOf(key, LAST_WORDS, last),
    ...(options.length % 2 === 1 ? mentionsOf(key, MIDDLE_WORDS, last / 2) : []),
    ...mentionsOf(key, NOT_ORDINAL_WORDS, -1),
    ...numeralMentions(key),
  ];
  const kept = mentions.filter(
    (m) =>
      !mentions.some((o) => o.end - o.start > m.end - m.start && o.start <= m.start && o.end >= m.end) &&
      !NOT_THIS_KEYS.some((n) => key.startsWith(n, m.end)),
  );
  const indexes = new Set([...kept.map((m) => m.index), ...digitChoices(folded)]);
  const values = options.filter((_, index) => indexes.has(index)).map((o) => o.value);
  const [first, ...others] = values;
  if (first === undefined) return { kind: 'none' };
  return others.length === 0 ? { kind: 'picked', value: first } : { kind: 'ambiguous', values };
}
