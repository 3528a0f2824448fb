import type {
  AccountAdapter,
  ChallengeStarted,
  CodeChannel,
  CodeResent,
  CodeVerification,
  RateLimited,
  RecoveryAnswers,
  RecoveryCodeCheck,
  RecoveryStatus,
  RecoverySubmitted,
  ResetLinkIssued,
  SecretQuestionStarted,
  Unavailable,
  UnblockResult,
} from '../../dialogs/accountPort';
import { normalizeAccountName } from '../account/identifiers';
import type { Logger } from '../logger';
import type { CodeLimiters } from './createLimiters';
import { takeAll, type Limiter, type LimitVerdict } from './limiter';
import { requesterKey } from './limitKeys';

export interface RateLimitedAccountAdapterOptions {
  /** The adapter that does the work (the HTTP client of the account service). */
  inner: AccountAdapter;
  /** The code limits (createLimiters(…).code): shared by every instance in blob mode. */
  limiters: CodeLimiters;
  /** Where refusals are logged, without the key (an address) or the account. */
  logger: Logger;
}

const UNAVAILABLE: Unavailable = { ok: false, reason: 'unavailable' };

/**
 * The bot's own code limits in front of any account adapter (issue 11): the account service
 * limits codes too, but the bot must not rely on it, and with several instances the bot's
 * limits are counted in the shared container, so landing on another instance escapes nothing.
 *
 * - Starting a challenge (a code sent, the authenticator, an unblock code, a recovery contact
 *   code, a secret question) counts once per account name as the flows pass it (normalized, so
 *   TARO@example.com and taro@example.com are one; the service alone knows a Skype name and an
 *   address are one account) and once per client; a resend counts per client (it sends again).
 *   Refused: 'rate-limited' with the wait, as the service would say it.
 * - Trying a code, a secret answer or a recovery code counts per client. Refused:
 *   'rate-limited' with the wait: the code itself is still good, so the flow keeps what was
 *   typed and checks it again when the user says もう一度 after the wait.
 * - The client is the request's address; behind Bot Framework authentication (no address) the
 *   conversation; outside a request nothing is counted per client (src/limits/limitKeys.ts).
 * - A refusal is decided before the inner adapter is called, and costs nothing (takeAll).
 * - These limits fail closed: when the shared store cannot be read the call is not made and
 *   the flow hears 'unavailable' (it offers to try again), never an unlimited guess.
 */
export class RateLimitedAccountAdapter implements AccountAdapter {
  private readonly inner: AccountAdapter;
  private readonly limiters: CodeLimiters;
  private readonly logger: Logger;

  constructor(options: RateLimitedAccountAdapterOptions) {
    this.inner = options.inner;
    this.limiters = options.limiters;
    this.logger = options.logger;
  }

  // ---- challenge starts: per account and per client ---------------------------------------

  sendSecurityCode(request: { account: string; channel: CodeChannel; contact: string }): Promise<ChallengeStarted> {
    return this.start(request.account, () => this.inner.sendSecurityCode(request));
  }

  startAuthenticatorChallenge(request: { account: string }): Promise<ChallengeStarted> {
    return this.start(request.account, () => this.inner.startAuthenticatorChallenge(request));
  }

  sendUnblockCode(request: { account: string; phone: string }): Promise<ChallengeStarted> {
    return this.start(request.account, () => this.inner.sendUnblockCode(request));
  }

  verifyRecoveryContact(request: { account: string; contactEmail: string }): Promise<ChallengeStarted> {
    return this.start(request.account, () => this.inner.verifyRecoveryContact(request));
  }

  startSecretQuestion(request: { account: string }): Promise<SecretQuestionStarted> {
    return this.start(request.account, () => this.inner.startSecretQuestion(request));
  }

  /** A resend sends a code again: it counts per client (the challenge, not the account, is all it names). */
  async resendCode(request: { challengeId: string }): Promise<CodeResent> {
    const requester = requesterKey();
    const verdict = requester === undefined ? ({ ok: true } as const) : await this.limiters.requestsPerClient.take(requester);
    return verdict.ok ? this.inner.resendCode(request) : this.refusedStart(verdict);
  }

  // ---- guesses: per client ----------------------------------------------------------------

  verifyCode(request: { challengeId: string; code: string }): Promise<CodeVerification> {
    return this.guess(() => this.inner.verifyCode(request));
  }

  answerSecretQuestion(request: { challengeId: string; answer: string }): Promise<CodeVerification> {
    return this.guess(() => this.inner.answerSecretQuestion(request));
  }

  checkRecoveryCode(request: { account: string; code: string }): Promise<RecoveryCodeCheck> {
    return this.guess(() => this.inner.checkRecoveryCode(request));
  }

  // ---- the rest needs a proof or a ticket: passed through ---------------------------------

  issueResetLink(request: { proof: string }): Promise<ResetLinkIssued> {
    return this.inner.issueResetLink(request);
  }

  unblock(request: { proof: string }): Promise<UnblockResult> {
    return this.inner.unblock(request);
  }

  submitRecoveryRequest(request: { proof: string; account: string; contactEmail: string; answers: RecoveryAnswers }): Promise<RecoverySubmitted> {
    return this.inner.submitRecoveryRequest(request);
  }

  getRecoveryStatus(request: { ticketId: string }): Promise<RecoveryStatus> {
    return this.inner.getRecoveryStatus(request);
  }

  // ---- internals --------------------------------------------------------------------------

  private async start<T>(account: string, call: () => Promise<T>): Promise<T | RateLimited | Unavailable> {
    const pairs: [Limiter, string][] = [[this.limiters.requestsPerAccount, normalizeAccountName(account)]];
    const requester = requesterKey();
    if (requester !== undefined) pairs.push([this.limiters.requestsPerClient, requester]);
    const verdict = await takeAll(pairs);
    return verdict.ok ? call() : this.refusedStart(verdict);
  }

  private refusedStart(verdict: Extract<LimitVerdict, { ok: false }>): RateLimited | Unavailable {
    // A store outage is logged by the limiter itself (once a minute); this is the per-request answer.
    if (verdict.reason === 'store-unavailable') return UNAVAILABLE;
    this.logger.warn({ retryAfterSeconds: verdict.retryAfterSeconds }, 'rateLimitedAccountAdapter: code request limit reached (per account or per client); answered as rate-limited');
    return { ok: false, reason: 'rate-limited', retryAfterSeconds: verdict.retryAfterSeconds };
  }

  private async guess<T>(call: () => Promise<T>): Promise<T | RateLimited | Unavailable> {
    const requester = requesterKey();
    if (requester === undefined) return call();
    const verdict = await this.limiters.guessesPerClient.take(requester);
    if (verdict.ok) return call();
    if (verdict.reason === 'store-unavailable') return UNAVAILABLE;
    this.logger.warn({ retryAfterSeconds: verdict.retryAfterSeconds }, 'rateLimitedAccountAdapter: too many code guesses from one client; answered as rate-limited');
    return { ok: false, reason: 'rate-limited', retryAfterSeconds: verdict.retryAfterSeconds };
  }
}
