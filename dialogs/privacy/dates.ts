/**
 * Where dates are in a text, for the redaction module's [日付] (issue 10: birth dates never in
 * clear). A superset of what the flows read as a birth date (dialogs/understanding/values.ts
 * `findDate`, dialogs/flows/formAnswers.ts `readBirthDate`), because anything the recovery form
 * accepts can also be typed at the root or inside a question. `findDate` itself is not reused:
 * it returns the first date's ISO value, not where each date is, and it reads an NFKC copy whose
 * offsets differ from the text; these patterns run on the redaction module's length-preserving
 * fold instead (全角 digits already ASCII), so every span found is a span of the original.
 *
 * Only full dates (a year, a month and a day) are redacted, plus a month and day introduced as a
 * birthday: 「2024年に作成」, 「3月5日から届かない」 and 「有効期限は12/27」 stay readable, they
 * identify nobody and an agent needs them.
 *
 * Kept as they are (the redaction module also keeps ticket numbers and ISO timestamps):
 * a numeric date glued to letters, a slash or a dot (a URL path /2024/01/02/, v2024.1.2), one
 * followed by a fourth number (a version 2024.1.2.3), and digit groups that are no calendar date
 * (2024.13.40).
 */

/** A [start, end) span of the text. */
export type Span = readonly [start: number, end: number];

const ERA_NAME = '(?:明治|大正|昭和|平成|令和|めいじ|たいしょう|しょうわ|へいせい|れいわ|メイジ|タイショウ|ショウワ|ヘイセイ|レイワ)';
/** Digits (already ASCII after fold), 元/がん, or kanji numerals written digit by digit (一九九〇) or by position (三十一). */
/** Kanji numerals as people write them in dates (○ and 零 for 〇). */
const KANJI_NUMERALS = '〇○零一二三四五六七八九十百千';
const NUM = `(?:\\d{1,4}|[${KANJI_NUMERALS}]{1,8})`;
const YEAR_MARK = '(?:年|ねん|ネン)';
const MONTH_MARK = '(?:月|がつ|ガツ)';
const DAY_MARK = '(?:日|にち|ニチ)';
const SEP = '[/.-]';
/** 「1990年(平成2年)1月2日」: a remark in brackets after the year is part of the date. */
const YEAR_REMARK = '(?:\\s?[(（][^)）]{1,12}[)）])?';
/** The year's tail: 年, an optional remark, 「年の」; then the month and day in kanji-marked form. */
const MONTH_DAY = `\\s?${YEAR_MARK}${YEAR_REMARK}\\s?の?\\s?${NUM}\\s?${MONTH_MARK}\\s?${NUM}(?:\\s?${DAY_MARK})?`;

const ERA_NAMED = new RegExp(`${ERA_NAME}\\s?(?:元|がん|${NUM})(?:${MONTH_DAY}|\\s?${SEP}\\s?\\d{1,2}\\s?${SEP}\\s?\\d{1,2}(?![./-]?\\d))`, 'g');
/** S60.4.1, H2/1/2, h2.1.2, H2年1月2日, R元.5.1. */
const ERA_LETTER = new RegExp(`(?<![A-Za-z0-9])[MTSHRmtshr]\\s?(?:元|\\d{1,2})(?:${MONTH_DAY}|\\s?${SEP}\\s?(\\d{1,2})\\s?${SEP}\\s?(\\d{1,2})(?![./-]?\\d))`, 'g');
/** 1990年1月2日, 一九九〇年一月二日, 千九百九十年十二月三十一日, 90年1月2日 (the flows read a two-digit year too). */
const YEAR_KANJI_MARKED = new RegExp(`(?<![\\d${KANJI_NUMERALS}])(?:\\d{2,4}|[${KANJI_NUMERALS}]{2,8})${MONTH_DAY}`, 'g');
/**
 * Not after a digit, a dot, a slash or a hyphen (a URL path, a longer version), nor after a lone v
 * (v2024.1.2); after other letters it is a date as findDate reads it (DOB1990/1/2).
 */
