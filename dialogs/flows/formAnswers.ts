import { NOT_REGISTERED } from '../accountPort';
import { messages } from '../messages';
import type { NameReader } from '../ports';
import { HAVE_VERB, REGISTERED_VERB, REMEMBER_VERB, recognizeLacking, recognizeYesNo } from '../understanding/answers';
import { fold, wordKey } from '../understanding/normalize';
import { findCountry, findDate, findPersonName, findPostalCode, findPrefecture } from '../understanding/values';
import { commandKey, MAX_LIST_ITEMS, parseCardExpiry, parseCardHolderName, parseCardLast4, parseCountry, parseSubjects, parseXboxCardLast5, SKIPPED, type InputParser, type InputResult, type OptionalAnswer } from './inputs';

/**
 * How the recovery form (seed d-2) reads its answers as people type them: values inside
 * sentences (「生まれは平成2年1月2日です」, 「とうきょう」, 「〒１００－０００１」), both names at the
 * 姓 prompt, and the seed's *1 answers in words (「登録してないです」 → 登録していません,
 * 「覚えてないです」 → skipped).
 */

const m = messages.flowInputs;

const ok = <T>(value: T): InputResult<T> => ({ ok: true, value });
const refuse = <T>(error: string): InputResult<T> => ({ ok: false, error });

/** Whole replies that are 「登録していません」 (seed *1). */
const NOT_REGISTERED_WORDS = [NOT_REGISTERED, '登録してない', '登録されていません', '未登録', 'なし', '特になし', 'ないです', 'ありません'];
/** Whole replies that skip the field. */
const SKIP_WORDS = ['スキップ', 'skip', 'わからない', '分からない', 'わかりません', '分かりません', '不明', '飛ばす', 'とばす', '覚えていない', '覚えていません', 'パス', '次へ', '次'];
/** Words inside a reply that ask to skip the field (「ここは飛ばしてください」). */
const SKIP_PHRASES = ['スキップ', '飛ばして', 'とばして', 'パスで', 'パスします', '後回し', 'わからない', '分からない', 'わかりません', '分かりません'];

const keysOf = (words: readonly string[]) => new Set(words.map(commandKey));
const NOT_REGISTERED_KEYS = keysOf(NOT_REGISTERED_WORDS);
const SKIP_KEYS = keysOf(SKIP_WORDS);

/** 「登録していません」 or skipped in words, when the reply says so; undefined otherwise. */
function notRegisteredOrSkipped(text: string): typeof NOT_REGISTERED | typeof SKIPPED | undefined {
  const key = commandKey(text);
  if (NOT_REGISTERED_KEYS.has(key)) return NOT_REGISTERED;
  if (SKIP_KEYS.has(key)) return SKIPPED;
  if (recognizeYesNo(text, REGISTERED_VERB)?.kind === 'no') return NOT_REGISTERED;
  const remembers = recognizeYesNo(text, REMEMBER_VERB);
  if (remembers?.kind === 'no' || remembers?.kind === 'unknown') return SKIPPED;
  const folded = wordKey(text);
  if (SKIP_PHRASES.some((w) => folded.includes(wordKey(w)))) return SKIPPED;
  if (recognizeLacking(text)?.kind === 'missing' || recognizeYesNo(text, HAVE_VERB)?.kind === 'no') return NOT_REGISTERED;
  return undefined;
}

/** The clauses of a reply (「Xbox card? I never used it. なし」: its last one answers). */
function clauses(text: string): string[] {
  return fold(text).split(/[。.!?！？、,\n]+/u).filter((s) => s.trim() !== '');
}

/**
 * Wraps a field's reader: 「登録していません」 and スキップ/わからない, in words too, are answers
 * (seed *1). A value the reader finds wins; for free-text fields (a subject line can be any
 * words) the *1 answers are read first, so 「覚えてないです」 is not taken for a subject.
 */
export function optionalFormAnswer<T>(reader: InputParser<T>, freeText: boolean): InputParser<OptionalAnswer<T>> {
  return (text) => {
    // The buttons' own words first: 「スキップ」 is never a country.
    const key = commandKey(text);
    if (NOT_REGISTERED_KEYS.has(key)) return ok(NOT_REGISTERED);
    if (SKIP_KEYS.has(key)) return ok(SKIPPED);
    if (freeText) {
      const said = notRegisteredOrSkipped(text);
      if (said) return ok(said);
    }
    const read = reader(text);
    if (read.ok) return read;
    const said = notRegisteredOrSkipped(text) ?? clauses(text).map(notRegisteredOrSkipped).find((c) => c !== undefined);
    return said ? ok(said) : read;
  };
}

