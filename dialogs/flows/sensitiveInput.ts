/**
 * Recognizes a message that holds a password or a full card number, which the chat must
 * never receive. Heuristic by design: it must not flag what the flows do ask for (e-mail
 * addresses, phone numbers, 6-digit codes, dates, postal codes, lower-case Skype names,
 * recovery codes, ticket ids), and it errs on the side of discarding a password.
 */
export type SensitiveKind = 'password' | 'card-number';

export interface SensitiveFinding {
  readonly kind: SensitiveKind;
  /** The text with every sensitive span replaced by `replacement`. */
  readonly redacted: string;
}

/** Password length range considered (the seed's policy is 8–16; people use longer ones). */
const MIN_PASSWORD_LENGTH = 8;
const MAX_PASSWORD_LENGTH = 64;
/** Character classes (upper, lower, digit, symbol) a token needs to look like a password. */
const MIN_PASSWORD_CLASSES = 3;

/** "パスワードは xxxx", "password: xxxx": a declared password, whatever its shape. */
const DECLARED_PASSWORD = /((?:パスワード|ぱすわーど|password|passwd|pwd|pw)\s*(?:は|が|って|:|=|＝|：)\s*[「"']?)([\x21-\x7e]{4,})/giu;
/** 13–19 digits, optionally grouped by spaces or hyphens. */
const CARD_CANDIDATE = /(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)/g;

/** A printable ASCII character: what every sensitive shape above and every password token is made of. */
const PRINTABLE_ASCII = /[\x21-\x7e]/;

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const URL = /^https?:\/\//i;
const RECOVERY_CODE = /^[A-Z0-9]{5}(?:-[A-Z0-9]{5}){4}$/;
/** Ticket ids such as RR-7K3M9QXA. */
const TICKET_ID = /^[A-Z]{2,4}-[A-Z0-9]{6,12}$/;
/** Skype names typed in lower case (Skype names are case-insensitive). */
const SKYPE_NAME = /^(?:live:[a-z0-9._-]+|[a-z][a-z0-9.,_-]{5,31})$/;

/** The Luhn checksum every payment card number satisfies. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function classCount(token: string): number {
  return [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(token)).length;
}

/** True for a whitespace-free token that looks like a password rather than an answer the flows ask for. */
export function looksLikePassword(token: string): boolean {
  if (!/^[\x21-\x7e]+$/.test(token)) return false;
  // Sentence punctuation around an ordinary word (「Birthday:」, 「Subjects...」, 「(Tokyo)」) is not
  // a third kind of character: only what is inside the token counts.
  const word = token.replace(/^[(\[{"'`]+/u, '').replace(/[.,:;!?)\]}"'`]+$/u, '');
  if (/^[A-Za-z]+$/.test(word) || /^\d+$/.test(word)) return false;
  if (token.length < MIN_PASSWORD_LENGTH || token.length > MAX_PASSWORD_LENGTH) return false;
  if (EMAIL.test(token) || URL.test(token) || RECOVERY_CODE.test(token) || TICKET_ID.test(token) || SKYPE_NAME.test(token)) return false;
  return classCount(token) >= MIN_PASSWORD_CLASSES;
}

/** Finds passwords and card numbers in a message; undefined when there is none. */
export function findSensitive(text: string, replacement: string): SensitiveFinding | undefined {
  // NFKC keeps the length of ASCII and full-width alike only roughly, so work on the folded text.
  const folded = text.normalize('NFKC');
  // A card number (ASCII digits after NFKC), a declared password and a password-like token are all
  // made of printable ASCII: a message with none (most Japanese sentences) holds neither.
  if (!PRINTABLE_ASCII.test(folded)) return undefined;
  let kind: SensitiveKind | undefined;
  let redacted = folded.replace(CARD_CANDIDATE, (match) => {
    if (!luhnValid(match.replace(/\D/g, ''))) return match;
    kind = 'card-number';
    return replacement;
  });
  redacted = redacted.replace(DECLARED_PASSWORD, (_all, lead: string) => {
    kind ??= 'password';
    return `${lead}${replacement}`;
  });
  redacted = redacted
    .split(/(\s+|[、。「」『』（）()]+)/u)
    .map((token) => {
      if (!looksLikePassword(token)) return token;
      kind ??= 'password';
      return replacement;
    })
    .join('');
  return kind ? { kind, redacted } : undefined;
}
