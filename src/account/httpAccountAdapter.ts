import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type {
  AccountAdapter,
  ChallengeStarted,
  CodeChannel,
  CodeResent,
  CodeVerification,
  RecoveryAnswers,
  RecoveryCodeCheck,
  RecoveryStatus,
  RecoverySubmitted,
  ResetLinkIssued,
  SecretQuestionStarted,
  Unavailable,
  UnblockResult,
} from '../../dialogs/accountPort';
import type { Logger } from '../logger';
import {
  attemptResultBody,
  challengeStartedBody,
  problemBody,
  recoveryInsufficientBody,
  recoveryStatusBody,
  recoverySubmittedBody,
  resentBody,
  resetLinkBody,
  secretQuestionBody,
  ServicePaths,
} from './httpContract';

export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_RETRY_BASE_DELAY_MS = 200;
/** A Retry-After longer than this is not waited for: the user is told instead. */
export const DEFAULT_MAX_RETRY_DELAY_MS = 2_000;
/** Used when a 429 comes without a usable Retry-After. */
export const DEFAULT_RETRY_AFTER_SECONDS = 30;
export const API_KEY_HEADER = 'X-Api-Key';

export interface HttpAccountAdapterOptions {
  /** The account service's base URL (config ACCOUNT_API_BASE_URL). */
  baseUrl: string;
  /** Sent in X-Api-Key (config ACCOUNT_API_KEY). */
  apiKey: string;
  /** Time limit of each HTTP attempt, body included (config ACCOUNT_API_TIMEOUT_MS). */
  timeoutMs: number;
  /** Logs operation names, statuses and causes; never bodies. */
  logger: Logger;
  /** Retries of a safe or idempotent call after 429, 503 or a network error (default DEFAULT_MAX_RETRIES). */
  maxRetries?: number;
  /** First backoff delay; doubled per retry, with jitter (default DEFAULT_RETRY_BASE_DELAY_MS). */
  retryBaseDelayMs?: number;
  /** Longest wait before a retry, Retry-After included (default DEFAULT_MAX_RETRY_DELAY_MS). */
  maxRetryDelayMs?: number;
  /** The fetch to use (default the global fetch); tests may wrap it. */
  fetch?: typeof fetch;
  /** Random number in [0, 1) for jitter (default Math.random). */
  random?: () => number;
}

const UNAVAILABLE: Unavailable = { ok: false, reason: 'unavailable' };

interface CallSpec {
  readonly operation: keyof typeof ServicePaths;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  /** Safe to repeat: a GET, or a POST the contract marks idempotent (sent with an Idempotency-Key). */
  readonly retryable: boolean;
}

type CallOutcome =
  | { readonly kind: 'response'; readonly status: number; readonly body: unknown }
  | { readonly kind: 'rate-limited'; readonly retryAfterSeconds: number }
  | { readonly kind: 'unavailable' };

/** Seconds from a Retry-After header (delta-seconds or an HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The production AccountAdapter (`ACCOUNT_ADAPTER=http`): a client of the account service
 * described in openapi/account-service.yaml. Every call has a timeout; every body is parsed
 * with zod; only safe and idempotent calls are retried; every failure maps to the union's
 * reasons ('unavailable', 'rate-limited'), never to an exception.
 */
export class HttpAccountAdapter implements AccountAdapter {
  private readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly timeoutMs: number;
  private readonly logger: Logger;
  private readonly maxRetries: number;
  private readonly retryBaseDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private readonly fetchImpl: typeof fetch;
  private readonly random: () => number;

  constructor(options: HttpAccountAdapterOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    if (!/^https?:\/\/[^/]+/.test(this.baseUrl)) throw new Error(`httpAccountAdapter: baseUrl must be an http(s) URL (got "${options.baseUrl}")`);
    if (options.apiKey.trim() === '') throw new Error('httpAccountAdapter: apiKey must not be empty');
    if (!(options.timeoutMs > 0)) throw new Error(`httpAccountAdapter: timeoutMs must be positive (got ${options.timeoutMs})`);
    this.apiKey = options.apiKey;
    this.timeoutMs = options.timeoutMs;
    this.logger = options.logger;
    this.maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? DEFAULT_RETRY_BASE_DELAY_MS;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? DEFAULT_MAX_RETRY_DELAY_MS;
    this.fetchImpl = options.fetch ?? fetch;
    this.random = options.random ?? Math.random;
  }

