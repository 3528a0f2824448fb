/**
 * English inside Japanese questions: people paste an English error message or switch languages
 * mid-sentence (「I changed my phone number last month. 登録している携帯の number を change するには」).
 * kuromoji leaves Latin words as they are, so without this an inflected word (changed) misses its
 * listed base form (change → 変更), and every English word reads as a brand name no entry knows.
 */

/** Fewest Latin words in a row that can be an English phrase rather than a name (Microsoft 365, Apple ID). */
export const MIN_ENGLISH_PHRASE_WORDS = 3;

/**
 * English contractions written out, so their pieces are ordinary words (can't → can not, what's → what,
 * I'm → I): kuromoji cuts them at the apostrophe and the letters after it (s, t, m) became terms.
 */
export function expandEnglishContractions(text: string): string {
  if (!/['’]/.test(text)) return text;
  return text
    .replace(/\b(can)['’]t\b/gi, '$1 not')
    .replace(/\bwon['’]t\b/gi, 'will not')
    .replace(/n['’]t\b/gi, ' not')
    .replace(/\b([a-z]+)['’](s|m|re|ve|ll|d)\b/gi, '$1');
}

/**
 * Base forms an inflected English word may have, most likely first (changed → change, chang;
 * blocked → block; stopped → stop; verifies → verify); none for a word of fewer than four letters.
 * Only candidates: the caller keeps the first one it knows (a listed synonym), so "news" never
 * becomes "new" unless "new" is listed and "news" is not.
 */
export function englishBaseForms(word: string): string[] {
  if (!/^[a-z]{4,}$/.test(word)) return [];
  const forms: string[] = [];
  const stem = (suffix: string): string | undefined => (word.endsWith(suffix) && word.length - suffix.length >= 2 ? word.slice(0, -suffix.length) : undefined);
  const undoubled = (s: string): string | undefined => (/([b-df-hj-np-tv-z])\1$/.test(s) ? s.slice(0, -1) : undefined);
  for (const suffix of ['ing', 'ed']) {
    const s = stem(suffix);
    if (s === undefined) continue;
    forms.push(`${s}e`, s);
    const single = undoubled(s);
    if (single) forms.push(single);
  }
  const ied = stem('ied') ?? stem('ies');
  if (ied !== undefined) forms.push(`${ied}y`);
  const es = stem('es');
  if (es !== undefined) forms.push(es);
  if (word.endsWith('s') && !word.endsWith('ss')) forms.push(word.slice(0, -1));
  return [...new Set(forms)].filter((f) => f !== word);
}

/**
 * The words of `text` (as typed, before normalization) that stand in an English phrase: runs of at
 * least MIN_ENGLISH_PHRASE_WORDS Latin words, separated by spaces only, with at least one of the
 * `functionWords` (I, my, the…) among them. Returned lower-cased. A capitalized word after the
 * first one of its run stays out (I lost my Spotify password: Spotify is still a name).
 */
export function englishPhraseWords(text: string, functionWords: ReadonlySet<string>): Set<string> {
  const words = new Set<string>();
  for (const run of text.matchAll(/[A-Za-z][A-Za-z'’]*(?:[ \t]+[A-Za-z][A-Za-z'’]*)+/g)) {
    const parts = run[0].split(/[ \t]+/);
    if (parts.length < MIN_ENGLISH_PHRASE_WORDS || !parts.some((p) => functionWords.has(p.toLowerCase()))) continue;
    parts.forEach((p, i) => {
      if (i > 0 && /^[A-Z]/.test(p) && p !== 'I') return;
      words.add(p.toLowerCase());
    });
  }
  return words;
}
