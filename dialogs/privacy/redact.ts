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
 * | [日付]         | a full date in any writing the flows read (1990/1/2, 1990年1月2日, 平成2年1月2日, H2.1.2, 19900102, January 2, 1990…), see dates.ts |
 * | [氏名]         | a person's name: introduced as one's own (名前は…, …と申します, 私は…です), or tagged 人名 by the dictionary once it is registered, see personNames.ts |
 *
 * Never redacted, whatever they contain: our ticket numbers (MDG-20261125-7F3K), recovery request
 * numbers (RR-7K3MQXAB) and ISO timestamps (2026-01-31T10:00:00.000Z, log metadata), nor a tag
 * already in the text (so redacting twice changes nothing).
 *
 * Names need kuromoji's dictionary, which loads in ~2 s at start-up while this module is
 * synchronous and used from the first log line. So the dictionary comes in by injection: the
 * composition roots (src/app.ts, the terminal session) call `setPersonNameDetector` once the
 * analyzer is loaded, and from then on every caller's `redact` uses it. A registry rather than a
 * parameter because the callers are free functions in six modules (logger, event log, history,
 * handoff context and coordinator, CLI), some built before the analyzer exists (the logger);
 * threading a redactor through all of them would change their constructors for one value that
 * is the same for the whole process. A caller (or a test) can still pass one explicitly with
 * `options.personNames`. Before registration, the phrases still work, and names typed in the
 * recovery flow are already redacted as sensitive values (`markSensitive`).
 *
 * Full-width digits and symbols (０９０－１２３４－５６７８, ＠) and the long-vowel mark
 * used as a hyphen (０９０ー１２３４ー５６７８) are recognized: patterns run on a folded
 * copy of the text with the same length, and the spans found are replaced in the original,
 * so the rest of the Japanese text is left exactly as written.
 */
import { luhnValid } from '../flows/sensitiveInput';
import { dateSpans, type Span } from './dates';
import { phraseNameSpans, type PersonNameDetector } from './personNames';

export { dictionaryNameDetector, type NameSpan, type PersonNameDetector, type PersonNameTagger } from './personNames';

export const RedactionTags = {
  sensitive: '[個人情報]',
  token: '[トークン]',
  email: '[メール]',
  card: '[カード番号]',
  phone: '[電話番号]',
  postalCode: '[郵便番号]',
  code: '[コード]',
  number: '[番号]',
  date: '[日付]',
  name: '[氏名]',
} as const;

export type RedactionKind = keyof typeof RedactionTags;

export interface RedactOptions {
  /** Literal values a flow marked sensitive (an answer to a secret question, a name); replaced wherever they appear. Default: none. */
  readonly sensitive?: readonly string[];
  /**
   * Finds names with a dictionary. Default: the detector registered with `setPersonNameDetector`;
   * null: none (names introduced by a phrase are still redacted).
   */
  readonly personNames?: PersonNameDetector | null;
}

let registeredDetector: PersonNameDetector | undefined;

/**
 * Registers the dictionary name detector every `redact` uses from now on (once the analyzer is
 * loaded; see the header). Returns a function that puts back the one registered before.
 */
export function setPersonNameDetector(detector: PersonNameDetector | undefined): () => void {
  const previous = registeredDetector;
  registeredDetector = detector;
  // What the memo remembers was found with the detector it replaces.
  rememberedTexts.clear();
  return () => {
    registeredDetector = previous;
    rememberedTexts.clear();
  };
}


/** Shortest sensitive literal honoured: shorter ones would erase ordinary words. */
export const MIN_SENSITIVE_LENGTH = 2;

/** Query parameters whose value is a secret (matched case-insensitively, also `x_token`, `reset_code`…). */
const TOKEN_PARAM = String.raw`(?:[a-z_]*(?:token|code|sig|signature|secret|key|otp|password|passwd|pwd|auth|session|ticket|nonce|proof))`;
/** Path segments that introduce a secret: /reset/<token>, /verify/<token>… */
const TOKEN_PATH = String.raw`(?:reset|verify|confirm|activate|unlock|recover|magic|invite)`;

