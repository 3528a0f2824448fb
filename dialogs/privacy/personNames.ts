/**
 * Where personal names are in a text, for the redaction module's [氏名] (issue 10).
 *
 * Two sources:
 * - phrases, always on, no dictionary: a name introduced as one's own (「名前は山田太郎です」,
 *   「山田と申します」, 「私は佐藤です」, "my name is Taro Yamada"). They work from the first
 *   line the process logs, before kuromoji's dictionary is loaded.
 * - a dictionary detector, injected once the analyzer is loaded (`dictionaryNameDetector` wraps
 *   the analyzer's `personNameSpans`: kuromoji's 名詞,固有名詞,人名 tokens), which finds names
 *   that nothing introduces (「山田次郎で登録しました」). Its raw tags are filtered here: measured
 *   on the 2,202 user turns of test/fixtures, kuromoji tagged 91 names, 88 of them right; the
 *   misses were pieces of other words (削徐 → 徐, 覚えてない笑 → 笑, 小文字), and in the bot's
 *   own texts pieces of katakana words (シークレット → レット, スマートフォン → スマート).
 */
import type { Span } from './dates';

/** A span of a name in the text given, [start, end) in UTF-16 units. */
export interface NameSpan {
  readonly start: number;
  readonly end: number;
}

/**
 * Finds personal names in a text, as spans of that very text. Synchronous (the redaction module is),
 * and expected not to throw; one that does is ignored for that text (redaction never throws).
 */
export type PersonNameDetector = (text: string) => readonly NameSpan[];

/** What the dictionary detector needs of the analyzer (src/search/analyzer.ts `personNameSpans`). */
export interface PersonNameTagger {
  personNameSpans(text: string): readonly NameSpan[];
}

/** Words the dictionary tags as names that are, in this desk's conversations, something else. */
const NOT_NAMES: ReadonlySet<string> = new Set(['笑', '汗', '泣', '涙', '爆', '小文字', '大文字', '半角', '全角']);

const HAN = /\p{Script=Han}|々/u;
const KATAKANA = /^[\u30a1-\u30faー]$/;
const HIRAGANA = /^[\u3041-\u309f]$/;
/** Hiragana that may come right before a name: particles. */
const PARTICLES_BEFORE = 'はがのもをにと';
/** What may follow a hiragana name (「やまだです」); anything else makes it a piece of a word (すまほ). */
const AFTER_HIRAGANA_NAME = ['です', 'でし', 'でご', 'で登録', 'と申', 'ともう', 'とい', 'と言', 'って', 'さん', 'くん', 'ちゃん', 'さま', 'じゃ', 'だ', 'は', 'が', 'の', 'に', 'も', 'よ', 'ね'];

/** The dictionary's 人名 spans, minus pieces of longer words, with 姓 and 名 next to each other joined. */
export function dictionaryNameDetector(tagger: PersonNameTagger): PersonNameDetector {
  return (text) => {
    const raw = [...tagger.personNameSpans(text)].sort((a, b) => a.start - b.start);
    const inName = (i: number) => raw.some((s) => i >= s.start && i < s.end);
    const kept = raw.filter(({ start, end }) => {
      const word = text.slice(start, end);
      if (word.length === 0 || NOT_NAMES.has(word)) return false;
      const before = text.charAt(start - 1);
      const after = text.charAt(end);
      // ア-ン glued to more katakana: a piece of a loanword the dictionary does not know (シークレット).
      if (KATAKANA.test(word.charAt(0)) && (KATAKANA.test(before) || KATAKANA.test(after))) return false;
      // One kanji glued to other kanji that are no name: a piece of a misspelt word (削徐).
      if (word.length === 1 && ((HAN.test(before) && !inName(start - 1)) || (HAN.test(after) && !inName(end)))) return false;
      if ([...word].every((c) => HIRAGANA.test(c))) {
        if (HIRAGANA.test(before) && !PARTICLES_BEFORE.includes(before)) return false;
        if (HIRAGANA.test(after) && !AFTER_HIRAGANA_NAME.some((w) => text.startsWith(w, end))) return false;
      }
      return true;
    });
    return joinAdjacent(text, kept.map((span) => withGivenName(text, span)));
  };
}

