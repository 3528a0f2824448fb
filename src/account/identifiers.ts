/**
 * How account names and contacts are compared and how they appear in logs.
 * Users type the same address in many writings (全角, upper case, 090-… or +81 90 …),
 * so everything is compared in one canonical form.
 */

/** Japan's country calling code: a national number 090… is +8190… */
const JAPAN_PREFIX = '+81';

/** Looks like a phone number: digits with optional +, spaces, hyphens, dots and brackets. */
const PHONE_SHAPE = /^\+?[\d\s\-().]{7,}$/;

/** NFKC, trimmed, lower case, with dash-like characters unified (ー－‐ typed in a phone number). */
function fold(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase().replace(/[\u2010-\u2015\u2212\u30fc]/g, '-');
}

/**
 * Canonical phone number in E.164-like form: 090-1234-5678, 09012345678, +81 90 1234 5678
 * and 81-90-1234-5678 all become +819012345678. Undefined when it is not phone-shaped.
 */
export function normalizePhone(input: string): string | undefined {
  const folded = fold(input);
  if (!PHONE_SHAPE.test(folded)) return undefined;
  const digits = folded.replace(/\D/g, '');
  if (folded.startsWith('+')) return `+${digits}`;
  if (digits.startsWith('0')) return `${JAPAN_PREFIX}${digits.slice(1)}`;
  // The seed tells users to drop the leading 0 when registering (9012345678).
  if (digits.length === 10 && /^[5-9]0/.test(digits)) return `${JAPAN_PREFIX}${digits}`;
  if (digits.startsWith('81')) return `+${digits}`;
  return `+${digits}`;
}

/** Canonical e-mail address (NFKC, lower case), or undefined when it has no @. */
export function normalizeEmail(input: string): string | undefined {
  const folded = fold(input).replace(/\s+/g, '');
  return /^[^@]+@[^@]+$/.test(folded) ? folded : undefined;
}

/** Canonical account name: an e-mail, a phone number or a Skype name (lower case). */
export function normalizeAccountName(input: string): string {
  return normalizeEmail(input) ?? normalizePhone(input) ?? fold(input).replace(/\s+/g, '');
}

/** t***@example.com: enough for an operator to tell messages apart, not to read the address. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

/** ***-****-5678: the last four digits only. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return `***-****-${digits.slice(-4)}`;
}

/** Masks whatever kind of contact or account name it is given. */
export function maskContact(contact: string): string {
  if (contact.includes('@')) return maskEmail(contact);
  if (normalizePhone(contact)) return maskPhone(contact);
  return contact.length > 0 ? `${contact[0]}***` : '***';
}
