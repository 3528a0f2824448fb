/**
 * The one redaction module: logs, transcripts, handoff tickets, the event log and reports
 * all pass text through `redact` before it is written anywhere.
 *
 * Personal data is replaced by a tag that says what was there, so an agent or an author
 * still understands the sentence ("コード [コード] が届きません"):
 *
 * | tag            | what it replaces                                                        |
 * |----------------|-------------------------------------------------------------------------|
 * | [個人情報]     | a literal value a flow marked sensitive (`options.sensitive`)            |
 * | [トークン]     | token-like URL query values (token=, code=, sig=…) and path tokens (/reset/…) |
 * | [メール]       | an email address                                                         |
 * | [カード番号]   | 13–19 digits (spaces/hyphens allowed) that pass the Luhn check           |
 * | [電話番号]     | a Japanese phone number: 090-1234-5678, 09012345678, (03)1234-5678, +81-90-…|
 * | [郵便番号]     | 〒123-4567, 123-4567                                                     |
 * | [コード]       | a recovery code (XXXXX-XXXXX-…) or a 6–8 digit verification code         |
 * | [番号]         | any other run of 9 or more digits (a card with a typo, an id): never kept |
 *
 * Full-width digits and symbols (０９０－１２３４－５６７８, ＠) and the long-vowel mark
 * used as a hyphen (０９０ー１２３４ー５６７８) are recognized: patterns run on a folded
 * copy of the text with the same length, and the spans found are replaced in the original,
 * so the rest of the Japanese text is left exactly as written.
 */
import { luhnValid } from '../../dialogs/flows/sensitiveInput';

export const RedactionTags = {
  sensitive: '[個人情報]',
  token: '[トークン]',
  email: '[メール]',
  card: '[カード番号]',
  phone: '[電話番号]',
  postalCode: '[郵便番号]',
  code: '[コード]',
  number: '[番号]',
} as const;

export type RedactionKind = keyof typeof RedactionTags;

export interface RedactOptions {
  /** Literal values a flow marked sensitive (an answer to a secret question, a name); replaced wherever they appear. Default: none. */
  readonly sensitive?: readonly string[];
}

/** Shortest sensitive literal honoured: shorter ones would erase ordinary words. */
export const MIN_SENSITIVE_LENGTH = 2;

/** Query parameters whose value is a secret (matched case-insensitively, also `x_token`, `reset_code`…). */
const TOKEN_PARAM = String.raw`(?:[a-z_]*(?:token|code|sig|signature|secret|key|otp|password|passwd|pwd|auth|session|ticket|nonce|proof))`;
/** Path segments that introduce a secret: /reset/<token>, /verify/<token>… */
const TOKEN_PATH = String.raw`(?:reset|verify|confirm|activate|unlock|recover|magic|invite)`;

interface Rule {
  readonly kind: RedactionKind;
  readonly pattern: RegExp;
  /** Only the named group `secret` is replaced when present; otherwise the whole match. */
  readonly accept?: (match: string) => boolean;
}

const RULES: readonly Rule[] = [
  { kind: 'token', pattern: new RegExp(String.raw`(?<=[?&#;\s]|^)${TOKEN_PARAM}=(?<secret>[^&#\s"'<>]+)`, 'gi') },
  { kind: 'token', pattern: new RegExp(String.raw`/${TOKEN_PATH}/(?<secret>[^/?#\s"'<>]+)`, 'gi') },
  // Starts at the beginning of a local part; a masked address (t***@example.com, from maskEmail) stays readable.
  { kind: 'email', pattern: /(?<![A-Za-z0-9!#$%&'*+/=?^_`{|}~.-])(?![^@\s*]\*{3}@)[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+/g },
  { kind: 'card', pattern: /(?<!\d[ -]?)\d(?:[ -]?\d){12,18}(?![ -]?\d)/g, accept: (m) => luhnValid(m.replace(/\D/g, '')) },
  {
    kind: 'phone',
    pattern: new RegExp(
      [
        String.raw`\+81[ -]?(?:\(0\)[ -]?)?\d{1,4}[ -]?\d{1,4}[ -]?\d{4}`,
        String.raw`\(0\d{1,4}\)[ -]?\d{1,4}[ -]?\d{4}`,
        String.raw`0\d{1,4}\(\d{1,4}\)\d{4}`,
        String.raw`0\d{1,4}[ -]\d{1,4}[ -]\d{3,4}`,
        String.raw`0\d{9,10}`,
      ]
        .map((p) => `(?<![\\d+])${p}(?!\\d)`)
        .join('|'),
      'g',
    ),
    accept: phoneDigitsPlausible,
  },
  { kind: 'postalCode', pattern: /〒\s?\d{3}-?\d{4}(?!\d)|(?<![\d-])\d{3}-\d{4}(?![\d-])/g },
  { kind: 'code', pattern: /(?<![A-Za-z0-9-])[A-Za-z0-9]{4,6}(?:-[A-Za-z0-9]{4,6}){2,}(?![A-Za-z0-9-])/g, accept: (m) => /\d/.test(m) },
  { kind: 'code', pattern: /(?<!\d)\d{6,8}(?!\d)/g },
  { kind: 'number', pattern: /(?<!\d[ -]?)\d(?:[ -]?\d){8,}(?![ -]?\d)/g },
];

/** Replaces personal data in `text` by tags (table above). Idempotent; never throws. */
export function redact(text: string, options: RedactOptions = {}): string {
  let out = redactLiterals(text, options.sensitive ?? []);
  for (const rule of RULES) out = applyRule(out, rule);
  return out;
}

/** Redacts every string inside a JSON-like value (transcripts, ticket bodies); keys are kept. */
export function redactDeep<T>(value: T, options: RedactOptions = {}): T {
  if (typeof value === 'string') return redact(value, options) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, options)) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, options);
    return out as T;
  }
  return value;
}