/** Parenthesized remarks (「山田 次郎 (漢字です)」) are about the answer, not part of it. */
const REMARK = /[(（][^)）]*[)）]/gu;

/**
 * The name fields read with the dictionary's names as well: at the 姓 prompt 「山田次郎」 or
 * 「姓は山田、名は次郎でございます」 gives both; at the 名 prompt the given name is taken from a
 * sentence. Other fields are returned as they are.
 */
export function withNames(field: { readonly key: string; readonly parse: InputParser<OptionalAnswer<string | readonly string[]>> }, names: NameReader): InputParser<OptionalAnswer<string | readonly string[]>> {
  if (field.key !== 'lastName' && field.key !== 'firstName') return field.parse;
  return (text) => {
    const read = field.parse(text);
    // 登録していません and スキップ are kept; a full name typed with a space was split already.
    if (read.ok && (typeof read.value !== 'string' || read.value === NOT_REGISTERED || read.value === SKIPPED)) return read;
    const found = names.readNames(text.replace(REMARK, ' '));
    if (field.key === 'lastName' && found.lastName && found.firstName) return ok([found.lastName, found.firstName]);
    const name = field.key === 'lastName' ? found.lastName : found.firstName;
    // The dictionary's name wins over words around it (「名は次郎でございます」 → 次郎).
    if (name && (!read.ok || (read.value.includes(name) && read.value !== name))) return ok(name);
    return read;
  };
}

/** The 姓 prompt: one name, or both (「山田 次郎」: [姓, 名], and the 名 prompt is skipped). */
export const readLastName: InputParser<string | readonly string[]> = (text) => {
  const name = findPersonName(text.replace(REMARK, ' '));
  if (!name) return refuse(m.name);
  return name.kind === 'full' ? ok([name.lastName, name.firstName]) : ok(name.name);
};

/** The 名 prompt: one name (from 「山田 次郎」, the second). */
export const readFirstName: InputParser<string> = (text) => {
  const name = findPersonName(text.replace(REMARK, ' '));
  if (!name) return refuse(m.name);
  return ok(name.kind === 'full' ? name.firstName : name.name);
};

/** A birth date in 西暦 or 和暦, inside a sentence too; `today` bounds it (yyyy-mm-dd, default: now). */
export function readBirthDate(text: string, today?: string): InputResult<string> {
  // 「1990年(平成2年)1月2日」, 「平成2年の1月2日」, 「90年1月2日」: the same date.
  const cleaned = withFullYear(fold(text).replace(REMARK, '').replace(/年の/gu, '年'), today ?? new Date().toISOString().slice(0, 10));
  const date = today === undefined ? findDate(cleaned) : findDate(cleaned, today);
  if (!date) return refuse(m.date);
  if (date.kind === 'invalid') return refuse(m.dateInvalid);
  if (date.kind === 'out-of-range') return refuse(m.dateRange);
  return ok(date.iso);
}

/**
 * 「90年1月2日」, 「85/4/1」: a two-digit year is the latest year ending so that is not in the
 * future (90 → 1990, 05 → 2005): a birth year is never ahead of today.
 */
function withFullYear(text: string, today: string): string {
  const century = Number(today.slice(0, 2)) * 100;
  const thisYear = Number(today.slice(0, 4));
  const full = (yy: string) => String(century + Number(yy) <= thisYear ? century + Number(yy) : century - 100 + Number(yy));
  return text
    .replace(/(?<![\d元年和成正治])(\d{2})年(?=\s*\d{1,2}\s*月)/u, (_m, yy: string) => `${full(yy)}年`)
    .replace(/^(\d{2})([/.])(\d{1,2})\2(\d{1,2})$/u, (_m, yy: string, sep: string, mm: string, dd: string) => (Number(yy) > 31 ? `${full(yy)}${sep}${mm}${sep}${dd}` : _m));
}

/** A country, by its usual names (にほん, Japan, 米国); an unlisted one is kept as typed. */
export const readCountry: InputParser<string> = (text) => {
  const country = findCountry(text);
  return country !== undefined ? ok(country) : parseCountry(text);
};

/** One of the 47, in kanji, kana or romaji, with or without 都府県. */
export const readPrefecture: InputParser<string> = (text) => {
  const prefecture = findPrefecture(text);
  return prefecture !== undefined ? ok(prefecture) : refuse(m.prefecture);
};

/** A postal code, 〒 and full-width digits too. */
export const readPostalCode: InputParser<string> = (text) => {
  const code = findPostalCode(text);
  return code !== undefined ? ok(code) : refuse(m.postalCode);
};