  // ---- challenges -----------------------------------------------------------------------

  async sendSecurityCode(request: { account: string; channel: CodeChannel; contact: string }): Promise<ChallengeStarted> {
    return this.challengeStarted(await this.call({ operation: 'sendSecurityCode', method: 'POST', path: ServicePaths.sendSecurityCode, body: request, retryable: true }), 'sendSecurityCode');
  }

  async startAuthenticatorChallenge(request: { account: string }): Promise<ChallengeStarted> {
    const operation = 'startAuthenticatorChallenge';
    return this.challengeStarted(await this.call({ operation, method: 'POST', path: ServicePaths.startAuthenticatorChallenge, body: request, retryable: true }), operation);
  }

  async sendUnblockCode(request: { account: string; phone: string }): Promise<ChallengeStarted> {
    return this.challengeStarted(await this.call({ operation: 'sendUnblockCode', method: 'POST', path: ServicePaths.sendUnblockCode, body: request, retryable: true }), 'sendUnblockCode');
  }

  async verifyRecoveryContact(request: { account: string; contactEmail: string }): Promise<ChallengeStarted> {
    const operation = 'verifyRecoveryContact';
    return this.challengeStarted(await this.call({ operation, method: 'POST', path: ServicePaths.verifyRecoveryContact, body: request, retryable: true }), operation);
  }

  async verifyCode(request: { challengeId: string; code: string }): Promise<CodeVerification> {
    const outcome = await this.call({ operation: 'verifyCode', method: 'POST', path: ServicePaths.verifyCode(request.challengeId), body: { code: request.code }, retryable: false });
    return this.attemptOnChallenge(outcome, 'verifyCode');
  }

  async resendCode(request: { challengeId: string }): Promise<CodeResent> {
    const operation = 'resendCode';
    const outcome = await this.call({ operation, method: 'POST', path: ServicePaths.resendCode(request.challengeId), retryable: true });
    if (outcome.kind === 'rate-limited') return { ok: false, reason: 'rate-limited', retryAfterSeconds: outcome.retryAfterSeconds };
    if (outcome.kind === 'unavailable') return UNAVAILABLE;
    if (outcome.status === 200) return this.parse(operation, resentBody, outcome.body, (b) => ({ ok: true, expiresAt: b.expiresAt }));
    const gone = this.challengeGone(outcome);
    return gone ?? this.unexpected(operation, outcome);
  }

  async startSecretQuestion(request: { account: string }): Promise<SecretQuestionStarted> {
    const operation = 'startSecretQuestion';
    const outcome = await this.call({ operation, method: 'POST', path: ServicePaths.startSecretQuestion, body: request, retryable: true });
    if (outcome.kind === 'rate-limited') return { ok: false, reason: 'rate-limited', retryAfterSeconds: outcome.retryAfterSeconds };
    if (outcome.kind === 'unavailable') return UNAVAILABLE;
    if (outcome.status === 201) return this.parse(operation, secretQuestionBody, outcome.body, (b) => ({ ok: true, challengeId: b.challengeId, question: b.question }));
    return this.unexpected(operation, outcome);
  }

  async answerSecretQuestion(request: { challengeId: string; answer: string }): Promise<CodeVerification> {
    const operation = 'answerSecretQuestion';
    const outcome = await this.call({ operation, method: 'POST', path: ServicePaths.answerSecretQuestion(request.challengeId), body: { answer: request.answer }, retryable: false });
    return this.attemptOnChallenge(outcome, operation);
  }

  // ---- identity -------------------------------------------------------------------------

  async issueResetLink(request: { proof: string }): Promise<ResetLinkIssued> {
    const operation = 'issueResetLink';
    const outcome = await this.call({ operation, method: 'POST', path: ServicePaths.issueResetLink, body: request, retryable: true });
    if (outcome.kind !== 'response') return UNAVAILABLE;
    if (outcome.status === 201) return this.parse(operation, resetLinkBody, outcome.body, (b) => ({ ok: true, url: b.url, expiresAt: b.expiresAt }));
    if (outcome.status === 403) return { ok: false, reason: 'invalid-proof' };
    return this.unexpected(operation, outcome);
  }

  async unblock(request: { proof: string }): Promise<UnblockResult> {
    const outcome = await this.call({ operation: 'unblock', method: 'POST', path: ServicePaths.unblock, body: request, retryable: true });
    if (outcome.kind !== 'response') return UNAVAILABLE;
    if (outcome.status === 204 || outcome.status === 200) return { ok: true };
    if (outcome.status === 403) return { ok: false, reason: 'invalid-proof' };
    return this.unexpected('unblock', outcome);
  }