interface PatternRule {
  readonly kind: RedactionKind;
  readonly pattern: RegExp;
  /**
   * A character every match contains: a text without one cannot match, so the pattern (whose
   * lookbehinds are tried at every position) is not run on it. Most messages are Japanese words
   * without a digit, an @ or an =.
   */
  readonly needs: RegExp;
  /** Only the named group `secret` is replaced when present; otherwise the whole match. */
  readonly accept?: (match: string) => boolean;
}

/** An ASCII digit (the fold has made full-width digits ASCII). */
const DIGIT = /\d/;

const PATTERN_RULES: readonly PatternRule[] = [
  { kind: 'token', pattern: new RegExp(String.raw`(?<=[?&#;\s]|^)${TOKEN_PARAM}=(?<secret>[^&#\s"'<>]+)`, 'gi'), needs: /=/ },
  { kind: 'token', pattern: new RegExp(String.raw`/${TOKEN_PATH}/(?<secret>[^/?#\s"'<>]+)`, 'gi'), needs: /\// },
  // Starts at the beginning of a local part; a masked address (t***@example.com, from maskEmail) stays readable.
  { kind: 'email', pattern: /(?<![A-Za-z0-9!#$%&'*+/=?^_`{|}~.-])(?![^@\s*]\*{3}@)[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+/g, needs: /@/ },
  { kind: 'card', pattern: /(?<!\d[ -]?)\d(?:[ -]?\d){12,18}(?![ -]?\d)/g, needs: DIGIT, accept: (m) => luhnValid(m.replace(/\D/g, '')) },
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
    needs: DIGIT,
    accept: phoneDigitsPlausible,
  },
  { kind: 'postalCode', pattern: /〒\s?\d{3}-?\d{4}(?!\d)|(?<![\d-])\d{3}-\d{4}(?![\d-])/g, needs: DIGIT },
  // Accepted only with a digit in it, so a text without one cannot hold such a code.
  { kind: 'code', pattern: /(?<![A-Za-z0-9-])[A-Za-z0-9]{4,6}(?:-[A-Za-z0-9]{4,6}){2,}(?![A-Za-z0-9-])/g, needs: DIGIT, accept: (m) => /\d/.test(m) },
  { kind: 'code', pattern: /(?<!\d)\d{6,8}(?!\d)/g, needs: DIGIT },
  { kind: 'number', pattern: /(?<!\d[ -]?)\d(?:[ -]?\d){8,}(?![ -]?\d)/g, needs: DIGIT },
];

/** One step of redaction: the spans of one kind in the text (`folded` is its same-length fold). */
interface Rule {
  readonly kind: RedactionKind;
  readonly find: (folded: string, text: string, options: RedactOptions) => readonly Span[];
}

const byPattern = (rule: PatternRule): Rule => ({ kind: rule.kind, find: (folded) => patternSpans(folded, rule) });
const patternRule = (kind: RedactionKind): Rule[] => PATTERN_RULES.filter((r) => r.kind === kind).map(byPattern);

/*
 * Order matters where shapes overlap: dates come after phone numbers (no date shape is a phone
 * number) and before postal codes and codes, so 19900102 is a [日付] and not a [コード]; names
 * come last, so the dictionary reads a text whose numbers are already tags.
 */
const RULES: readonly Rule[] = [
  ...patternRule('token'),
  ...patternRule('email'),
  ...patternRule('card'),
  ...patternRule('phone'),
  { kind: 'date', find: (folded) => dateSpans(folded) },
  ...patternRule('postalCode'),
  ...patternRule('code'),
  ...patternRule('number'),
  { kind: 'name', find: (folded, text, options) => [...phraseNameSpans(folded), ...dictionarySpans(text, options)] },
];

/** Replaces personal data in `text` by tags (table above). Idempotent; never throws. */
export function redact(text: string, options: RedactOptions = {}): string {
  return applyRules(redactLiterals(text, options.sensitive ?? []), options);
}

function applyRules(text: string, options: RedactOptions): string {
  let out = text;
  // The fold and the kept spans depend on the text only: computed again only after a rule changed it.
  let view = viewOf(out);
  for (const rule of RULES) {
    const next = applyRule(out, view, rule, options);
    if (next !== out) {
      out = next;
      view = viewOf(out);
    }
  }
  return out;
}

/** Most texts the redaction memo keeps (the knowledge base's answers and the bot's prompts are a few hundred). */
export const DEFAULT_REDACTION_MEMO_ENTRIES = 1_000;
/** Longest text the redaction memo keeps, in UTF-16 units (so it holds at most a few MB); longer ones are redacted each time. */
export const MAX_REDACTION_MEMO_TEXT_LENGTH = 8_000;

/**
 * Texts already redacted with the registered detector, and their result, least recently used
 * first (a Map iterates in insertion order): for what is redacted over and over (the bot's own
 * replies, transcripts redacted again, the ids and kinds of structured records). Only texts that
 * are safe to hold are kept: those redaction leaves unchanged (nothing in them to hide), and the
 * knowledge base's own texts. `redact` itself does not use it: what people type rarely repeats.
 */
const rememberedTexts = new Map<string, string>();

/** The rules (not the literals) applied to `text` with the registered detector, through the memo; `ownText`: remembered even when redaction changes it. */
function applyRulesRemembered(text: string, ownText: boolean): string {
  const known = rememberedTexts.get(text);
  if (known !== undefined) {
    rememberedTexts.delete(text);
    rememberedTexts.set(text, known);
    return known;
  }
  const redacted = applyRules(text, {});
  if (text.length <= MAX_REDACTION_MEMO_TEXT_LENGTH && (redacted === text || ownText)) {
    rememberedTexts.set(text, redacted);
    if (rememberedTexts.size > DEFAULT_REDACTION_MEMO_ENTRIES) {
      const oldest = rememberedTexts.keys().next();
      if (!oldest.done) rememberedTexts.delete(oldest.value);
    }
  }
  return redacted;
}

export interface OwnTextOptions {
  /**
   * The text is the knowledge base's own (an answer's title and body): no personal data, so it is
   * remembered even when redaction changes it (a token-like query in a URL). Default false.
   */
  readonly fromKnowledgeBase?: boolean;
  /**
   * The text is one of the bot's fixed messages (dialogs/messages.ts, not a template filled with
   * values): no personal data either, so it is remembered like a knowledge-base text (a prompt
   * whose example phone number redaction replaces). Default false.
   */
  readonly fixedMessage?: boolean;
}

/**
 * `redact(text)` for the bot's own replies, which repeat all day (answers, prompts): a repeat
 * costs a lookup instead of the dictionary (~10 ms for a long answer). Only texts safe to hold
 * are remembered: a text redaction leaves unchanged, or the knowledge base's own text. A reply
 * that carries personal data (one that echoes what the user typed) is redacted every time and
 * never kept. Always the result `redact(text)` gives.
 */
export function redactOwnText(text: string, options: OwnTextOptions = {}): string {
  return applyRulesRemembered(text, (options.fromKnowledgeBase ?? false) || (options.fixedMessage ?? false));
}

/**
 * `redact(text, { sensitive })` for a text kept in a transcript, redacted again when a flow marks
 * sensitive values: the same result, with the texts the rules leave unchanged remembered (a
 * conversation's transcript is redacted again at each such turn).
 */
export function redactStoredText(text: string, sensitive: readonly string[] = []): string {
  return storedTextRedactor(sensitive)(text);
}

/** `redactStoredText` for many texts with the same literals (a record's strings): the literals' pattern is built once. */
function storedTextRedactor(sensitive: readonly string[]): (text: string) => string {
  const literals = literalsRedactor(sensitive);
  return (text) => applyRulesRemembered(literals(text), false);
}

/**
 * `redact(text, { sensitive })` for texts that already went through `redact` (the lines of a
 * transcript, redacted again when a flow marks values): redaction is idempotent, so only the
 * literals can change a line, and the rules run again only on a line where one was found. The
 * same result as redactStoredText, without the dictionary reading every line of the transcript at
 * every turn of the recovery form; the literals' pattern is built once for all the lines.
 */
export function redactorRedactedAgain(sensitive: readonly string[]): (redacted: string) => string {
  const literals = literalsRedactor(sensitive);
  return (redacted) => {
    const withLiterals = literals(redacted);
    return withLiterals === redacted ? redacted : applyRulesRemembered(withLiterals, false);
  };
}

/** A tag, in the text as written (the dictionary reads the text itself, not its fold). */
const TAG_IN_TEXT = new RegExp(Object.values(RedactionTags).map(escapeRegExp).join('|'), 'g');
/** A letter of any script: a name is made of letters. */
const LETTER = /\p{L}/u;

function dictionarySpans(text: string, options: RedactOptions): Span[] {
  const detector = options.personNames === undefined ? registeredDetector : options.personNames;
  if (!detector) return [];
  // Nothing but tags, digits and symbols (「[メール]」, a code): no name can be there, and a span
  // inside a tag is dropped anyway (KEEP), so the dictionary need not read it.
  if (!LETTER.test(text.replace(TAG_IN_TEXT, ''))) return [];
  try {
    return detector(text).map((s): Span => [s.start, s.end]);
  } catch {
    // Redaction runs inside the logger and every writer: a broken detector must not take them
    // down. The phrases above still apply to this text.
    return [];
  }
}

/** Redacts every string inside a JSON-like value (transcripts, ticket bodies); keys are kept. */
export function redactDeep<T>(value: T, options: RedactOptions = {}): T {
  // Structured records (outcome events, log fields) are mostly the code's own ids and kinds,
  // written again and again: through the memo, which keeps only texts with nothing to hide.
  // The literals' pattern is built once for the whole record.
  return redactStrings(value, options.personNames === undefined ? storedTextRedactor(options.sensitive ?? []) : (text) => redact(text, options));
}

function redactStrings<T>(value: T, redactOne: (text: string) => string): T {
  if (typeof value === 'string') return redactOne(value) as T;
  if (Array.isArray(value)) return value.map((v) => redactStrings(v, redactOne)) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactStrings(v, redactOne);
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

/** A character `fold` changes (the same ranges as its loop). */
const FOLDED_CHARACTER = /[\uff01-\uff5e\u3000\u30fc\uff70\u2010-\u2015\u2212]/;

/**
 * Full-width ASCII (０-９, Ａ-Ｚ, ＠, －, （）, ＋), the ideographic space and the dashes
 * people type between digit groups (ー, ｰ, ‐, −, –) become their ASCII forms. Every
 * replacement is one UTF-16 unit for one, so offsets in the folded copy are offsets in the original.
 */
export function fold(text: string): string {
  // Most texts hold none of these (every line of a transcript is folded again whenever a flow
  // marks values): one scan by the regex engine finds the first, or that there is none.
  const first = text.search(FOLDED_CHARACTER);
  if (first < 0) return text;
  // The text between two folded characters is copied as one slice, not character by character
  // (a katakana line has a ー or two in a hundred characters).
  let out = '';
  let kept = 0;
  for (let i = first; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let folded: string;
    if (c >= 0xff01 && c <= 0xff5e) folded = String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000) folded = ' ';
    else if (c === 0x30fc || c === 0xff70 || (c >= 0x2010 && c <= 0x2015) || c === 0x2212) folded = '-';
    else continue;
    out += text.slice(kept, i) + folded;
    kept = i + 1;
  }
  return out + text.slice(kept);
}

/**
 * Never redacted: our ticket numbers (MDG-20261125-7F3K: their date digits are no birth date),
 * recovery request numbers as the account service issues them and as people type them
 * (RR-7K3MQXAB, rr7k3mqxab), ISO timestamps (log metadata: 2026-01-31T10:00:00.000Z), and the
 * tags themselves.
 */
const KEEP: readonly { readonly pattern: RegExp; /** What every match contains: a text without it is not scanned (see PatternRule.needs). */ readonly needs: RegExp }[] = [
  // Never inside an e-mail address: a local part or domain that happens to read like a number
  // (a@rraaaaaaaa.aa, rr7k3mqxab@example.com) must still be redacted as the address it is.
  { pattern: /(?<![A-Za-z0-9@._%+-])MDG-\d{8}-[2-9A-HJKMNP-Z]{4}(?![A-Za-z0-9@]|\.[A-Za-z0-9])/g, needs: /MDG-/ },
  { pattern: /(?<![A-Za-z0-9@._%+-])RR ?-? ?[A-Za-z0-9]{8}(?![A-Za-z0-9@]|\.[A-Za-z0-9])/gi, needs: /rr/i },
  { pattern: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?/g, needs: /T\d/ },
  // Matched in the folded text, where the tags' ー is '-' too. Every tag starts with [.
  { pattern: new RegExp(Object.values(RedactionTags).map((tag) => escapeRegExp(fold(tag))).join('|'), 'g'), needs: /\[/ },
];

/** A text's fold and the spans that are never redacted in it (KEEP). */
interface TextView {
  readonly folded: string;
  readonly kept: readonly Span[];
}

function viewOf(text: string): TextView {
  const folded = fold(text);
  const kept: Span[] = [];
  for (const k of KEEP) {
    if (!k.needs.test(folded)) continue;
    for (const m of folded.matchAll(k.pattern)) kept.push([m.index, m.index + m[0].length]);
  }
  return { folded, kept };
}

function applyRule(text: string, { folded, kept }: TextView, rule: Rule, options: RedactOptions): string {
  const overlapsKept = ([start, end]: Span) => kept.some(([a, b]) => start < b && end > a);
  const spans = rule.find(folded, text, options).filter((span) => span[1] > span[0] && !overlapsKept(span));
  return replaceSpans(text, spans, RedactionTags[rule.kind]);
}

function patternSpans(folded: string, rule: PatternRule): Span[] {
  const spans: Span[] = [];
  if (!rule.needs.test(folded)) return spans;
  for (const m of folded.matchAll(rule.pattern)) {
    if (rule.accept && !rule.accept(m[0])) continue;
    const start = m.index;
    const secret = m.groups?.secret;
    if (secret !== undefined) {
      const offset = m[0].lastIndexOf(secret);
      spans.push([start + offset, start + offset + secret.length]);
    } else spans.push([start, start + m[0].length]);
  }
  return spans;
}

/** Replaces the spans (in any order, overlapping ones joined: 平成2年1月2日 and the 2年1月2日 inside it) by one tag each. */
function replaceSpans(text: string, spans: readonly Span[], tag: string): string {
  if (spans.length === 0) return text;
  const merged: [number, number][] = [];
  for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0] || b[1] - a[1])) {
    const last = merged[merged.length - 1];
    if (last && start < last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  let out = '';
  let last = 0;
  for (const [start, end] of merged) {
    out += text.slice(last, start) + tag;
    last = end;
  }
  return out + text.slice(last);
}

function redactLiterals(text: string, literals: readonly string[]): string {
  return literalsRedactor(literals)(text);
}

/** Replaces the literals wherever they appear in a text; the pattern is built once for the texts it is given. */
function literalsRedactor(literals: readonly string[]): (text: string) => string {
  const wanted = [...new Set(literals.map((l) => fold(l.trim()).toLowerCase()))]
    .filter((l) => l.length >= MIN_SENSITIVE_LENGTH)
    .sort((a, b) => b.length - a.length);
  if (wanted.length === 0) return (text) => text;
  // matchAll copies a global pattern, so one pattern serves every text.
  const pattern = new RegExp(wanted.map(escapeRegExp).join('|'), 'g');
  return (text) => {
    const folded = fold(text).toLowerCase();
    // toLowerCase keeps lengths for the scripts people type here; fall back to exact matching if not.
    const haystack = folded.length === text.length ? folded : text;
    const spans = [...haystack.matchAll(pattern)].map((m): Span => [m.index, m.index + m[0].length]);
    return replaceSpans(text, spans, RedactionTags.sensitive);
  };
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
