import { z } from 'zod';
import { NOT_REGISTERED } from '../accountPort';
import { messages } from '../messages';
import { fold } from '../understanding/normalize';

/**
 * Parsers for what users type at each step of a guided flow. Each returns a union told
 * apart by `ok`: the normalized value, or the Japanese reason it was refused (shown as is).
 * Users type 全角 digits, spaces and dashes (ー, －, ‐) freely: all are folded first.
 */
export type InputResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export type InputParser<T> = (text: string) => InputResult<T>;

const m = messages.flowInputs;

/** NFKC (全角 → 半角), trimmed, dashes between digits unified to '-': the one normalizer of dialogs/understanding. */
export const foldInput = fold;

/** Folds and removes every space (a code typed as 「１２３ ４５６」). */
function compact(text: string): string {
  return foldInput(text).replace(/\s+/g, '');
}

function fromZod<T>(schema: z.ZodType<T>, input: unknown): InputResult<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, error: parsed.error.issues[0]?.message ?? m.invalid };
}

// --- contacts and account names -------------------------------------------------------

const emailSchema = z.email({ message: m.email });

/** An e-mail address, lower-cased. */
export const parseEmail: InputParser<string> = (text) => fromZod(emailSchema, compact(text).toLowerCase());

/** Mobile and landline numbers as Japanese users write them; +81 is folded to a leading 0. */
const phoneSchema = z
  .string()
  .transform((s) => s.replace(/[-().\s]/g, '').replace(/^\+?81(?=[1-9])/, '0'))
  .pipe(z.string().regex(/^0\d{9,10}$/, { message: m.phone }));

/** A Japanese phone number, as national digits (09012345678). */
export const parsePhone: InputParser<string> = (text) => {
  const folded = foldInput(text);
  if (!/^\+?[\d\s\-().]+$/.test(folded)) return { ok: false, error: m.phone };
  return fromZod(phoneSchema, folded);
};

/** Skype names: 6–32 characters starting with a letter, or the newer live:… ids. */
const skypeSchema = z
  .string()
  .regex(/^(?:live:[a-z0-9._-]{1,64}|[a-z][a-z0-9.,_-]{5,31})$/i, { message: m.skype })
  .transform((s) => s.toLowerCase());

export const parseSkypeName: InputParser<string> = (text) => fromZod(skypeSchema, compact(text));

/** A Microsoft account name: an e-mail, a phone number or a Skype name. */
export const parseAccountName: InputParser<string> = (text) => {
  for (const parser of [parseEmail, parsePhone, parseSkypeName]) {
    const result = parser(text);
    if (result.ok) return result;
  }
  return { ok: false, error: m.account };
};

// --- codes ----------------------------------------------------------------------------

/** Six digits; 全角 digits and spaces inside are fine. */
export const parseSixDigitCode: InputParser<string> = (text) =>
  fromZod(z.string().regex(/^\d{6}$/, { message: m.code }), compact(text).replace(/-/g, ''));

/** A recovery code: 25 letters and digits, in groups of five or not. */
export const parseRecoveryCode: InputParser<string> = (text) => {
  const raw = compact(text).replace(/-/g, '').toUpperCase();
  const result = fromZod(z.string().regex(/^[A-Z0-9]{25}$/, { message: m.recoveryCode }), raw);
  return result.ok ? { ok: true, value: (result.value.match(/.{5}/g) ?? []).join('-') } : result;
};

// --- dates ----------------------------------------------------------------------------

/** First Gregorian year of each era (元年). */
const ERA_START_YEAR: Readonly<Record<string, number>> = { 明治: 1868, 大正: 1912, 昭和: 1926, 平成: 1989, 令和: 2019 };
/** Earliest birth year accepted. */
const MIN_BIRTH_YEAR = 1900;

function isoDate(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * A birth date: 1990/1/2, 1990-01-02, 1990.1.2, 1990年1月2日, 平成2年1月2日 (元年 too).
 * `today` (yyyy-mm-dd) bounds it; default: the current date.
 */
export function parseBirthDate(text: string, today = new Date().toISOString().slice(0, 10)): InputResult<string> {
  const folded = compact(text);
  let year: number | undefined;
  let month: number | undefined;
  let day: number | undefined;
  const western = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})$/.exec(folded) ?? /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/.exec(folded);
  const era = /^(明治|大正|昭和|平成|令和)(\d{1,2}|元)年(\d{1,2})月(\d{1,2})日?$/.exec(folded);
  if (western) {
    [year, month, day] = [Number(western[1]), Number(western[2]), Number(western[3])];
  } else if (era) {
    const start = ERA_START_YEAR[era[1] ?? ''] ?? 0;
    const n = era[2] === '元' ? 1 : Number(era[2]);
    [year, month, day] = [start + n - 1, Number(era[3]), Number(era[4])];
  }
  if (year === undefined || month === undefined || day === undefined) return { ok: false, error: m.date };
  const iso = isoDate(year, month, day);
  if (!iso) return { ok: false, error: m.dateInvalid };
  if (year < MIN_BIRTH_YEAR || iso > today) return { ok: false, error: m.dateRange };
  return { ok: true, value: iso };
}

