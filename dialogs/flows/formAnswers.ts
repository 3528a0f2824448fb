import { NOT_REGISTERED } from '../accountPort';
import { messages } from '../messages';
import { HAVE_VERB, REGISTERED_VERB, REMEMBER_VERB, recognizeLacking, recognizeYesNo } from '../understanding/answers';
import { fold, wordKey } from '../understanding/normalize';
import { findCountry, findDate, findPersonName, findPostalCode, findPrefecture } from '../understanding/values';
import { commandKey, MAX_LIST_ITEMS, parseCountry, parseSubjects, SKIPPED, type InputParser, type InputResult, type OptionalAnswer } from './inputs';

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

/**
 * Wraps a field's reader: 「登録していません」 and スキップ/わからない, in words too, are answers
 * (seed *1). A value the reader finds wins; for free-text fields (a subject line can be any
 * words) the *1 answers are read first, so 「覚えてないです」 is not taken for a subject.
 */
export function optionalFormAnswer<T>(reader: InputParser<T>, freeText: boolean): InputParser<OptionalAnswer<T>> {
  return (text) => {
    if (freeText) {
      const said = notRegisteredOrSkipped(text);
      if (said) return ok(said);
    }
    const read = reader(text);
    if (read.ok) return read;
    const said = notRegisteredOrSkipped(text);
    return said ? ok(said) : read;
  };
}

/** The 姓 prompt: one name, or both (「山田 次郎」: [姓, 名], and the 名 prompt is skipped). */
export const readLastName: InputParser<string | readonly string[]> = (text) => {
  const name = findPersonName(text);
  if (!name) return refuse(m.name);
  return name.kind === 'full' ? ok([name.lastName, name.firstName]) : ok(name.name);
};

/** The 名 prompt: one name (from 「山田 次郎」, the second). */
export const readFirstName: InputParser<string> = (text) => {
  const name = findPersonName(text);
  if (!name) return refuse(m.name);
  return ok(name.kind === 'full' ? name.firstName : name.name);
};

/** A birth date in 西暦 or 和暦, inside a sentence too; `today` bounds it (yyyy-mm-dd, default: now). */
export function readBirthDate(text: string, today?: string): InputResult<string> {
  const date = today === undefined ? findDate(text) : findDate(text, today);
  if (!date) return refuse(m.date);
  if (date.kind === 'invalid') return refuse(m.dateInvalid);
  if (date.kind === 'out-of-range') return refuse(m.dateRange);
  return ok(date.iso);
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
export const readSubjects: InputParser<readonly string[]> = (text) => parseSubjects(text);

/** 「作ってないです」, 「作成していません」: no folders of one's own (*4). */
const NO_FOLDERS = /(作|つく)(って|成して|成されて|成され)(い|お)?(ない|ません|りません|らない)|(作|つく)(ってない|ってません|らなかった)|(作成|作って)(は)?(ない|なし)|特に(ない|なし|ありません)/u;

/** Folder names the user created, or 作成していません (*4), which counts as NOT_REGISTERED. */
export const readFolderNames: InputParser<readonly string[]> = (text) => {
  if (NO_FOLDERS.test(fold(text))) return ok([NOT_REGISTERED]);
  return parseSubjects(text);
};

const EMAIL_IN_TEXT = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+/giu;

/** Recent recipients (*5): every e-mail address in the reply, at most MAX_LIST_ITEMS. */
export const readRecipients: InputParser<readonly string[]> = (text) => {
  const emails = Array.from(fold(text).matchAll(EMAIL_IN_TEXT), (match) => match[0].toLowerCase().replace(/\.+$/u, ''));
  if (emails.length === 0) return refuse(m.recipients);
  if (emails.length > MAX_LIST_ITEMS) return refuse(m.listTooMany);
  return ok([...new Set(emails)]);
};
