import { NOT_REGISTERED, type RecoveryAnswers, type RecoverySection } from '../../dialogs/accountPort';
import type { DemoProfile } from './demoFixture';

/**
 * The demo's rules for the recovery form (seed d-2 and f.). The seed says only that too
 * little information sends the user back to the form; these thresholds make that concrete.
 *
 * Sufficient: at least MIN_ANSWERED_FIELDS fields answered in all, of which at least
 * MIN_ACCOUNT_FIELDS in the account section. 「登録していません」 and skipped fields do not
 * count as answered (they cannot be checked).
 * Verified (review outcome): the account has a profile and at least VERIFY_MIN_MATCHES of
 * the 4 checks match: name (姓 and 名), birth date, prefecture, postal code.
 */
export const MIN_ANSWERED_FIELDS = 5;
export const MIN_ACCOUNT_FIELDS = 2;
export const VERIFY_MIN_MATCHES = 3;

const ACCOUNT_FIELDS = ['lastName', 'firstName', 'birthDate', 'country', 'prefecture', 'postalCode'] as const;
const MAIL_FIELDS = ['recentSubjects', 'folderNames', 'recentRecipients'] as const;
const BILLING_FIELDS = ['xboxCardLast5', 'cardHolderName', 'cardLast4', 'cardExpiry'] as const;

type Field = keyof RecoveryAnswers;

function isAnswered(value: string | readonly string[] | undefined): boolean {
  if (value === undefined) return false;
  const values = typeof value === 'string' ? [value] : value;
  return values.some((v) => v.trim() !== '' && v.normalize('NFKC').trim() !== NOT_REGISTERED);
}

function answeredIn(answers: RecoveryAnswers, fields: readonly Field[]): number {
  return fields.filter((f) => isAnswered(answers[f])).length;
}

export type RecoveryAssessment = { readonly sufficient: true; readonly answered: number } | { readonly sufficient: false; readonly answered: number; readonly sections: readonly RecoverySection[] };

/**
 * Whether the form has enough to review. When not, `sections` lists where more can be
 * added: account and mail when any of their fields is unanswered, billing only when it was
 * partly answered (billing is asked only of people who registered it).
 */
export function assessRecoveryAnswers(answers: RecoveryAnswers): RecoveryAssessment {
  const account = answeredIn(answers, ACCOUNT_FIELDS);
  const mail = answeredIn(answers, MAIL_FIELDS);
  const billing = answeredIn(answers, BILLING_FIELDS);
  const answered = account + mail + billing;
  if (answered >= MIN_ANSWERED_FIELDS && account >= MIN_ACCOUNT_FIELDS) return { sufficient: true, answered };
  const sections: RecoverySection[] = [];
  if (account < ACCOUNT_FIELDS.length) sections.push('account');
  if (mail < MAIL_FIELDS.length) sections.push('mail');
  if (billing > 0 && billing < BILLING_FIELDS.length) sections.push('billing');
  return { sufficient: false, answered, sections };
}

function same(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const fold = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  return fold(a) === fold(b);
}

/** 東京都 and 東京 are the same answer. */
function samePrefecture(a: string | undefined, b: string): boolean {
  const strip = (s: string) => s.normalize('NFKC').trim().replace(/[都道府県]$/, '');
  return a !== undefined && strip(a) === strip(b);
}

function samePostalCode(a: string | undefined, b: string): boolean {
  const digits = (s: string) => s.normalize('NFKC').replace(/\D/g, '');
  return a !== undefined && digits(a) === digits(b);
}

/** How many of the 4 profile checks the answers pass. */
export function countProfileMatches(answers: RecoveryAnswers, profile: DemoProfile): number {
  const checks = [
    same(answers.lastName, profile.lastName) && same(answers.firstName, profile.firstName),
    answers.birthDate === profile.birthDate,
    samePrefecture(answers.prefecture, profile.prefecture),
    samePostalCode(answers.postalCode, profile.postalCode),
  ];
  return checks.filter(Boolean).length;
}
