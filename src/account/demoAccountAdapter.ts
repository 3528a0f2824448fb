import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type {
  AccountAdapter,
  ChallengeStarted,
  CodeChannel,
  CodeResent,
  CodeVerification,
  RecoveryAnswers,
  RecoveryCodeCheck,
  RateLimited,
  RecoveryStatus,
  RecoverySubmitted,
  ResetLinkIssued,
  SecretQuestionStarted,
  Unavailable,
  UnblockResult,
} from '../../dialogs/accountPort';
import type { CodeLimiters } from '../limits/createLimiters';
import { LIMIT_NAMES, MemoryLimiter, type Limiter } from '../limits/limiter';
import { requesterKey } from '../limits/limitKeys';
import { DEFAULT_CODE_GUESSES_PER_CLIENT, DEFAULT_CODE_REQUESTS_PER_CLIENT } from '../limits/limits';
import type { Rate } from '../limits/rateLimiter';
import type { Logger } from '../logger';
import { currentScope, type ConversationTag } from '../requestScope';
import { DEMO_ACCOUNTS, type DemoAccountSeed, type DemoAccountState } from './demoFixture';
import { maskContact, normalizeAccountName, normalizeEmail, normalizePhone } from './identifiers';
import { Outbox, type OutboxKind, type OutboxMessage } from './outbox';
import { hashPassword, verifyPassword, type PasswordHash } from './passwordHash';
import { checkPassword, type PasswordProblem } from './passwordPolicy';
import { assessRecoveryAnswers, countProfileMatches, VERIFY_MIN_MATCHES } from './recoveryRules';

export const DEFAULT_PUBLIC_BASE_URL = 'http://127.0.0.1:3978';
export const DEFAULT_CODE_TTL_MS = 10 * 60_000;
export const DEFAULT_MAX_CODE_ATTEMPTS = 3;
export const DEFAULT_RESEND_INTERVAL_MS = 60_000;
export const DEFAULT_MAX_RESENDS = 3;
export const DEFAULT_RESET_LINK_TTL_MS = 15 * 60_000;
/** Long enough to fill in the recovery form after verifying the contact address. */
export const DEFAULT_PROOF_TTL_MS = 30 * 60_000;
export const DEFAULT_START_LIMIT = 10;
export const DEFAULT_START_WINDOW_MS = 15 * 60_000;
export const DEFAULT_RECOVERY_CODE_LOCK_MS = 30 * 60_000;
export const DEFAULT_RECOVERY_RECEIVED_MS = 60_000;
export const DEFAULT_RECOVERY_REVIEW_MS = 5 * 60_000;
export const DEFAULT_MIN_LATENCY_MS = 100;
/**
 * Least time between two sweeps of expired challenges, proofs and reset links (1 minute): a sweep
 * reads every entry, so one per code issued made issuing a code cost O(codes issued in the last
 * half hour). What is swept expired at least codeTtl + proofTtl ago, so sweeping a minute later
 * keeps at most a minute more of dead entries.
 */
export const DEFAULT_PRUNE_INTERVAL_MS = 60_000;
/** Path of the demo reset page under the public base URL. */
export const RESET_PATH = '/demo/reset';

/** Plausible questions shown for accounts that have none, so the question reveals nothing. */
const DECOY_QUESTIONS = ['初めて飼ったペットの名前は？', '母親の旧姓は？', '卒業した小学校の名前は？', '生まれた町の名前は？', '子供のころの親友の名前は？'];
const TICKET_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const AUTHENTICATOR_APP = 'authenticator-app';