// --- address ---------------------------------------------------------------------------

export const PREFECTURES = [
  '北海道', '青森県', '岩手県', '宮城県', '秋田県', '山形県', '福島県', '茨城県', '栃木県', '群馬県', '埼玉県', '千葉県',
  '東京都', '神奈川県', '新潟県', '富山県', '石川県', '福井県', '山梨県', '長野県', '岐阜県', '静岡県', '愛知県', '三重県',
  '滋賀県', '京都府', '大阪府', '兵庫県', '奈良県', '和歌山県', '鳥取県', '島根県', '岡山県', '広島県', '山口県', '徳島県',
  '香川県', '愛媛県', '高知県', '福岡県', '佐賀県', '長崎県', '熊本県', '大分県', '宮崎県', '鹿児島県', '沖縄県',
] as const;

/** One of the 47; 東京 is 東京都, 大阪 is 大阪府, 北海 is not a prefecture. */
export const parsePrefecture: InputParser<string> = (text) => {
  const folded = compact(text);
  const found = PREFECTURES.find((p) => p === folded || (p !== '北海道' && p.slice(0, -1) === folded));
  return found ? { ok: true, value: found } : { ok: false, error: m.prefecture };
};

/** 〒123-4567 or 1234567, normalized to 123-4567. */
export const parsePostalCode: InputParser<string> = (text) => {
  const raw = compact(text).replace(/^〒/, '');
  const match = /^(\d{3})-?(\d{4})$/.exec(raw);
  return match ? { ok: true, value: `${match[1]}-${match[2]}` } : { ok: false, error: m.postalCode };
};

/** A country or region name (letters only, short). */
export const parseCountry: InputParser<string> = (text) =>
  fromZod(z.string().min(1, { message: m.country }).max(40, { message: m.country }).regex(/^[^\d@]+$/u, { message: m.country }), foldInput(text));

