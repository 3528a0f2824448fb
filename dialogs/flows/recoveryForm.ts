import { NOT_REGISTERED, type RecoveryAnswers, type RecoverySection } from '../accountPort';
import { messages } from '../messages';
import {
  SKIPPED,
  type InputParser,
  type OptionalAnswer,
} from './inputs';
import {
  optionalFormAnswer,
  readBirthDate,
  readCardExpiry,
  readCardHolder,
  readCardLast4,
  readCountry,
  readFirstName,
  readFolderNames,
  readLastName,
  readPostalCode,
  readPrefecture,
  readRecipients,
  readSubjects,
  readXboxLast5,
} from './formAnswers';

/**
 * The recovery form of seed d-2, one field per question, in the seed's order. Past
 * passwords are deliberately absent: a chat must never receive a password.
 */
export type RecoveryFieldKey = keyof RecoveryAnswers;

/** What a field's answer is stored as: a string, a list, 登録していません or skipped. */
export type FormValue = OptionalAnswer<string | readonly string[]>;

export interface RecoveryFormField {
  readonly key: RecoveryFieldKey;
  readonly section: RecoverySection;
  readonly parse: InputParser<FormValue>;
  readonly prompt: string;
  readonly help: string;
}

const f = messages.recovery.fields;

/** `freeText`: any words are a plausible answer, so 「覚えてない」 is read as a skip before the field's parser. */
const field = (key: RecoveryFieldKey, section: RecoverySection, parse: InputParser<string | readonly string[]>, freeText = false): RecoveryFormField => ({
  key,
  section,
  parse: optionalFormAnswer(parse, freeText),
  prompt: f[key].prompt,
  help: f[key].help,
});

export const RECOVERY_FORM: readonly RecoveryFormField[] = [
  field('lastName', 'account', readLastName),
  field('firstName', 'account', readFirstName),
  field('birthDate', 'account', (text) => readBirthDate(text)),
  field('country', 'account', readCountry),
  field('prefecture', 'account', readPrefecture),
  field('postalCode', 'account', readPostalCode),
  field('recentSubjects', 'mail', readSubjects, true),
  field('folderNames', 'mail', readFolderNames, true),
  field('recentRecipients', 'mail', readRecipients),
  field('xboxCardLast5', 'billing', readXboxLast5),
  field('cardHolderName', 'billing', readCardHolder),
  field('cardLast4', 'billing', readCardLast4),
  field('cardExpiry', 'billing', readCardExpiry),
];

/** Answers as gathered: a key is present once asked; SKIPPED marks a field left empty. */
export type FormAnswers = Partial<Record<RecoveryFieldKey, FormValue>>;

const LIST_KEYS: ReadonlySet<RecoveryFieldKey> = new Set(['recentSubjects', 'folderNames', 'recentRecipients']);

/** What is sent to the back end: skipped fields left out, 登録していません kept (seed *1). */
export function toRecoveryAnswers(answers: FormAnswers): RecoveryAnswers {
  const out: Record<string, string | readonly string[]> = {};
  for (const [key, value] of Object.entries(answers) as [RecoveryFieldKey, FormValue][]) {
    if (value === SKIPPED || value === undefined) continue;
    out[key] = LIST_KEYS.has(key) && typeof value === 'string' ? [value] : value;
  }
  return out as RecoveryAnswers;
}

const MASK = '＊';

/** 山田 → 山＊: enough to recognize one's own answer, not to read it. */
function maskName(name: string): string {
  const chars = Array.from(name);
  return `${chars[0] ?? ''}${MASK.repeat(Math.max(1, chars.length - 1))}`;
}

/** One line per asked field, with personal values masked, for the confirmation step. */
export function maskedSummary(answers: FormAnswers): string {
  const s = messages.recovery.summary;
  const lines: string[] = [];
  for (const formField of RECOVERY_FORM) {
    const value = answers[formField.key];
    if (value === undefined) continue;
    lines.push(`- ${f[formField.key].label}: ${maskValue(formField.key, value)}`);
  }
  return lines.length > 0 ? lines.join('\n') : s.empty;

  function maskValue(key: RecoveryFieldKey, value: FormValue): string {
    if (value === SKIPPED) return s.skipped;
    if (value === NOT_REGISTERED) return NOT_REGISTERED;
    if (typeof value !== 'string') return value.length === 1 && value[0] === NOT_REGISTERED ? NOT_REGISTERED : s.items(value.length);
    switch (key) {
      case 'lastName':
      case 'firstName':
      case 'cardHolderName':
        return maskName(value);
      case 'birthDate':
        return `${value.slice(0, 4)}年${MASK}${MASK}月${MASK}${MASK}日`;
      case 'postalCode':
        return `${value.slice(0, 3)}-${MASK.repeat(4)}`;
      case 'xboxCardLast5':
        return `${MASK.repeat(3)}${value.slice(-2)}`;
      case 'cardLast4':
        return `${MASK.repeat(2)}${value.slice(-2)}`;
      case 'cardExpiry':
        return `${MASK.repeat(2)}/${MASK.repeat(2)}`;
      default:
        return value;
    }
  }
}