export interface DemoAccountAdapterOptions {
  /** Where sent messages are logged, masked. */
  logger: Logger;
  /** Accounts to start with (default DEMO_ACCOUNTS). */
  accounts?: readonly DemoAccountSeed[];
  /** Base URL this server is reached at, for reset links; a function when known only after listen (port 0) (default DEFAULT_PUBLIC_BASE_URL). */
  publicBaseUrl?: string | (() => string);
  /** Current time in ms since the epoch (default Date.now); tests pass a fake clock. */
  now?: () => number;
  /** Least real time in ms a call naming an account takes, so timing does not tell whether it exists (default DEFAULT_MIN_LATENCY_MS; 0 in tests). */
  minLatencyMs?: number;
  /** How long a code is valid (default DEFAULT_CODE_TTL_MS, 10 minutes). */
  codeTtlMs?: number;
  /** Wrong codes or answers before a challenge is void (default DEFAULT_MAX_CODE_ATTEMPTS). */
  maxCodeAttempts?: number;
  /** Least time between two sends of one challenge (default DEFAULT_RESEND_INTERVAL_MS). */
  resendIntervalMs?: number;
  /** Resends allowed per challenge (default DEFAULT_MAX_RESENDS). */
  maxResends?: number;
  /** How long a reset link works (default DEFAULT_RESET_LINK_TTL_MS, 15 minutes). */
  resetLinkTtlMs?: number;
  /** How long a proof from a verified code stays usable (default DEFAULT_PROOF_TTL_MS). */
  proofTtlMs?: number;
  /** Challenges that may be started for one account per window, all its sign-in names together; an unknown name counts alone (default DEFAULT_START_LIMIT). */
  startLimit?: number;
  /** The window of startLimit (default DEFAULT_START_WINDOW_MS). */
  startWindowMs?: number;
  /** How long recovery codes are refused after too many wrong ones (default DEFAULT_RECOVERY_CODE_LOCK_MS). */
  recoveryCodeLockMs?: number;
  /** A recovery request is 'received' this long, then 'in-review' (default DEFAULT_RECOVERY_RECEIVED_MS). */
  recoveryReceivedMs?: number;
  /** The review is decided this long after submission (default DEFAULT_RECOVERY_REVIEW_MS). */
  recoveryReviewMs?: number;
  /** Messages the outbox keeps (default DEFAULT_OUTBOX_CAPACITY). */
  outboxCapacity?: number;
  /** Least time in ms between two sweeps of expired entries, on the demo's clock (default DEFAULT_PRUNE_INTERVAL_MS). */
  pruneIntervalMs?: number;
  /** Challenges one client address may start, across accounts; the address comes from the request scope (default DEFAULT_CODE_REQUESTS_PER_CLIENT). */
  codeRequestsPerClient?: Rate;
  /** Codes, secret answers and recovery codes one client address may try, across accounts (default DEFAULT_CODE_GUESSES_PER_CLIENT). */
  codeGuessesPerClient?: Rate;
  /** The per-client limiters to count in, e.g. shared blob ones (createLimiters(…).code); default: in-memory ones from the two rates above. */
  clientLimiters?: Pick<CodeLimiters, 'requestsPerClient' | 'guessesPerClient'>;
}

type ChallengeKind = 'security-code' | 'authenticator-code' | 'unblock-code' | 'recovery-contact-code' | 'secret-question';

interface Account {
  readonly seed: DemoAccountSeed;
  state: DemoAccountState;
  password?: PasswordHash;
}

interface Challenge {
  readonly id: string;
  readonly kind: ChallengeKind;
  /** Account name as normalized from what the user typed (binds recovery proofs). */
  readonly accountName: string;
  readonly account?: Account;
  /** Where codes go (a marker for a real secret question); undefined for a dud challenge, which never verifies. */
  readonly to?: string;
  readonly contactEmail?: string;
  secretHash: Buffer;
  expiresAt: number;
  failures: number;
  resends: number;
  lastSentAt: number;
  state: 'open' | 'used' | 'locked';
  /** The conversation that asked for it: its codes, resends included, show in that conversation's inbox. */
  readonly origin?: ConversationTag;
}

interface Proof {
  readonly purpose: 'identity' | 'recovery-contact';
  readonly account?: Account;
  readonly accountName: string;
  readonly contactEmail?: string;
  readonly expiresAt: number;
}

interface ResetToken {
  readonly account: Account;
  readonly expiresAt: number;
  used: boolean;
}

interface Ticket {
  readonly id: string;
  readonly account?: Account;
  readonly contactEmail: string;
  readonly answers: RecoveryAnswers;
  readonly submittedAt: number;
  decision?: 'verified' | 'not-verified';
  /** The conversation that submitted it: the decision mail goes to that conversation's inbox, whoever asks for the status. */
  readonly origin?: ConversationTag;
}

export type ResetTokenState = 'valid' | 'used' | 'expired' | 'not-found';

export type PasswordSet =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'used' | 'expired' | 'not-found' }
  | { readonly ok: false; readonly reason: 'weak'; readonly problems: readonly PasswordProblem[] };

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** 6-digit codes: full-width digits, spaces and hyphens are the user's typing, not the code. */
function normalizeCode(code: string): string {
  return code.normalize('NFKC').replace(/[\s-]/g, '');
}

/** Secret answers: ポチ, ぽち and ﾎﾟﾁ are the same answer. */
function normalizeAnswer(answer: string): string {
  return Array.from(answer.normalize('NFKC').toLowerCase().replace(/\s+/g, ''))
    .map((ch) => {
      const code = ch.codePointAt(0) ?? 0;
      return code >= 0x30a1 && code <= 0x30f6 ? String.fromCodePoint(code - 0x60) : ch;
    })
    .join('');
}