/** 姓 or 名, as registered (kanji, kana or Latin); no digits or symbols. */
export const parsePersonName: InputParser<string> = (text) =>
  fromZod(z.string().min(1, { message: m.name }).max(40, { message: m.name }).regex(/^[\p{L}\p{M}ー・'. -]+$/u, { message: m.name }), foldInput(text));

// --- mail information -------------------------------------------------------------------

/** Most items kept in one list answer. */
export const MAX_LIST_ITEMS = 5;
/** Longest single item (a subject line). */
export const MAX_ITEM_LENGTH = 100;

function splitList(text: string): string[] {
  return foldInput(text)
    .split(/[\n、,，;；]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Recent subjects (*3: a summary is fine), separated by 、 or new lines. */
export const parseSubjects: InputParser<readonly string[]> = (text) =>
  fromZod(z.array(z.string().max(MAX_ITEM_LENGTH, { message: m.listItemTooLong })).min(1, { message: m.list }).max(MAX_LIST_ITEMS, { message: m.listTooMany }), splitList(text));

/** Folder names the user created, or 作成していません (*4), which counts as NOT_REGISTERED. */
export const parseFolderNames: InputParser<readonly string[]> = (text) => {
  if (/^作成(して|されて)(い)?ません|^作って(い)?ません|^ありません$/.test(compact(text))) return { ok: true, value: [NOT_REGISTERED] };
  return parseSubjects(text);
};

/** Recent recipients (*5): e-mail addresses, separated by 、 , or new lines. */
export const parseRecipients: InputParser<readonly string[]> = (text) => {
  const items = splitList(text).flatMap((s) => s.split(/\s+/));
  const emails: string[] = [];
  for (const item of items) {
    const email = parseEmail(item);
    if (!email.ok) return { ok: false, error: m.recipients };
    emails.push(email.value);
  }
  if (emails.length === 0) return { ok: false, error: m.recipients };
  if (emails.length > MAX_LIST_ITEMS) return { ok: false, error: m.listTooMany };
  return { ok: true, value: emails };
};

// --- billing ----------------------------------------------------------------------------

/** The last four digits of a credit card. */
export const parseCardLast4: InputParser<string> = (text) => fromZod(z.string().regex(/^\d{4}$/, { message: m.cardLast4 }), compact(text));

/** The last five characters of an Xbox prepaid card code (letters and digits). */
export const parseXboxCardLast5: InputParser<string> = (text) =>
  fromZod(z.string().regex(/^[A-Z0-9]{5}$/, { message: m.xboxLast5 }), compact(text).replace(/-/g, '').toUpperCase());

/** A card holder name as printed (Latin letters, as on the card). */
export const parseCardHolderName: InputParser<string> = (text) =>
  fromZod(z.string().regex(/^[A-Za-z][A-Za-z .'-]{0,60}$/, { message: m.cardHolder }).transform((s) => s.toUpperCase()), foldInput(text).replace(/\s+/g, ' '));

/** Card expiry: MM/YY, MM/YYYY, YYYY/MM, YYYY-MM, YYYY年M月; normalized to yyyy-mm. */
export const parseCardExpiry: InputParser<string> = (text) => {
  const raw = compact(text);
  let year: number | undefined;
  let month: number | undefined;
  const mmyy = /^(\d{1,2})[/-](\d{2}|\d{4})$/.exec(raw);
  const yyyymm = /^(\d{4})[/-](\d{1,2})$/.exec(raw) ?? /^(\d{4})年(\d{1,2})月$/.exec(raw);
  if (yyyymm) [year, month] = [Number(yyyymm[1]), Number(yyyymm[2])];
  else if (mmyy) [month, year] = [Number(mmyy[1]), mmyy[2]?.length === 2 ? 2000 + Number(mmyy[2]) : Number(mmyy[2])];
  if (year === undefined || month === undefined || month < 1 || month > 12) return { ok: false, error: m.expiry };
  return { ok: true, value: `${year}-${String(month).padStart(2, '0')}` };
};

// --- free answers and commands ------------------------------------------------------------

/** A secret-question answer: anything short. */
export const parseSecretAnswer: InputParser<string> = (text) =>
  fromZod(z.string().min(1, { message: m.secretAnswer }).max(MAX_ITEM_LENGTH, { message: m.secretAnswer }), foldInput(text));

/** A recovery ticket id as the back end issues them (letters, digits, hyphens). */
export const parseTicketId: InputParser<string> = (text) =>
  fromZod(z.string().regex(/^[A-Z0-9][A-Z0-9-]{3,31}$/, { message: m.ticketId }), compact(text).toUpperCase());

/** Folded, without spaces and trailing punctuation: how a button press or a short command is compared. */
export function commandKey(text: string): string {
  return compact(text).toLowerCase().replace(/[。、.!！?？…]+$/u, '');
}

/** Recognizes one of several fixed answers (a button's title or a synonym). */
export function parseChoice<T extends string>(synonyms: Readonly<Record<T, readonly string[]>>, error: string): InputParser<T> {
  return (text) => {
    const key = commandKey(text);
    for (const [value, words] of Object.entries(synonyms) as [T, readonly string[]][]) {
      if (words.some((w) => commandKey(w) === key)) return { ok: true, value };
    }
    return { ok: false, error };
  };
}

/** はい / いいえ. */
export const parseYesNo = parseChoice<'yes' | 'no'>(
  { yes: ['はい', 'yes', 'ある', 'あります', '登録しています', '覚えています', '覚えている', 'ok'], no: ['いいえ', 'no', 'ない', 'ありません', '登録していません', '覚えていない', '覚えていません', 'わからない'] },
  m.yesNo,
);

// --- optional recovery fields (*1) ---------------------------------------------------------

/** The user chose not to answer; the field is left empty (counted as not matching). */
export const SKIPPED = 'skipped' as const;
export type OptionalAnswer<T> = T | typeof NOT_REGISTERED | typeof SKIPPED;

const NOT_REGISTERED_WORDS = [NOT_REGISTERED, '登録してない', '登録されていません', '未登録', 'なし'];
const SKIP_WORDS = ['スキップ', 'skip', 'わからない', '分からない', 'わかりません', '分かりません', '不明', '飛ばす', 'とばす', '覚えていない', '覚えていません'];

/** Wraps a recovery field's parser: 「登録していません」 and スキップ/わからない are answers too (seed *1). */
export function optionalAnswer<T>(parser: InputParser<T>): InputParser<OptionalAnswer<T>> {
  return (text) => {
    const key = commandKey(text);
    if (NOT_REGISTERED_WORDS.some((w) => commandKey(w) === key)) return { ok: true, value: NOT_REGISTERED };
    if (SKIP_WORDS.some((w) => commandKey(w) === key)) return { ok: true, value: SKIPPED };
    return parser(text);
  };
}
