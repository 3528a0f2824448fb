/**
 * The one text normalizer every recognizer uses, so 全角 digits, half-width katakana,
 * hiragana spellings and stray spaces mean the same thing wherever the bot reads a reply.
 */
import { isFixedText } from '../fixedTexts';

/** Dash-like characters people type between digits (IME long-vowel marks, minus signs, full-width hyphens). */
const DIGIT_DASHES = /(?<=\d)\s*[\u2010-\u2015\u2212\u30fc\uff70\uff0d~〜-]\s*(?=\d)/g;

/** The text fold read last and its folded form (see fold). */
let lastFold: { readonly text: string; readonly folded: string } = { text: '', folded: '' };

/**
 * NFKC (全角 → 半角, ｶﾀｶﾅ → カタカナ), dashes between digits unified to '-', runs of
 * whitespace collapsed to one space, trimmed. Case and kana kind are kept: values
 * (names, addresses) are read from this form.
 */
export function fold(text: string): string {
  // The recognizers fold one message a score of times in a turn (the lost-flow check, intents,
  // small talk, e-mail, phone and Skype names each fold it again): the last text and its form
  // are kept (nothing beyond the next call), so each message is folded once.
  if (text === lastFold.text) return lastFold.folded;
  const folded = text.normalize('NFKC').replace(DIGIT_DASHES, '-').replace(/\s+/g, ' ').trim();
  lastFold = { text, folded };
  return folded;
}

const KATAKANA = /[\u30a1-\u30f6]/;
const KATAKANA_ALL = /[\u30a1-\u30f6]/g;

/** Katakana → hiragana (ヴ and the small ヵヶ too), so アプリ and あぷり compare equal. */
export function toHiragana(text: string): string {
  // Most keys have no katakana: no callback per character for them.
  return KATAKANA.test(text) ? text.replace(KATAKANA_ALL, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60)) : text;
}

/** Punctuation, symbols and emoji that never change what a short reply means. */
const NOISE = /[\s、。，．,.!！?？…‥・「」『』（）()［］[\]【】〜~♪☆★"'`^_*|:;：；\p{Extended_Pictographic}\uFE0F]+/gu;

/** The text wordKey read last and its key (see wordKey). */
let lastWordKey: { readonly text: string; readonly key: string } = { text: '', key: '' };
/** The keys of the fixed texts of messages.ts (see fixedTexts.ts): at most one per fixed text. */
const fixedKeys = new Map<string, string>();

/**
 * The comparison key of a word or a short reply: folded, lower case, katakana as hiragana,
 * without spaces, punctuation or emoji. 「はい。」, 「ハイ！」 and 「はい 」 share one key.
 */
export function wordKey(text: string): string {
  // The recognizers read one message many times in a turn (intents, small talk, feedback, the
  // step's answer), comparing it with the fixed words of messages.ts: those keys are kept, and the
  // last other one (the message being read, nothing beyond the next one), so each is folded once.
  if (text === lastWordKey.text) return lastWordKey.key;
  const known = fixedKeys.get(text);
  if (known !== undefined) return known;
  const key = toHiragana(fold(text).toLowerCase()).replace(NOISE, '');
  if (isFixedText(text)) fixedKeys.set(text, key);
  else lastWordKey = { text, key };
  return key;
}