/**
 * 「山田 太郎で登録しています」: the dictionary tags 山田 but, after the space, reads 太郎で as
 * something else. A word of one to four kanji or katakana right after a name and one space or
 * ・ is taken as the rest of it (姓 then 名 is the order people write).
 */
const GIVEN_NAME_AFTER = /^[ ・\u3000]([\p{Script=Han}々]{1,4}|[\u30a1-\u30faー]{1,4})(?![\p{Script=Han}々\u30a1-\u30faー])/u;

function withGivenName(text: string, span: NameSpan): NameSpan {
  const next = GIVEN_NAME_AFTER.exec(text.slice(span.end, span.end + 6));
  return next ? { start: span.start, end: span.end + next[0].length } : span;
}

/** 山田 + 次郎 (or 山田 次郎, 山田・次郎, or overlapping spans) become one span: one [氏名] for one person. */
function joinAdjacent(text: string, spans: readonly NameSpan[]): NameSpan[] {
  const out: NameSpan[] = [];
  for (const span of spans) {
    const last = out[out.length - 1];
    if (last && (span.start <= last.end || (/^[\s・]*$/.test(text.slice(last.end, span.start)) && span.start - last.end <= 2))) {
      out[out.length - 1] = { start: last.start, end: Math.max(last.end, span.end) };
    } else out.push(span);
  }
  return out;
}

// --- phrases (no dictionary) -------------------------------------------------------------------

/** Letters of a name written in kanji, katakana or Latin; one space may separate 姓 and 名. */
const NAME_WORD = "[\\p{Script=Han}々\\p{Script=Katakana}ー・A-Za-z'’.-]+";
const NAME = `${NAME_WORD}(?: ${NAME_WORD})?`;
const HIRAGANA_NAME = '[\\u3041-\\u3096ー]{2,8}';
/** Endings that close a self-introduction (です, と申します…). */
const POLITE_END = '(?:です|でした|でございます|と申します|ともうします|と申す|といいます|と言います|って言います|っていいます|っていう|という|で登録|でお願い|さん|様|じゃ)';
/** What may follow a name introduced by a label: an ending, punctuation, or the end of the text. */
const LABEL_END = `(?=\\s?(?:${POLITE_END}|だ|[、。,.!！?？)）」』\\n]|$))`;
const PRONOUN = '(?:私|わたし|わたくし|僕|ぼく|俺|おれ|あたし|自分)';
/** 名前は, 氏名:, 姓は, 名は… at a word boundary: not アカウント名は, not ペットの名前は (「私の名前は」 is). */
const LABEL = `(?:(?<=^|[^\\p{L}\\p{N}]|${PRONOUN}の|お)|(?<=[\\u3041-\\u3093](?<!の)))(?:名前|なまえ|氏名|姓名|フルネーム|名字|苗字|みょうじ|姓|名|下の名前|上の名前)\\s?(?:は|が|:|：|=)\\s?`;

const LABELLED = new RegExp(`${LABEL}(${NAME}|${HIRAGANA_NAME}(?=\\s?${POLITE_END}))${LABEL_END}`, 'gu');
/** 「山田と申します」, 「山田 太郎といいます」: the kanji, katakana or Latin run before the verb. */
const BEFORE_INTRO = new RegExp(`(${NAME})\\s?(?=と申します|ともうします|と申す|といいます|と言います|って言います|っていいます)`, 'gu');
/**
 * 「やまだともうします」, 「わたしはやまだと申します」: up to eight hiragana before the verb, a leading
 * pronoun and は left out. Where the name starts inside a longer run cannot be told without a
 * dictionary, so a greeting before it may go too (「こんにちはやまだ」): more hidden, nothing leaked.
 */
