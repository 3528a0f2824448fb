/**
 * The one text normalizer every recognizer uses, so 全角 digits, half-width katakana,
 * hiragana spellings and stray spaces mean the same thing wherever the bot reads a reply.
 */

/** Dash-like characters people type between digits (IME long-vowel marks, minus signs, full-width hyphens). */
const DIGIT_DASHES = /(?<=\d)\s*[\u2010-\u2015\u2212\u30fc\uff70\uff0d~〜-]\s*(?=\d)/g;

/**
 * NFKC (全角 → 半角, ｶﾀｶﾅ → カタカナ), dashes between digits unified to '-', runs of
 * whitespace collapsed to one space, trimmed. Case and kana kind are kept: values
 * (names, addresses) are read from this form.
 */
export function fold(text: string): string {
  return text.normalize('NFKC').replace(DIGIT_DASHES, '-').replace(/\s+/g, ' ').trim();
}

/** Katakana → hiragana (ヴ and the small ヵヶ too), so アプリ and あぷり compare equal. */
export function toHiragana(text: string): string {
  return text.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
}

/** Punctuation, symbols and emoji that never change what a short reply means. */
const NOISE = /[\s、。，．,.!！?？…‥・「」『』（）()［］[\]【】〜~♪☆★"'`^_*|:;：；\p{Extended_Pictographic}\uFE0F]+/gu;

/**
 * The comparison key of a word or a short reply: folded, lower case, katakana as hiragana,
 * without spaces, punctuation or emoji. 「はい。」, 「ハイ！」 and 「はい 」 share one key.
 */
export function wordKey(text: string): string {
  return toHiragana(fold(text).toLowerCase()).replace(NOISE, '');
}
