/**
 * The account service port the guided flows need. Implementations live in src/account/
 * (demo: in-process; http: the production client). Every operation returns a
 * discriminated union; none throws for an expected outcome.
 *
 * Enumeration safety is part of the contract: for an account that does not exist, or a
 * contact that is not registered on it, operations that start a challenge still answer
 * `ok: true` with a challenge that can never be verified, in the same time.
 */

/** The back end could not be reached, timed out, or failed: the user may retry later. */
export interface Unavailable {
  readonly ok: false;
  readonly reason: 'unavailable';
}
/** Too many requests: wait before asking again. */
export interface RateLimited {
  readonly ok: false;
  readonly reason: 'rate-limited';
  readonly retryAfterSeconds: number;
}

/** Where a security code is sent. */
export type CodeChannel = 'email' | 'sms';

export type ChallengeStarted = { readonly ok: true; readonly challengeId: string; readonly expiresAt: string } | RateLimited | Unavailable;

export type CodeVerification =
  | { readonly ok: true; /** Opaque proof that the code was right, for the next operation. */ readonly proof: string }
  | { readonly ok: false; readonly reason: 'wrong-code'; readonly attemptsLeft: number }
  /** Too many wrong tries: the challenge is void. */
  | { readonly ok: false; readonly reason: 'locked' }
  | { readonly ok: false; readonly reason: 'expired' }
  /** Too many tries from this client lately (the bot's own limit): wait, then the same code may be tried again. */
  | RateLimited
  | Unavailable;

export type CodeResent = { readonly ok: true; readonly expiresAt: string } | RateLimited | { readonly ok: false; readonly reason: 'locked' | 'expired' } | Unavailable;

export type ResetLinkIssued =
  | { readonly ok: true; readonly url: string; readonly expiresAt: string }
  | { readonly ok: false; readonly reason: 'invalid-proof' }
  | Unavailable;

export type UnblockResult = { readonly ok: true } | { readonly ok: false; readonly reason: 'invalid-proof' } | Unavailable;

export type SecretQuestionStarted = { readonly ok: true; readonly challengeId: string; readonly question: string } | RateLimited | Unavailable;

export type RecoveryCodeCheck =
  | { readonly ok: true; readonly proof: string }
  | { readonly ok: false; readonly reason: 'wrong-code'; readonly attemptsLeft: number }
  | { readonly ok: false; readonly reason: 'locked' }
  /** Too many tries from this client lately (the bot's own limit): wait, then try again. */
  | RateLimited
  | Unavailable;

/** Sections of the recovery form (seed d-2). */
export type RecoverySection = 'account' | 'mail' | 'billing';

/** What the user told us on the recovery form. Absent = skipped; NOT_REGISTERED = 「登録していません」. */
export interface RecoveryAnswers {
  readonly lastName?: string;
  readonly firstName?: string;
  /** ISO date, yyyy-mm-dd. */
  readonly birthDate?: string;
  readonly country?: string;
  readonly prefecture?: string;
  readonly postalCode?: string;
  readonly recentSubjects?: readonly string[];
  readonly folderNames?: readonly string[];
  readonly recentRecipients?: readonly string[];
  readonly xboxCardLast5?: string;
  readonly cardHolderName?: string;
  readonly cardLast4?: string;
  /** yyyy-mm. */
  readonly cardExpiry?: string;
}

export const NOT_REGISTERED = '登録していません';

export type RecoverySubmitted =
  | { readonly ok: true; readonly ticketId: string }
  /** Too little was answered to verify anyone (seed: the form returns to the account information page). */
  | { readonly ok: false; readonly reason: 'insufficient'; readonly sections: readonly RecoverySection[] }
  | { readonly ok: false; readonly reason: 'invalid-proof' }
  | Unavailable;

export type RecoveryStatus =
  | { readonly ok: true; readonly status: 'received' | 'in-review' | 'verified' | 'not-verified'; readonly updatedAt: string }
  | { readonly ok: false; readonly reason: 'not-found' }
  | Unavailable;

export interface AccountAdapter {
  /** Sends a security code to `contact` if it is registered on `account` (email or SMS). */
  sendSecurityCode(request: { account: string; channel: CodeChannel; contact: string }): Promise<ChallengeStarted>;
  /** Starts a challenge answered with the account's authenticator app. */
  startAuthenticatorChallenge(request: { account: string }): Promise<ChallengeStarted>;
  /** Sends an unblock code by SMS to `phone` if it is registered on the (blocked) account. */
  sendUnblockCode(request: { account: string; phone: string }): Promise<ChallengeStarted>;
  /**
   * Sends a code to a contact address of the user's own, for account recovery (seed d-1).
   * The address is the user's, so the code is sent whether or not the account exists (the
   * review decides that); its proof serves only submitRecoveryRequest for the same account
   * and address. An address equal to the account name gets a dud challenge.
   */
  verifyRecoveryContact(request: { account: string; contactEmail: string }): Promise<ChallengeStarted>;
  /** Checks a code of any challenge above. Attempts and expiry are enforced here. */
  verifyCode(request: { challengeId: string; code: string }): Promise<CodeVerification>;
  /** Sends the same challenge's code again (rate-limited). */
  resendCode(request: { challengeId: string }): Promise<CodeResent>;
  /** Issues a single-use, short-lived password-reset link for a verified identity. */
  issueResetLink(request: { proof: string }): Promise<ResetLinkIssued>;
  /** Lifts the block on a verified account. */
  unblock(request: { proof: string }): Promise<UnblockResult>;
  /** Returns the account's secret question (a plausible decoy for unknown accounts). */
  startSecretQuestion(request: { account: string }): Promise<SecretQuestionStarted>;
  /** Checks a secret-question answer; same outcomes as a code. */
  answerSecretQuestion(request: { challengeId: string; answer: string }): Promise<CodeVerification>;
  /** Checks a recovery code. */
  checkRecoveryCode(request: { account: string; code: string }): Promise<RecoveryCodeCheck>;
  /** Submits the recovery form; `proof` comes from verifying the contact email. */
  submitRecoveryRequest(request: { proof: string; account: string; contactEmail: string; answers: RecoveryAnswers }): Promise<RecoverySubmitted>;
  /** Status of a recovery request by its ticket id. */
  getRecoveryStatus(request: { ticketId: string }): Promise<RecoveryStatus>;
}