const HIRAGANA_BEFORE_INTRO = new RegExp(`(?:(?:わたし|わたくし|ぼく|おれ|あたし)は)?(${HIRAGANA_NAME})(?=と申します|ともうします|と申す|といいます|と言います|って言います|っていいます)`, 'gu');
/** 「私は佐藤です」: kanji only (katakana or Latin after 私は is too often a thing: 私はアンドロイドです). */
const PRONOUN_IS = new RegExp(`${PRONOUN}\\s?は\\s?([\\p{Script=Han}々]{1,6}(?: [\\p{Script=Han}々]{1,4})?)(?=\\s?(?:です|でございます|と申します|ともうします|といいます|と言います))`, 'gu');
/** What BEFORE_INTRO and HIRAGANA_BEFORE_INTRO look ahead for (と申す covers と申します). */
const INTRO_VERB = /と申す|と申します|ともうします|といいます|と言います|って言います|っていいます/;
const ENGLISH = /(?<![A-Za-z])[Mm]y (?:full |last |first |family |given )?[Nn]ame is ([A-Z][A-Za-z'’.-]*(?: [A-Z][A-Za-z'’.-]*)?)/g;

/** Words that follow 名前は or 私は without being a name (「名前は不明です」, 「私は学生です」). */
const NOT_A_NAME = new Set([
  '不明', '未登録', '未設定', '未入力', '秘密', '内緒', '同じ', '変更', '本名', '無し', 'なし', 'ない', 'わからない', 'わかりません', 'しらない', 'まだ',
  '学生', '大学生', '高校生', '中学生', '小学生', '留学生', '初心者', '高齢者', '本人', '日本人', '外国人', '会社員', '公務員', '主婦', '主夫', '大丈夫', '無職',
  '契約者', '管理者', '担当者', '利用者', '家族', '親', '母', '父', '子供', '未成年', '社会人', '素人', '男', '女', '男性', '女性', '無理', '不安', '心配',
  '賛成', '反対', '元気', '了解', '暇', '個人', '法人', '代理', '代理人', '老人', '妻', '夫', '息子', '娘', '祖母', '祖父', '孫', '機械音痴', '年寄り',
  '漢字', 'ひらがな', 'カタカナ', 'ローマ字', '英語', '大文字', '小文字', '半角', '全角',
]);

function notAName(word: string): boolean {
  // The redaction module's fold writes the long-vowel mark as '-' (ロ-マ字): compare as written.
  const w = word.trim().replace(/-/g, 'ー');
  return w.length === 0 || NOT_A_NAME.has(w);
}

/** After 私は, also a role or an age (利用者, 日本人, 会社員, 20歳): names ending so are rarer there than these words. */
function notANameAfterPronoun(word: string): boolean {
  return notAName(word) || /(?:者|人|員|歳|才)$/.test(word.trim());
}

/**
 * The phrases, each with words every match of it contains (from its pattern: a label, a verb of
 * introduction, a pronoun): a text without them is not scanned by the pattern, whose lookbehinds
 * and letter classes are tried at every position. Most messages introduce nobody.
 */
const PHRASES: readonly { readonly pattern: RegExp; readonly needs: RegExp }[] = [
  { pattern: LABELLED, needs: /[名姓苗]|なまえ|フルネーム|みょうじ/ },
  { pattern: BEFORE_INTRO, needs: INTRO_VERB },
  { pattern: HIRAGANA_BEFORE_INTRO, needs: INTRO_VERB },
  { pattern: PRONOUN_IS, needs: new RegExp(PRONOUN) },
  { pattern: ENGLISH, needs: /[Nn]ame is/ },
];

/** Names introduced as one's own, found without the dictionary, in `folded` (the redaction module's fold). */
export function phraseNameSpans(folded: string): Span[] {
  const spans: Span[] = [];
  for (const { pattern, needs } of PHRASES) {
    if (!needs.test(folded)) continue;
    for (const m of folded.matchAll(pattern)) {
      const name = m[1] ?? '';
      if (pattern === PRONOUN_IS ? notANameAfterPronoun(name) : notAName(name)) continue;
      const start = m.index + m[0].lastIndexOf(name);
      spans.push([start, start + name.length]);
    }
  }
  return spans;
}