/** Recent subjects (*3: a summary is fine), separated by 、 or new lines. */
export const readSubjects: InputParser<readonly string[]> = (text) => {
  const quoted = quotedItems(text);
  return quoted.length > 0 ? parseSubjects(quoted.join('、')) : parseSubjects(text);
};

/** 「作ってないです」, 「作成していません」: no folders of one's own (*4). */
const NO_FOLDERS = /(作|つく)(って|成して|成されて|成され)(い|お)?(ない|ません|りません|らない)|(作|つく)(ってない|ってません|らなかった)|(作成|作って)(は)?(ない|なし)|特に(ない|なし|ありません)/u;

/** Folder names the user created, or 作成していません (*4), which counts as NOT_REGISTERED. */
export const readFolderNames: InputParser<readonly string[]> = (text) => {
  if (NO_FOLDERS.test(fold(text))) return ok([NOT_REGISTERED]);
  return readSubjects(text);
};

const EMAIL_IN_TEXT = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+/giu;

/** Recent recipients (*5): every e-mail address in the reply, at most MAX_LIST_ITEMS. */
export const readRecipients: InputParser<readonly string[]> = (text) => {
  const emails = Array.from(fold(text).matchAll(EMAIL_IN_TEXT), (match) => match[0].toLowerCase().replace(/\.+$/u, ''));
  if (emails.length === 0) return refuse(m.recipients);
  if (emails.length > MAX_LIST_ITEMS) return refuse(m.listTooMany);
  return ok([...new Set(emails)]);
};

// --- billing (seed d-2 課金情報), answered inside sentences too -------------------------------

/** Tries the strict reader on the whole reply, then on each candidate span found in it. */
function firstAccepted<T>(reader: InputParser<T>, text: string, spans: readonly string[]): InputResult<T> {
  const whole = reader(text);
  if (whole.ok) return whole;
  for (const span of spans) {
    const read = reader(span);
    if (read.ok) return read;
  }
  return whole;
}

/** The last five characters of the Xbox card (「最後の5桁は AB12C です」): one 5-character token with a digit. */
export const readXboxLast5: InputParser<string> = (text) => {
  const tokens = fold(text).match(/(?<![A-Za-z0-9])[A-Za-z0-9]{5}(?![A-Za-z0-9])/gu) ?? [];
  const withDigit = tokens.filter((t) => /\d/.test(t));
  return firstAccepted(parseXboxCardLast5, text, withDigit.length === 1 ? withDigit : []);
};

/** Latin words that name the card, not its holder. */
const NOT_A_HOLDER = /^(?:xbox|live|card|visa|master|mastercard|jcb|amex|credit)$/iu;

/** The card holder as printed (「名義は JIRO YAMADA」): the longest run of Latin words. */
export const readCardHolder: InputParser<string> = (text) => {
  const runs = (fold(text).match(/[A-Za-z][A-Za-z.'-]*(?: [A-Za-z][A-Za-z.'-]*)*/gu) ?? [])
    .map((run) => run.split(' ').filter((w) => !NOT_A_HOLDER.test(w)).join(' '))
    .filter((run) => run.length >= 2)
    .sort((a, b) => b.length - a.length);
  return firstAccepted(parseCardHolderName, text, runs.slice(0, 1));
};

/** The card's last four digits (「下4桁は 4821」): the only four-digit run, nothing longer beside it. */
export const readCardLast4: InputParser<string> = (text) => {
  const runs = fold(text).match(/\d+/gu) ?? [];
  const four = runs.filter((r) => r.length === 4);
  const ok4 = four.length === 1 && runs.every((r) => r.length <= 4);
  return firstAccepted(parseCardLast4, text, ok4 ? four : []);
};

/** The expiry inside a sentence (「有効期限は12/27です」, 「2027年12月まで」). */
export const readCardExpiry: InputParser<string> = (text) => {
  const folded = fold(text);
  const spans = [/\d{4}\s*年\s*\d{1,2}\s*月/u, /\d{4}\s*[/-]\s*\d{1,2}(?!\d)/u, /(?<!\d)\d{1,2}\s*[/-]\s*\d{2,4}(?!\d)/u].flatMap((pattern) => pattern.exec(folded)?.[0] ?? []);
  return firstAccepted(parseCardExpiry, text, spans.map((s) => s.replace(/\s+/g, '')));
};

/** 「写真おくるね」みたいなやつ, 「仕事」と「旅行」: quoted items are the answer, the words around them are not. */
function quotedItems(text: string): string[] {
  return Array.from(fold(text).matchAll(/[「『"“]([^」』"”]+)[」』"”]/gu), (m) => (m[1] ?? '').trim()).filter((s) => s !== '');
}