const NOT_AFTER = '(?<![\\d./_-]|(?<![A-Za-z])[vV])';
/** 1990/1/2, 1990-01-02, 1990.1.2; 85/4/1 (a two-digit year above 31, as the flows read it). */
const YMD_NUMERIC = new RegExp(String.raw`${NOT_AFTER}(\d{4}|\d{2})\s?([/.-])\s?(\d{1,2})\s?([/.-])\s?(\d{1,2})(?![./-]?\d|T\d)`, 'g');
/** 2/1/1990 and 1/2/1990 (day or month first, as people abroad write it). */
const DMY_NUMERIC = new RegExp(String.raw`${NOT_AFTER}(\d{1,2})\s?([/.-])\s?(\d{1,2})\s?\2\s?(\d{4})(?![./-]?\d)`, 'g');
/** 19900102: eight digits that are a date of 1900–2099 (else the redaction module's [コード] or [番号]). */
const COMPACT = /(?<!\d[ -]?)(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?![ -]?\d)/g;
/** January 2, 1990; Jan. 2nd 1990; 2 January 1990 (month names as findDate reads them: the first three letters). */
const MONTH_NAME = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?';
const ORDINAL_DAY = '\\d{1,2}(?:st|nd|rd|th)?';
// No word boundary before the month, as findDate: 「DOBJanuary 2, 1990」 is read there too.
const ENGLISH = new RegExp(`(?:${MONTH_NAME}\\s+${ORDINAL_DAY},?\\s+\\d{4}|${ORDINAL_DAY}\\s+${MONTH_NAME},?\\s+\\d{4})(?!\\d)`, 'gi');
/** 「誕生日は1月2日」, 「生年月日：１月２日」: a month and day said to be a birthday are personal without the year. */
const BIRTHDAY_MONTH_DAY = new RegExp(
  `(?<=(?:誕生日|たんじょうび|生年月日|せいねんがっぴ|生まれ|うまれ)\\s?(?:は|が|:|：|=)?\\s?)(?:${NUM}\\s?${MONTH_MARK}\\s?${NUM}(?:\\s?${DAY_MARK})?|\\d{1,2}\\s?/\\s?\\d{1,2}(?![./-]?\\d))`,
  'g',
);

/** A digit (ASCII after the fold) or a kanji numeral: every date pattern above contains one (NUM or a digit). */
const NUMERAL = new RegExp(`[\\d${KANJI_NUMERALS}]`);

function plausibleMonthDay(month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** Every date in `folded` (the redaction module's fold of the text), leftmost first, overlaps merged by the caller. */
export function dateSpans(folded: string): Span[] {
  const spans: Span[] = [];
  // Every pattern below needs a number in digits or kanji numerals: most texts have none.
  if (!NUMERAL.test(folded)) return spans;
  const all = (pattern: RegExp, accept: (m: RegExpMatchArray) => boolean = () => true) => {
    for (const m of folded.matchAll(pattern)) if (accept(m)) spans.push([m.index, m.index + m[0].length]);
  };
  all(ERA_NAMED);
  all(ERA_LETTER, (m) => m[1] === undefined || plausibleMonthDay(Number(m[1]), Number(m[2])));
  all(YEAR_KANJI_MARKED);
  all(YMD_NUMERIC, (m) => {
    const year = m[1] ?? '';
    const ok = plausibleMonthDay(Number(m[3]), Number(m[5]));
    // A four-digit year of a birth or an event; a two-digit one only as the flows read it (85/4/1, same separator).
    return ok && (year.length === 4 ? Number(year) >= 1800 && Number(year) <= 2199 : Number(year) > 31 && m[2] === m[4]);
  });
  all(DMY_NUMERIC, (m) => {
    const [a, b, year] = [Number(m[1]), Number(m[3]), Number(m[4])];
    return year >= 1800 && year <= 2199 && (plausibleMonthDay(a, b) || plausibleMonthDay(b, a));
  });
  all(COMPACT);
  all(ENGLISH);
  all(BIRTHDAY_MONTH_DAY);
  return spans;
}