  async checkRecoveryCode(request: { account: string; code: string }): Promise<RecoveryCodeCheck> {
    const operation = 'checkRecoveryCode';
    const outcome = await this.call({ operation, method: 'POST', path: ServicePaths.checkRecoveryCode, body: request, retryable: false });
    if (outcome.kind !== 'response') return UNAVAILABLE;
    if (outcome.status === 200) return this.parse(operation, attemptResultBody, outcome.body, (b) => this.attemptResult(b));
    return this.unexpected(operation, outcome);
  }

  // ---- recovery -------------------------------------------------------------------------

  async submitRecoveryRequest(request: { proof: string; account: string; contactEmail: string; answers: RecoveryAnswers }): Promise<RecoverySubmitted> {
    const operation = 'submitRecoveryRequest';
    const outcome = await this.call({ operation, method: 'POST', path: ServicePaths.submitRecoveryRequest, body: request, retryable: true });
    if (outcome.kind !== 'response') return UNAVAILABLE;
    if (outcome.status === 201) return this.parse(operation, recoverySubmittedBody, outcome.body, (b) => ({ ok: true, ticketId: b.ticketId }));
    if (outcome.status === 200) return this.parse(operation, recoveryInsufficientBody, outcome.body, (b) => ({ ok: false, reason: 'insufficient', sections: b.sections }));
    if (outcome.status === 403) return { ok: false, reason: 'invalid-proof' };
    return this.unexpected(operation, outcome);
  }

  async getRecoveryStatus(request: { ticketId: string }): Promise<RecoveryStatus> {
    const operation = 'getRecoveryStatus';
    const outcome = await this.call({ operation, method: 'GET', path: ServicePaths.getRecoveryStatus(request.ticketId), retryable: true });
    if (outcome.kind !== 'response') return UNAVAILABLE;
    if (outcome.status === 200) return this.parse(operation, recoveryStatusBody, outcome.body, (b) => ({ ok: true, status: b.status, updatedAt: b.updatedAt }));
    if (outcome.status === 404) return { ok: false, reason: 'not-found' };
    return this.unexpected(operation, outcome);
  }

  // ---- mapping --------------------------------------------------------------------------

  private challengeStarted(outcome: CallOutcome, operation: CallSpec['operation']): ChallengeStarted {
    if (outcome.kind === 'rate-limited') return { ok: false, reason: 'rate-limited', retryAfterSeconds: outcome.retryAfterSeconds };
    if (outcome.kind === 'unavailable') return UNAVAILABLE;
    if (outcome.status === 201) return this.parse(operation, challengeStartedBody, outcome.body, (b) => ({ ok: true, challengeId: b.challengeId, expiresAt: b.expiresAt }));
    return this.unexpected(operation, outcome);
  }

  private attemptOnChallenge(outcome: CallOutcome, operation: CallSpec['operation']): CodeVerification {
    if (outcome.kind !== 'response') return UNAVAILABLE;
    if (outcome.status === 200) return this.parse(operation, attemptResultBody, outcome.body, (b) => this.attemptResult(b));
    return this.challengeGone(outcome) ?? this.unexpected(operation, outcome);
  }

  private attemptResult(body: z.infer<typeof attemptResultBody>): CodeVerification & RecoveryCodeCheck {
    switch (body.result) {
      case 'verified':
        return { ok: true, proof: body.proof };
      case 'wrong-code':
        return { ok: false, reason: 'wrong-code', attemptsLeft: body.attemptsLeft };
      case 'locked':
        return { ok: false, reason: 'locked' };
    }
  }

  /** 404 (no such challenge) reads as expired; 410 is expired or, with code challenge-locked, locked. */
  private challengeGone(outcome: { status: number; body: unknown }): { ok: false; reason: 'expired' | 'locked' } | undefined {
    if (outcome.status === 404) return { ok: false, reason: 'expired' };
    if (outcome.status !== 410) return undefined;
    const problem = problemBody.safeParse(outcome.body);
    return { ok: false, reason: problem.success && problem.data.code === 'challenge-locked' ? 'locked' : 'expired' };
  }