/** `taro.yamada@example.com` → `t***@example.com`: enough for an agent to confirm with the user. */
export function maskEmail(email: string): string {
  const folded = fold(email.trim());
  const at = folded.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${folded[0]}***${folded.slice(at)}`;
}

/**
 * Masks an account identifier for display to an agent: an email keeps its first letter and
 * domain, a phone number its last two digits, anything else its first character.
 */
export function maskAccount(account: string): string {
  const folded = fold(account.trim());
  if (folded === '') return '***';
  if (folded.includes('@')) return maskEmail(folded);
  const digits = folded.replace(/[^\d]/g, '');
  if (/^[+\d][\d ()-]+$/.test(folded) && digits.length >= 8) return `${'*'.repeat(digits.length - 2)}${digits.slice(-2)}`;
  return `${folded[0]}***`;
}

/** One card-number check for the whole bot: the flows' sensitive-input guard and this redaction share it. */
export { luhnValid };

/**
 * Full-width ASCII (０-９, Ａ-Ｚ, ＠, －, （）, ＋), the ideographic space and the dashes
 * people type between digit groups (ー, ｰ, ‐, −, –) become their ASCII forms. Every
 * replacement is one UTF-16 unit for one, so offsets in the folded copy are offsets in the original.
 */
export function fold(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000) out += ' ';
    else if (c === 0x30fc || c === 0xff70 || (c >= 0x2010 && c <= 0x2015) || c === 0x2212) out += '-';
    else out += text[i];
  }
  return out;
}

/** Our own ticket numbers (MDG-20261125-7F3K): their date digits are not personal data. */
const KEEP = /MDG-\d{8}-[2-9A-HJKMNP-Z]{4}/g;

function applyRule(text: string, rule: Rule): string {
  const folded = fold(text);
  const kept = [...folded.matchAll(KEEP)].map((m): [number, number] => [m.index ?? 0, (m.index ?? 0) + m[0].length]);
  const overlapsKept = (start: number, end: number) => kept.some(([a, b]) => start < b && end > a);
  const spans: [number, number][] = [];
  for (const m of folded.matchAll(rule.pattern)) {
    if (rule.accept && !rule.accept(m[0])) continue;
    if (overlapsKept(m.index ?? 0, (m.index ?? 0) + m[0].length)) continue;
    const start = m.index ?? 0;
    const secret = m.groups?.secret;
    if (secret !== undefined) {
      const offset = m[0].lastIndexOf(secret);
      spans.push([start + offset, start + offset + secret.length]);
    } else spans.push([start, start + m[0].length]);
  }
  return replaceSpans(text, spans, RedactionTags[rule.kind]);
}

function replaceSpans(text: string, spans: readonly [number, number][], tag: string): string {
  if (spans.length === 0) return text;
  let out = '';
  let last = 0;
  for (const [start, end] of spans) {
    if (start < last) continue;
    out += text.slice(last, start) + tag;
    last = end;
  }
  return out + text.slice(last);
}

function redactLiterals(text: string, literals: readonly string[]): string {
  const wanted = [...new Set(literals.map((l) => fold(l.trim()).toLowerCase()))]
    .filter((l) => l.length >= MIN_SENSITIVE_LENGTH)
    .sort((a, b) => b.length - a.length);
  if (wanted.length === 0) return text;
  const pattern = new RegExp(wanted.map(escapeRegExp).join('|'), 'g');
  const folded = fold(text).toLowerCase();
  // toLowerCase keeps lengths for the scripts people type here; fall back to exact matching if not.
  const haystack = folded.length === text.length ? folded : text;
  const spans = [...haystack.matchAll(pattern)].map((m): [number, number] => [m.index ?? 0, (m.index ?? 0) + m[0].length]);
  return replaceSpans(text, spans, RedactionTags.sensitive);
}

function phoneDigitsPlausible(match: string): boolean {
  const digits = match.replace(/\D/g, '');
  if (match.startsWith('+81')) {
    const national = match.includes('(0)') ? digits.slice(3) : digits.slice(2);
    return national.length >= 9 && national.length <= 11;
  }
  return digits.startsWith('0') && (digits.length === 10 || digits.length === 11);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
