/**
 * Text normalization shared by the analyzer and the synonym list.
 *
 * Users type the same word in many writings: half-width katakana (ｱｶｳﾝﾄ),
 * full-width Latin (ｍｉｃｒｏｓｏｆｔ), hiragana for katakana words (ぱすわーど),
 * with or without the trailing long-vowel mark (サーバー/サーバ). These functions
 * make those writings meet before and after tokenization.
 */

const KATAKANA_START = 0x30a1; // ァ
const KATAKANA_END = 0x30f6; // ヶ
const KANA_OFFSET = 0x60; // distance between a katakana and its hiragana

/** NFKC and lower case: width variants and Latin case stop mattering. */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    // NFKC leaves the wave dash and its cousins alone; users use them as long-vowel marks.
    .replace(/[〜～]/g, 'ー')
    .replace(/[\u2010-\u2015\u2212]/g, '-');
}

/** Maps katakana to hiragana so ぱすわーど and パスワード become one spelling. */
export function katakanaToHiragana(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    out += code >= KATAKANA_START && code <= KATAKANA_END ? String.fromCodePoint(code - KANA_OFFSET) : ch;
  }
  return out;
}

/**
 * Kana without their voicing marks (パスワード → ハスワート, で → て): what a word still looks like
 * when someone types without dakuten and handakuten (an old phone, a voice-to-text slip, a hurry).
 */
export function withoutVoicingMarks(text: string): string {
  return text.normalize('NFD').replace(/[\u3099\u309a]/g, '').normalize('NFC');
}

/**
 * withoutVoicingMarks character by character, keeping the text's length (a character that would vanish,
 * a lone combining mark, stays as it is), so any slice of the result is the slice of the text without
 * marks: a run is folded once, not once per slice looked up.
 */
export function withoutVoicingMarksByChar(text: string): string {
  let out = '';
  for (const ch of text) {
    const folded = withoutVoicingMarks(ch);
    out += folded.length === ch.length ? folded : ch;
  }
  return out;
}

/**
 * The key a term is indexed under: kana unified to hiragana and a trailing
 * long-vowel mark dropped (サーバー and サーバ are the same word; JIS Z 8301 allows both).
 */
export function termKey(term: string): string {
  const unified = katakanaToHiragana(normalizeText(term));
  return unified.length > 2 ? unified.replace(/ー+$/, '') : unified;
}

/**
 * The string character n-grams are cut from: kana unified, every long-vowel
 * mark, space and punctuation removed, so misspelled or unknown words still share n-grams.
 */
export function gramSource(text: string): string {
  return katakanaToHiragana(normalizeText(text)).replace(/[\sー・、。,.!?！？「」『』()（）[\]【】"'`:;/\\|~^*+=<>{}#$%&@-]+/g, '');
}

/** Overlapping character n-grams of `text`; a string shorter than `n` is its own gram. */
export function charNgrams(text: string, n: number): string[] {
  const chars = Array.from(text);
  if (chars.length === 0) return [];
  if (chars.length <= n) return [chars.join('')];
  const grams: string[] = [];
  for (let i = 0; i + n <= chars.length; i++) grams.push(chars.slice(i, i + n).join(''));
  return grams;
}