function normalizeRecoveryCode(code: string): string {
  return code.normalize('NFKC').toUpperCase().replace(/[^A-Z0-9]/g, '');
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/**
 * The in-process account service behind `ACCOUNT_ADAPTER=demo`: seeded from the fixture,
 * enforcing the same rules a real service would (code expiry, attempts, resend limits,
 * single-use links), and "sending" messages to an outbox the operator can read.
 */
export class DemoAccountAdapter implements AccountAdapter {
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly publicBaseUrl: () => string;
  private readonly minLatencyMs: number;
  private readonly codeTtlMs: number;
  private readonly maxCodeAttempts: number;
  private readonly resendIntervalMs: number;
  private readonly maxResends: number;
  private readonly resetLinkTtlMs: number;
  private readonly proofTtlMs: number;
  private readonly startLimit: number;
  private readonly startWindowMs: number;
  private readonly recoveryCodeLockMs: number;
  private readonly recoveryReceivedMs: number;
  private readonly recoveryReviewMs: number;
  private readonly outboxStore: Outbox;
  /** Per-instance key for decoy questions, so they cannot be predicted from outside. */
  private readonly decoyKey = randomBytes(32);

  private readonly accountsByName = new Map<string, Account>();
  private readonly challenges = new Map<string, Challenge>();
  private readonly proofs = new Map<string, Proof>();
  private readonly resetTokens = new Map<string, ResetToken>();
  private readonly tickets = new Map<string, Ticket>();
  /** Tickets not decided yet, oldest first: what outbox() looks at, instead of every ticket ever submitted. */
  private readonly undecided = new Set<Ticket>();
  private readonly pruneIntervalMs: number;
  /** When the last sweep ran (demo clock); -Infinity: never. */
  private lastPruneAt = Number.NEGATIVE_INFINITY;
  /** Challenge start times per account key (limitKey). */
  private readonly starts = new Map<string, number[]>();
  private readonly clientStarts: Limiter;
  private readonly clientGuesses: Limiter;
  private readonly recoveryCodeFailures = new Map<string, { failures: number; lockedUntil: number }>();

  constructor(options: DemoAccountAdapterOptions) {
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    const base = options.publicBaseUrl ?? DEFAULT_PUBLIC_BASE_URL;
    if (typeof base === 'string' && !/^https?:\/\/[^/]+/.test(base)) throw new Error(`demoAccountAdapter: publicBaseUrl must be an http(s) URL (got "${base}")`);
    this.publicBaseUrl = typeof base === 'string' ? () => base : base;
    this.minLatencyMs = options.minLatencyMs ?? DEFAULT_MIN_LATENCY_MS;
    this.codeTtlMs = options.codeTtlMs ?? DEFAULT_CODE_TTL_MS;
    this.maxCodeAttempts = options.maxCodeAttempts ?? DEFAULT_MAX_CODE_ATTEMPTS;
    this.resendIntervalMs = options.resendIntervalMs ?? DEFAULT_RESEND_INTERVAL_MS;
    this.maxResends = options.maxResends ?? DEFAULT_MAX_RESENDS;
    this.resetLinkTtlMs = options.resetLinkTtlMs ?? DEFAULT_RESET_LINK_TTL_MS;
    this.proofTtlMs = options.proofTtlMs ?? DEFAULT_PROOF_TTL_MS;
    this.startLimit = options.startLimit ?? DEFAULT_START_LIMIT;
    this.startWindowMs = options.startWindowMs ?? DEFAULT_START_WINDOW_MS;
    this.recoveryCodeLockMs = options.recoveryCodeLockMs ?? DEFAULT_RECOVERY_CODE_LOCK_MS;
    this.recoveryReceivedMs = options.recoveryReceivedMs ?? DEFAULT_RECOVERY_RECEIVED_MS;
    this.recoveryReviewMs = options.recoveryReviewMs ?? DEFAULT_RECOVERY_REVIEW_MS;
    this.outboxStore = new Outbox(options.outboxCapacity);
    this.pruneIntervalMs = options.pruneIntervalMs ?? DEFAULT_PRUNE_INTERVAL_MS;
    this.clientStarts =
      options.clientLimiters?.requestsPerClient ?? new MemoryLimiter({ name: LIMIT_NAMES.codeRequestsPerClient, rate: options.codeRequestsPerClient ?? DEFAULT_CODE_REQUESTS_PER_CLIENT, now: this.now });
    this.clientGuesses =
      options.clientLimiters?.guessesPerClient ?? new MemoryLimiter({ name: LIMIT_NAMES.codeGuessesPerClient, rate: options.codeGuessesPerClient ?? DEFAULT_CODE_GUESSES_PER_CLIENT, now: this.now });
    for (const seed of options.accounts ?? DEMO_ACCOUNTS) {
      const account: Account = { seed, state: seed.state };
      for (const name of seed.signInNames) {
        const key = normalizeAccountName(name);
        if (this.accountsByName.has(key)) throw new Error(`demoAccountAdapter: sign-in name "${name}" is used by two accounts`);
        this.accountsByName.set(key, account);
      }
    }
  }

  // ---- AccountAdapter -------------------------------------------------------------------

  sendSecurityCode(request: { account: string; channel: CodeChannel; contact: string }): Promise<ChallengeStarted> {
    return this.startChallenge('security-code', request.account, (account) => {
      if (!account) return undefined;
      if (request.channel === 'email') {
        const email = normalizeEmail(request.contact);
        return account.seed.securityEmails.find((e) => normalizeEmail(e) === email);
      }
      const phone = normalizePhone(request.contact);
      return account.seed.securityPhones.find((p) => normalizePhone(p) === phone);
    });
  }

  startAuthenticatorChallenge(request: { account: string }): Promise<ChallengeStarted> {
    return this.startChallenge('authenticator-code', request.account, (account) => (account?.seed.authenticatorApp ? AUTHENTICATOR_APP : undefined));
  }

  sendUnblockCode(request: { account: string; phone: string }): Promise<ChallengeStarted> {
    // Sent whether or not the account is blocked: the answer must not tell its state.
    const phone = normalizePhone(request.phone);
    return this.startChallenge('unblock-code', request.account, (account) => account?.seed.securityPhones.find((p) => normalizePhone(p) === phone));
  }

  verifyRecoveryContact(request: { account: string; contactEmail: string }): Promise<ChallengeStarted> {
    // The contact address is the user's own, not the account's: the code goes to it whether
    // or not the account exists (the review decides that later), except to the account itself.
    const email = normalizeEmail(request.contactEmail);
    const sameAsAccount = email !== undefined && email === normalizeAccountName(request.account);
    return this.startChallenge('recovery-contact-code', request.account, () => (email && !sameAsAccount ? email : undefined), email);
  }

  async verifyCode(request: { challengeId: string; code: string }): Promise<CodeVerification> {
    const challenge = this.challenges.get(request.challengeId);
    if (!challenge || challenge.kind === 'secret-question') return { ok: false, reason: 'expired' };
    const guess = await this.takeGuess();
    if (guess !== 'allowed') return { ok: false, reason: guess };
    return this.attempt(challenge, sha256(normalizeCode(request.code)));
  }

  async resendCode(request: { challengeId: string }): Promise<CodeResent> {
    const challenge = this.challenges.get(request.challengeId);
    const now = this.now();
    if (!challenge || challenge.kind === 'secret-question' || challenge.state === 'used') return { ok: false, reason: 'expired' };
    if (challenge.state === 'locked') return { ok: false, reason: 'locked' };
    if (now >= challenge.expiresAt) return { ok: false, reason: 'expired' };
    if (challenge.resends >= this.maxResends) return { ok: false, reason: 'rate-limited', retryAfterSeconds: Math.ceil((challenge.expiresAt - now) / 1000) };
    const wait = challenge.lastSentAt + this.resendIntervalMs - now;
    if (wait > 0) return { ok: false, reason: 'rate-limited', retryAfterSeconds: Math.ceil(wait / 1000) };
    const code = newCode();
    challenge.secretHash = sha256(challenge.to ? code : randomBytes(16).toString('hex'));
    challenge.expiresAt = now + this.codeTtlMs;
    challenge.resends += 1;
    challenge.lastSentAt = now;
    if (challenge.to) this.send(challenge.to, challenge.kind, { code }, challenge.id, challenge.origin);
    return { ok: true, expiresAt: iso(challenge.expiresAt) };
  }

  async issueResetLink(request: { proof: string }): Promise<ResetLinkIssued> {
    const proof = this.identityProof(request.proof);
    if (!proof?.account) return { ok: false, reason: 'invalid-proof' };
    const { url, expiresAt } = this.newResetLink(proof.account);
    this.logger.info({ account: maskContact(proof.account.seed.id) }, 'demoAccountAdapter: reset link issued');
    return { ok: true, url, expiresAt: iso(expiresAt) };
  }

  async unblock(request: { proof: string }): Promise<UnblockResult> {
    const proof = this.identityProof(request.proof);
    if (!proof?.account) return { ok: false, reason: 'invalid-proof' };
    proof.account.state = 'active';
    this.logger.info({ account: maskContact(proof.account.seed.id) }, 'demoAccountAdapter: account unblocked');
    return { ok: true };
  }

  async startSecretQuestion(request: { account: string }): Promise<SecretQuestionStarted> {
    const started = performance.now();
    const name = normalizeAccountName(request.account);
    const limited = await this.takeStart(name);
    if (limited) return this.equalize(started, limited);
    const account = this.accountsByName.get(name);
    const real = account?.seed.secretQuestion;
    const decoy = DECOY_QUESTIONS[createHmac('sha256', this.decoyKey).update(name).digest().readUInt32BE(0) % DECOY_QUESTIONS.length] as string;
    const challenge = this.newChallenge('secret-question', name, real ? account : undefined, real ? 'secret-question' : undefined);
    challenge.secretHash = sha256(real ? normalizeAnswer(real.answer) : randomBytes(16).toString('hex'));
    return this.equalize(started, { ok: true, challengeId: challenge.id, question: real?.question ?? decoy });
  }

  async answerSecretQuestion(request: { challengeId: string; answer: string }): Promise<CodeVerification> {
    const challenge = this.challenges.get(request.challengeId);
    if (!challenge || challenge.kind !== 'secret-question') return { ok: false, reason: 'expired' };
    const guess = await this.takeGuess();
    if (guess !== 'allowed') return { ok: false, reason: guess };
    return this.attempt(challenge, sha256(normalizeAnswer(request.answer)));
  }

  async checkRecoveryCode(request: { account: string; code: string }): Promise<RecoveryCodeCheck> {
    const started = performance.now();
    const name = normalizeAccountName(request.account);
    // Failures count per account, whichever of its names is typed.
    const key = this.limitKey(name);
    if ((this.recoveryCodeFailures.get(key)?.lockedUntil ?? 0) > this.now()) return this.equalize(started, { ok: false, reason: 'locked' });
    const guess = await this.takeGuess();
    if (guess !== 'allowed') return this.equalize(started, { ok: false, reason: guess });
    // Read after the await: another call may have counted a failure meanwhile.
    const now = this.now();
    const record = this.recoveryCodeFailures.get(key) ?? { failures: 0, lockedUntil: 0 };
    if (record.lockedUntil > now) return this.equalize(started, { ok: false, reason: 'locked' });
    const account = this.accountsByName.get(name);
    const expected = account?.seed.recoveryCode ? normalizeRecoveryCode(account.seed.recoveryCode) : randomBytes(16).toString('hex');
    if (timingSafeEqual(sha256(expected), sha256(normalizeRecoveryCode(request.code))) && account) {
      this.recoveryCodeFailures.delete(key);
      return this.equalize(started, { ok: true, proof: this.newProof({ purpose: 'identity', account, accountName: name }) });
    }
    record.failures += 1;
    if (record.failures >= this.maxCodeAttempts) {
      this.recoveryCodeFailures.set(key, { failures: 0, lockedUntil: now + this.recoveryCodeLockMs });
      return this.equalize(started, { ok: false, reason: 'locked' });
    }
    this.recoveryCodeFailures.set(key, record);
    return this.equalize(started, { ok: false, reason: 'wrong-code', attemptsLeft: this.maxCodeAttempts - record.failures });
  }

  async submitRecoveryRequest(request: { proof: string; account: string; contactEmail: string; answers: RecoveryAnswers }): Promise<RecoverySubmitted> {
    const proof = this.liveProof(request.proof);
    const contactEmail = normalizeEmail(request.contactEmail);
    if (!proof || proof.purpose !== 'recovery-contact' || proof.accountName !== normalizeAccountName(request.account) || proof.contactEmail !== contactEmail || !contactEmail) {
      return { ok: false, reason: 'invalid-proof' };
    }
    const assessment = assessRecoveryAnswers(request.answers);
    if (!assessment.sufficient) return { ok: false, reason: 'insufficient', sections: assessment.sections };
    let id: string;
    do {
      id = `RR-${Array.from({ length: 8 }, () => TICKET_ALPHABET[randomInt(0, TICKET_ALPHABET.length)]).join('')}`;
    } while (this.tickets.has(id));
    const origin = currentScope()?.conversation;
    const ticket: Ticket = { id, account: proof.account, contactEmail, answers: request.answers, submittedAt: this.now(), ...(origin ? { origin } : {}) };
    this.tickets.set(id, ticket);
    this.undecided.add(ticket);
    this.send(contactEmail, 'recovery-received', {}, id, origin);
    return { ok: true, ticketId: id };
  }

  async getRecoveryStatus(request: { ticketId: string }): Promise<RecoveryStatus> {
    const ticket = this.tickets.get(request.ticketId.normalize('NFKC').trim().toUpperCase());
    if (!ticket) return { ok: false, reason: 'not-found' };
    const elapsed = this.now() - ticket.submittedAt;
    if (elapsed < this.recoveryReceivedMs) return { ok: true, status: 'received', updatedAt: iso(ticket.submittedAt) };
    if (elapsed < this.recoveryReviewMs) return { ok: true, status: 'in-review', updatedAt: iso(ticket.submittedAt + this.recoveryReceivedMs) };
    return { ok: true, status: this.decide(ticket), updatedAt: iso(ticket.submittedAt + this.recoveryReviewMs) };
  }

  // ---- demo-only operations (the reset page, the outbox, tests) -------------------------

  /** Messages "sent", newest first. Reviews that are due are decided first, so their mail shows. */
  outbox(): readonly OutboxMessage[] {
    this.decideDueReviews();
    return this.outboxStore.list();
  }

  /** Only the messages sent from one conversation (the Web Chat page's inbox), newest first; due reviews decided first. */
  outboxFor(conversation: ConversationTag): readonly OutboxMessage[] {
    // Not through outbox(): that copies the whole outbox, which this would throw away.
    this.decideDueReviews();
    return this.outboxStore.listFor(conversation);
  }

  /** Decides the recovery reviews that are due, so their mail is in the outbox before it is read. */
  private decideDueReviews(): void {
    if (this.undecided.size === 0) return;
    const now = this.now();
    // Deciding removes the ticket from the set; deleting the current entry while iterating a Set is safe.
    for (const ticket of this.undecided) if (now - ticket.submittedAt >= this.recoveryReviewMs) this.decide(ticket);
  }

  resetTokenState(token: string): ResetTokenState {
    const entry = this.resetTokens.get(token);
    if (!entry) return 'not-found';
    if (entry.used) return 'used';
    return this.now() >= entry.expiresAt ? 'expired' : 'valid';
  }

  /** Sets a new password through a reset link: checks the policy, and spends the token only on success. */
  async setPasswordWithResetToken(token: string, password: string): Promise<PasswordSet> {
    const state = this.resetTokenState(token);
    const entry = this.resetTokens.get(token);
    if (state !== 'valid' || !entry) return { ok: false, reason: state === 'valid' ? 'not-found' : state };
    const check = checkPassword(password);
    if (!check.ok) return { ok: false, reason: 'weak', problems: check.problems };
    entry.used = true; // before the await, so two concurrent posts cannot both succeed
    entry.account.password = await hashPassword(password);
    this.logger.info({ account: maskContact(entry.account.seed.id) }, 'demoAccountAdapter: password changed through a reset link');
    return { ok: true };
  }

  /** Whether `password` is the account's password now (only a scrypt hash is stored). */
  async passwordMatches(account: string, password: string): Promise<boolean> {
    const stored = this.accountsByName.get(normalizeAccountName(account))?.password;
    return stored ? verifyPassword(password, stored) : false;
  }

  /** The account's state, or undefined when there is no such account. */
  accountState(account: string): DemoAccountState | undefined {
    return this.accountsByName.get(normalizeAccountName(account))?.state;
  }

  // ---- internals ------------------------------------------------------------------------

  /**
   * Starts a code challenge. `target` says where the code goes; when it gives nothing (no
   * such account, contact not registered) the challenge is a dud that never verifies, but
   * the caller sees the same answer in the same time.
   */
  private async startChallenge(
    kind: Exclude<ChallengeKind, 'secret-question'>,
    accountInput: string,
    target: (account: Account | undefined) => string | undefined,
    contactEmail?: string,
  ): Promise<ChallengeStarted> {
    const started = performance.now();
    const name = normalizeAccountName(accountInput);
    const limited = await this.takeStart(name);
    if (limited) return this.equalize(started, limited);
    const account = this.accountsByName.get(name);
    const to = target(account);
    const challenge = this.newChallenge(kind, name, account, to, contactEmail);
    const code = newCode();
    challenge.secretHash = sha256(to ? code : randomBytes(16).toString('hex'));
    if (to) this.send(to, kind, { code }, challenge.id, challenge.origin);
    this.logger.debug({ kind, challengeId: challenge.id }, 'demoAccountAdapter: challenge started');
    return this.equalize(started, { ok: true, challengeId: challenge.id, expiresAt: iso(challenge.expiresAt) });
  }

  private newChallenge(kind: ChallengeKind, accountName: string, account: Account | undefined, to: string | undefined, contactEmail?: string): Challenge {
    this.prune();
    const now = this.now();
    const origin = currentScope()?.conversation;
    const challenge: Challenge = {
      id: `ch_${randomBytes(16).toString('base64url')}`,
      kind,
      accountName,
      account,
      to,
      contactEmail,
      secretHash: Buffer.alloc(32),
      expiresAt: now + this.codeTtlMs,
      failures: 0,
      resends: 0,
      lastSentAt: now,
      state: 'open',
      ...(origin ? { origin } : {}),
    };
    this.challenges.set(challenge.id, challenge);
    return challenge;
  }

  /** One try at a challenge: right → a proof, wrong → fewer attempts, the last wrong → void. */
  private attempt(challenge: Challenge, given: Buffer): CodeVerification {
    if (challenge.state === 'locked') return { ok: false, reason: 'locked' };
    if (challenge.state === 'used' || this.now() >= challenge.expiresAt) return { ok: false, reason: 'expired' };
    const right = timingSafeEqual(challenge.secretHash, given) && challenge.to !== undefined;
    if (right) {
      challenge.state = 'used';
      const purpose = challenge.kind === 'recovery-contact-code' ? 'recovery-contact' : 'identity';
      return { ok: true, proof: this.newProof({ purpose, account: challenge.account, accountName: challenge.accountName, contactEmail: challenge.contactEmail }) };
    }
    challenge.failures += 1;
    if (challenge.failures >= this.maxCodeAttempts) {
      challenge.state = 'locked';
      return { ok: false, reason: 'locked' };
    }
    return { ok: false, reason: 'wrong-code', attemptsLeft: this.maxCodeAttempts - challenge.failures };
  }

  /**
   * What the per-account limits are keyed by: the account, so taro@example.com and taro_yamada
   * share one budget; an unknown name by its normalized form, as before, so the limit of one
   * unknown spelling behaves exactly as it always did.
   */
  private limitKey(name: string): string {
    const account = this.accountsByName.get(name);
    return account ? `account:${account.seed.id}` : `name:${name}`;
  }

  /**
   * Counts a challenge start for this account (all its names together) and for the client of
   * the request in flight, if any (src/limits/limitKeys.ts); the limit is the same for unknown
   * names. Nothing is counted when either refuses. The per-account window stays a list of start
   * times in this process: only the demo knows which names are one account, and the demo runs
   * as one instance; the per-client count goes through the limits port (shared in blob mode).
   */
  private async takeStart(name: string): Promise<RateLimited | Unavailable | undefined> {
    const key = this.limitKey(name);
    const client = requesterKey();
    const accountWait = this.accountWaitSeconds(key);
    const clientVerdict = client === undefined ? undefined : await this.clientStarts.check(client);
    if (clientVerdict && !clientVerdict.ok && clientVerdict.reason === 'store-unavailable') return { ok: false, reason: 'unavailable' };
    const clientWait = clientVerdict && !clientVerdict.ok ? clientVerdict.retryAfterSeconds : 0;
    if (accountWait > 0 || clientWait > 0) return { ok: false, reason: 'rate-limited', retryAfterSeconds: Math.max(accountWait, clientWait) };
    if (client !== undefined) {
      const taken = await this.clientStarts.take(client);
      if (!taken.ok) return taken.reason === 'store-unavailable' ? { ok: false, reason: 'unavailable' } : { ok: false, reason: 'rate-limited', retryAfterSeconds: taken.retryAfterSeconds };
    }
    // Checked again after the awaits: another start of this account may have come in meanwhile.
    const wait = this.accountWaitSeconds(key);
    if (wait > 0) return { ok: false, reason: 'rate-limited', retryAfterSeconds: wait };
    const recent = this.starts.get(key) ?? [];
    recent.push(this.now());
    this.starts.set(key, recent);
    return undefined;
  }

  /** Seconds until this account key may start another challenge (0: now); forgets starts outside the window. */
  private accountWaitSeconds(key: string): number {
    const now = this.now();
    const recent = (this.starts.get(key) ?? []).filter((t) => now - t < this.startWindowMs);
    this.starts.set(key, recent);
    return recent.length >= this.startLimit ? Math.ceil(((recent[0] as number) + this.startWindowMs - now) / 1000) : 0;
  }

  /** Counts one guess (code, secret answer, recovery code) of the client in the request scope: 'locked' when it has had too many, 'unavailable' when the shared limit store failed (fail closed). */
  private async takeGuess(): Promise<'allowed' | 'locked' | 'unavailable'> {
    const client = requesterKey();
    if (client === undefined) return 'allowed';
    const verdict = await this.clientGuesses.take(client);
    if (verdict.ok) return 'allowed';
    if (verdict.reason === 'store-unavailable') return 'unavailable';
    this.logger.warn({ retryAfterSeconds: verdict.retryAfterSeconds }, 'demoAccountAdapter: too many guesses from one client address; answered as locked');
    return 'locked';
  }

  private newProof(fields: Omit<Proof, 'expiresAt'>): string {
    const id = `pf_${randomBytes(24).toString('base64url')}`;
    this.proofs.set(id, { ...fields, expiresAt: this.now() + this.proofTtlMs });
    return id;
  }

  private liveProof(id: string): Proof | undefined {
    const proof = this.proofs.get(id);
    return proof && this.now() < proof.expiresAt ? proof : undefined;
  }

  private identityProof(id: string): Proof | undefined {
    const proof = this.liveProof(id);
    return proof?.purpose === 'identity' ? proof : undefined;
  }

  private newResetLink(account: Account): { url: string; expiresAt: number } {
    const token = randomBytes(24).toString('base64url');
    const expiresAt = this.now() + this.resetLinkTtlMs;
    this.resetTokens.set(token, { account, expiresAt, used: false });
    return { url: `${this.publicBaseUrl().replace(/\/+$/, '')}${RESET_PATH}/${token}`, expiresAt };
  }

  /** The review's outcome, decided once; the result mail goes to the contact address (seed e./f.). */
  private decide(ticket: Ticket): 'verified' | 'not-verified' {
    if (ticket.decision) return ticket.decision;
    const profile = ticket.account?.seed.profile;
    const verified = ticket.account !== undefined && profile !== undefined && countProfileMatches(ticket.answers, profile) >= VERIFY_MIN_MATCHES;
    ticket.decision = verified ? 'verified' : 'not-verified';
    this.undecided.delete(ticket);
    if (verified && ticket.account) this.send(ticket.contactEmail, 'reset-link', { link: this.newResetLink(ticket.account).url }, ticket.id, ticket.origin);
    else this.send(ticket.contactEmail, 'recovery-result', {}, ticket.id, ticket.origin);
    return ticket.decision;
  }

  /** Records a message in the outbox and logs it without the code, the link or the address. */
  private send(to: string, kind: OutboxKind, content: { code?: string; link?: string }, reference: string, origin: ConversationTag | undefined): void {
    const ref = reference.startsWith('RR-') ? { ticketId: reference } : { challengeId: reference };
    this.outboxStore.add({ to, kind, ...content, ...('ticketId' in ref ? ref : {}), at: iso(this.now()) }, origin);
    this.logger.info({ kind, to: to === AUTHENTICATOR_APP ? to : maskContact(to), ...ref }, 'demoAccountAdapter: message sent');
  }

  /** Waits until the call has taken at least minLatencyMs of real time. */
  private async equalize<T>(startedAt: number, result: T): Promise<T> {
    // A timer counts from the event loop's cached clock, which a busy loop leaves behind real time,
    // so one timer can fire a little early: sleep again until the time really has passed.
    for (let remaining = this.minLatencyMs - (performance.now() - startedAt); remaining > 0; remaining = this.minLatencyMs - (performance.now() - startedAt)) {
      await new Promise((resolve) => setTimeout(resolve, Math.ceil(remaining)));
    }
    return result;
  }

  /** Drops challenges and proofs that expired long ago, so the maps stay small; at most once per pruneIntervalMs. */
  private prune(): void {
    if (this.now() - this.lastPruneAt < this.pruneIntervalMs) return;
    this.lastPruneAt = this.now();
    const cutoff = this.now() - this.codeTtlMs - this.proofTtlMs;
    for (const [id, c] of this.challenges) if (c.expiresAt < cutoff) this.challenges.delete(id);
    for (const [id, p] of this.proofs) if (p.expiresAt < cutoff) this.proofs.delete(id);
    for (const [id, t] of this.resetTokens) if (t.expiresAt < cutoff) this.resetTokens.delete(id);
    // Start times outside the window no longer count: an account (or unknown name) with none left is forgotten.
    const now = this.now();
    for (const [key, times] of this.starts) if (times.every((t) => now - t >= this.startWindowMs)) this.starts.delete(key);
    for (const [key, r] of this.recoveryCodeFailures) if (r.lockedUntil <= now && r.failures === 0) this.recoveryCodeFailures.delete(key);
  }
}
