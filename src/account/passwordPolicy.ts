/**
 * The seed's "strong password" rule (【補足 *1】): 8 to 16 characters, and at least 3 of
 * the 4 kinds upper case, lower case, digit, symbol. Checked by the reset page in the
 * browser and again on the server; the browser copy is generated from these constants.
 */

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 16;
/** How many of the four kinds a strong password contains at least. */
export const PASSWORD_MIN_KINDS = 3;
/** The seed's symbol list, verbatim: ` ~ ! @ # $ % ^ & * ( ) _ + - = | { } [ ] \ : " ; ' < > ? . , / */
export const PASSWORD_SYMBOLS = '`~!@#$%^&*()_+-=|{}[]\\:";\'<>?.,/';

export type PasswordKind = 'upper' | 'lower' | 'digit' | 'symbol';

export type PasswordProblem =
  | 'too-short'
  | 'too-long'
  | 'too-few-kinds'
  /** Anything outside half-width letters, digits and the seed's symbols (full-width input, spaces, kana). */
  | 'invalid-characters';

export type PasswordCheck =
  | { readonly ok: true; readonly kinds: readonly PasswordKind[] }
  | { readonly ok: false; readonly problems: readonly PasswordProblem[]; readonly kinds: readonly PasswordKind[] };

function kindOf(ch: string): PasswordKind | undefined {
  if (ch >= 'A' && ch <= 'Z') return 'upper';
  if (ch >= 'a' && ch <= 'z') return 'lower';
  if (ch >= '0' && ch <= '9') return 'digit';
  if (PASSWORD_SYMBOLS.includes(ch)) return 'symbol';
  return undefined;
}

/** Checks a candidate password; lists every problem so the page can explain all at once. */
export function checkPassword(password: string): PasswordCheck {
  const chars = Array.from(password); // code points, so an emoji counts once
  const kinds = new Set<PasswordKind>();
  let invalid = false;
  for (const ch of chars) {
    const kind = kindOf(ch);
    if (kind) kinds.add(kind);
    else invalid = true;
  }
  const problems: PasswordProblem[] = [];
  if (chars.length < PASSWORD_MIN_LENGTH) problems.push('too-short');
  if (chars.length > PASSWORD_MAX_LENGTH) problems.push('too-long');
  if (kinds.size < PASSWORD_MIN_KINDS) problems.push('too-few-kinds');
  if (invalid) problems.push('invalid-characters');
  const found = (['upper', 'lower', 'digit', 'symbol'] as const).filter((k) => kinds.has(k));
  return problems.length === 0 ? { ok: true, kinds: found } : { ok: false, problems, kinds: found };
}
