import { messages } from '../messages';
import { commandKey, parseChoice, parseEmail, parsePhone, parseRecoveryCode, parseSecretAnswer, parseSixDigitCode, parseYesNo, type InputResult } from './inputs';
import type { FieldContext } from './interruptibleDialog';

/**
 * How the identity checks read their steps' answers: each a function from the user's text
 * (and the step's context) to a typed answer or the Japanese reason it was refused.
 */

/** How the user receives a security code (seed b.), or none of them works. */
export type CodeMethod = 'email' | 'sms' | 'app' | 'none';

/** An answer at the code step: the code, a request to send it again, or "it does not arrive". */
export type CodeAnswer = { readonly kind: 'code'; readonly code: string } | { readonly kind: 'resend' } | { readonly kind: 'not-received' };

/** An answer at the recovery-code step (seed c.). */
export type RecoveryCodeAnswer = { readonly kind: 'code'; readonly code: string } | { readonly kind: 'none' };

/** An answer at the unblock phone step: a number, or no phone to use. */
export type PhoneAnswer = { readonly kind: 'phone'; readonly phone: string } | { readonly kind: 'none' };

const v = messages.verification;

/** Reads the code step's answer: six digits, 再送, or コードが届かない. */
export function parseCodeAnswer(text: string): InputResult<CodeAnswer> {
  const key = commandKey(text);
  if (v.resendWords.some((w) => commandKey(w) === key)) return { ok: true, value: { kind: 'resend' } };
  if (v.notReceivedWords.some((w) => commandKey(w) === key)) return { ok: true, value: { kind: 'not-received' } };
  const code = parseSixDigitCode(text);
  return code.ok ? { ok: true, value: { kind: 'code', code: code.value } } : code;
}

/** Reads the recovery-code step's answer: the code, or 持っていない. */
export function parseRecoveryCodeAnswer(text: string): InputResult<RecoveryCodeAnswer> {
  const key = commandKey(text);
  if (v.noRecoveryCodeWords.some((w) => commandKey(w) === key)) return { ok: true, value: { kind: 'none' } };
  const code = parseRecoveryCode(text);
  return code.ok ? { ok: true, value: { kind: 'code', code: code.value } } : code;
}

/** Reads the method step's answer. */
export const parseCodeMethod = parseChoice<CodeMethod>(
  { email: [v.methodEmail, 'メール', 'メールアドレス', 'email'], sms: [v.methodSms, 'sms', '携帯電話', 'ショートメール', '電話'], app: [v.methodApp, 'アプリ', '認証アプリ', 'authenticator'], none: [v.methodNone, 'ない', 'どれもない', '使えない'] },
  v.methodExpected,
);

/** The full contact; the chosen method says which kind is expected, and the other kind gets a precise error. */
export function parseContact(text: string, context: FieldContext): InputResult<string> {
  const email = parseEmail(text);
  const phone = parsePhone(text);
  if (context.expects === 'email') return email.ok ? email : { ok: false, error: phone.ok ? v.expectedEmail : v.contactExpected };
  if (context.expects === 'phone') return phone.ok ? phone : { ok: false, error: email.ok ? v.expectedPhone : v.contactExpected };
  return email.ok ? email : phone.ok ? phone : { ok: false, error: v.contactExpected };
}

/** The recovery contact (d-1) must be the user's own address, not the account being recovered. */
export function parseContactEmail(text: string, context: FieldContext): InputResult<string> {
  const email = parseEmail(text);
  if (email.ok && context.differentFrom !== undefined && email.value === context.differentFrom.toLowerCase()) return { ok: false, error: messages.recovery.sameAsAccount };
  return email;
}

/** The phone for an SMS unblock code, or 携帯電話を使えない. */
export function parsePhoneAnswer(text: string): InputResult<PhoneAnswer> {
  if (messages.unblock.noPhoneWords.some((w) => commandKey(w) === commandKey(text))) return { ok: true, value: { kind: 'none' } };
  const phone = parsePhone(text);
  return phone.ok ? { ok: true, value: { kind: 'phone', phone: phone.value } } : phone;
}

/** Does the user remember the secret question's answer? (覚えていない is no.) */
export const parseRemembersSecret = parseYesNo;

/** A secret-question answer: anything short. */
export { parseSecretAnswer };

/** A Microsoft account name: an e-mail, a phone number or a Skype name. */
export { parseAccountName as parseAccountAnswer } from './inputs';

/** What the user does at the recovery summary: send it, or correct a section. */
export type ConfirmChoice = 'send' | 'edit-account' | 'edit-mail' | 'edit-billing';

const rc = messages.recovery;

/** Reads the recovery summary's answer. */
export const parseConfirm = parseChoice<ConfirmChoice>(
  { send: [rc.sendButton, '送信', 'はい', 'ok'], 'edit-account': [rc.editButtons.account], 'edit-mail': [rc.editButtons.mail], 'edit-billing': [rc.editButtons.billing] },
  rc.confirmExpected,
);

/** Is billing information registered? (登録していません is no.) */
export const parseHasBilling = parseYesNo;