  private parse<S extends z.ZodType, R>(operation: string, schema: S, body: unknown, map: (parsed: z.infer<S>) => R): R | Unavailable {
    const parsed = schema.safeParse(body);
    if (parsed.success) return map(parsed.data);
    // Paths and issue codes only: the values may be personal data.
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.code}`);
    this.logger.error({ operation, issues }, `httpAccountAdapter: ${operation} answered a body that does not match the contract`);
    return UNAVAILABLE;
  }

  private unexpected(operation: string, outcome: { status: number; body: unknown }): Unavailable {
    const problem = problemBody.safeParse(outcome.body);
    const code = problem.success ? problem.data.code : undefined;
    // 400, 401 and 409 are our bug or our configuration, not a passing outage.
    const level = outcome.status < 500 ? 'error' : 'warn';
    this.logger[level]({ operation, status: outcome.status, code }, `httpAccountAdapter: ${operation} answered ${outcome.status}${code ? ` (${code})` : ''}`);
    return UNAVAILABLE;
  }

  // ---- transport ------------------------------------------------------------------------

  /** One logical call: attempts with a timeout each, retrying only what is safe to repeat. */
  private async call(spec: CallSpec): Promise<CallOutcome> {
    const idempotencyKey = spec.method === 'POST' && spec.retryable ? randomUUID() : undefined;
    for (let attempt = 0; ; attempt++) {
      const canRetry = spec.retryable && attempt < this.maxRetries;
      const backoff = Math.min(this.maxRetryDelayMs, this.retryBaseDelayMs * 2 ** attempt) * (0.5 + this.random() / 2);
      let response: Response;
      try {
        response = await this.fetchImpl(`${this.baseUrl}${spec.path}`, {
          method: spec.method,
          headers: {
            Accept: 'application/json',
            [API_KEY_HEADER]: this.apiKey,
            ...(spec.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
            ...(idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {}),
          },
          body: spec.body !== undefined ? JSON.stringify(spec.body) : undefined,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (err) {
        const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
        // A timeout has spent the user's wait already: retrying would multiply it.
        if (!timedOut && canRetry) {
          this.logger.warn({ operation: spec.operation, attempt }, `httpAccountAdapter: ${spec.operation} network error; retrying`);
          await sleep(backoff);
          continue;
        }
        this.logger.warn({ operation: spec.operation, attempt, cause: timedOut ? 'timeout' : 'network' }, `httpAccountAdapter: ${spec.operation} ${timedOut ? `timed out after ${this.timeoutMs} ms` : 'failed: network error'}`);
        return { kind: 'unavailable' };
      }

      if (response.status === 429 || response.status === 503) {
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
        await response.body?.cancel().catch(() => undefined);
        const wait = Math.max(backoff, (retryAfter ?? 0) * 1000);
        if (canRetry && wait <= this.maxRetryDelayMs) {
          this.logger.warn({ operation: spec.operation, status: response.status, attempt, waitMs: Math.round(wait) }, `httpAccountAdapter: ${spec.operation} answered ${response.status}; retrying`);
          await sleep(wait);
          continue;
        }
        this.logger.warn({ operation: spec.operation, status: response.status, attempt }, `httpAccountAdapter: ${spec.operation} answered ${response.status}`);
        return response.status === 429 ? { kind: 'rate-limited', retryAfterSeconds: retryAfter ?? DEFAULT_RETRY_AFTER_SECONDS } : { kind: 'unavailable' };
      }
      if (response.status >= 500) {
        await response.body?.cancel().catch(() => undefined);
        this.logger.warn({ operation: spec.operation, status: response.status }, `httpAccountAdapter: ${spec.operation} answered ${response.status}`);
        return { kind: 'unavailable' };
      }
      return this.readBody(spec, response);
    }
  }

  private async readBody(spec: CallSpec, response: Response): Promise<CallOutcome> {
    let text: string;
    try {
      text = await response.text();
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      this.logger.warn({ operation: spec.operation, cause: timedOut ? 'timeout' : 'network' }, `httpAccountAdapter: ${spec.operation} failed while reading the body`);
      return { kind: 'unavailable' };
    }
    if (text.trim() === '') return { kind: 'response', status: response.status, body: undefined };
    try {
      return { kind: 'response', status: response.status, body: JSON.parse(text) as unknown };
    } catch {
      this.logger.error({ operation: spec.operation, status: response.status, bytes: text.length }, `httpAccountAdapter: ${spec.operation} answered malformed JSON`);
      return { kind: 'unavailable' };
    }
  }
}
