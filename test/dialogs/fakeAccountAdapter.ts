import type {
  AccountAdapter,
  ChallengeStarted,
  CodeChannel,
  CodeResent,
  CodeVerification,
  RecoveryAnswers,
  RecoveryCodeCheck,
  RecoverySection,
  RecoveryStatus,
  RecoverySubmitted,
  ResetLinkIssued,
  SecretQuestionStarted,
  UnblockResult,
} from '../../dialogs/accountPort';

/**
 * An in-memory AccountAdapter that keeps the port's contract: for an unknown account or an
 * unregistered contact, challenges start `ok` but can never be verified (dud challenges),
 * so the bot cannot tell the difference. Every real code is FAKE_CODE.
 */
export const FAKE_CODE = '123456';
export const FAKE_RECOVERY_CODE = 'ABCDE-12345-FGHIJ-67890-KLMNP';
export const FAKE_TICKET = 'RR-TEST0001';
/** Every challenge's life, as the contract says (10 minutes). */
const CODE_TTL_MS = 10 * 60 * 1000;
const MAX_ATTEMPTS = 3;
/** Fewest answered fields the fake accepts in a recovery request. */
export const MIN_RECOVERY_ANSWERS = 4;
export const DECOY_QUESTION = '初めて飼ったペットの名前は？';

export interface FakeAccount {
  emails: string[];
  phones: string[];
  app: boolean;
  secret?: { question: string; answer: string };
  recoveryCode?: string;
}

interface Challenge {
  account: string;
  /** Undefined for a dud. */
  code?: string;
  failures: number;
  expiresAt: number;
  contactEmail?: string;
}

export type Operation = keyof AccountAdapter;

export class FakeAccountAdapter implements AccountAdapter {
  readonly accounts = new Map<string, FakeAccount>();
  /** Operations that answer 'unavailable' `n` more times. */
  readonly outages = new Map<Operation, number>();
  /** Operations that answer 'rate-limited'. */
  readonly rateLimited = new Set<Operation>();
  /** Each call's operation name, in order. */
  readonly calls: Operation[] = [];
  readonly submitted: RecoveryAnswers[] = [];
  readonly unblocked: string[] = [];
  now = 0;
  private readonly challenges = new Map<string, Challenge>();
  private readonly proofs = new Map<string, { account: string; contactEmail?: string }>();
  private readonly recoveryFailures = new Map<string, number>();
  private nextId = 1;

  constructor() {
    this.accounts.set('taro@example.com', {
      emails: ['taro.backup@example.net'],
      phones: ['09012345678'],
      app: true,
      secret: { question: DECOY_QUESTION, answer: 'ポチ' },
      recoveryCode: FAKE_RECOVERY_CODE,
    });
    this.accounts.set('hanako@example.com', { emails: [], phones: ['08098765432'], app: false });
    this.accounts.set('jiro@example.com', { emails: [], phones: [], app: false });
  }

  /** Makes `operation` answer 'unavailable' the next `times` calls. */
  failNext(operation: Operation, times = 1): void {
    this.outages.set(operation, times);
  }

  private gate(operation: Operation): { ok: false; reason: 'unavailable' } | { ok: false; reason: 'rate-limited'; retryAfterSeconds: number } | undefined {
    this.calls.push(operation);
    const left = this.outages.get(operation) ?? 0;
    if (left > 0) {
      this.outages.set(operation, left - 1);
      return { ok: false, reason: 'unavailable' };
    }
    if (this.rateLimited.has(operation)) return { ok: false, reason: 'rate-limited', retryAfterSeconds: 120 };
    return undefined;
  }

  private start(account: string, real: boolean, contactEmail?: string): ChallengeStarted {
    const challengeId = `ch-${this.nextId++}`;
    const challenge: Challenge = { account, failures: 0, expiresAt: this.now + CODE_TTL_MS };
    if (real) challenge.code = FAKE_CODE;
    if (contactEmail) challenge.contactEmail = contactEmail;
    this.challenges.set(challengeId, challenge);
    return { ok: true, challengeId, expiresAt: new Date(challenge.expiresAt).toISOString() };
  }

  async sendSecurityCode(request: { account: string; channel: CodeChannel; contact: string }): Promise<ChallengeStarted> {
    const gated = this.gate('sendSecurityCode');
    if (gated) return gated;
    const known = this.accounts.get(request.account);
    const list = request.channel === 'email' ? known?.emails : known?.phones;
    return this.start(request.account, list?.includes(request.contact) ?? false);
  }

  async startAuthenticatorChallenge(request: { account: string }): Promise<ChallengeStarted> {
    const gated = this.gate('startAuthenticatorChallenge');
    if (gated) return gated;
    return this.start(request.account, this.accounts.get(request.account)?.app ?? false);
  }

  async sendUnblockCode(request: { account: string; phone: string }): Promise<ChallengeStarted> {
    const gated = this.gate('sendUnblockCode');
    if (gated) return gated;
    return this.start(request.account, this.accounts.get(request.account)?.phones.includes(request.phone) ?? false);
  }

  async verifyRecoveryContact(request: { account: string; contactEmail: string }): Promise<ChallengeStarted> {
    const gated = this.gate('verifyRecoveryContact');
    if (gated) return gated;
    // The code goes to the user's own address, so it is real whether or not the account exists.
    return this.start(request.account, true, request.contactEmail);
  }

  async verifyCode(request: { challengeId: string; code: string }): Promise<CodeVerification> {
    const gated = this.gate('verifyCode');
    if (gated) return gated;
    return this.check(request.challengeId, (c) => c.code !== undefined && c.code === request.code);
  }

  private check(challengeId: string, right: (c: Challenge) => boolean): CodeVerification {
    const challenge = this.challenges.get(challengeId);
    if (!challenge) return { ok: false, reason: 'expired' };
    if (challenge.failures >= MAX_ATTEMPTS) return { ok: false, reason: 'locked' };
    if (this.now > challenge.expiresAt) return { ok: false, reason: 'expired' };
    if (right(challenge) && this.accounts.has(challenge.account)) {
      this.challenges.delete(challengeId);
      const proof = `proof-${this.nextId++}`;
      this.proofs.set(proof, challenge.contactEmail ? { account: challenge.account, contactEmail: challenge.contactEmail } : { account: challenge.account });
      return { ok: true, proof };
    }
    challenge.failures += 1;
    if (challenge.failures >= MAX_ATTEMPTS) return { ok: false, reason: 'locked' };
    return { ok: false, reason: 'wrong-code', attemptsLeft: MAX_ATTEMPTS - challenge.failures };
  }

  async resendCode(request: { challengeId: string }): Promise<CodeResent> {
    const gated = this.gate('resendCode');
    if (gated) return gated;
    const challenge = this.challenges.get(request.challengeId);
    if (!challenge) return { ok: false, reason: 'expired' };
    if (challenge.failures >= MAX_ATTEMPTS) return { ok: false, reason: 'locked' };
    challenge.expiresAt = this.now + CODE_TTL_MS;
    return { ok: true, expiresAt: new Date(challenge.expiresAt).toISOString() };
  }

  async issueResetLink(request: { proof: string }): Promise<ResetLinkIssued> {
    const gated = this.gate('issueResetLink');
    if (gated && gated.reason === 'unavailable') return gated;
    if (!this.proofs.delete(request.proof)) return { ok: false, reason: 'invalid-proof' };
    return { ok: true, url: `https://reset.example/r/token-${this.nextId++}`, expiresAt: new Date(this.now + CODE_TTL_MS).toISOString() };
  }

  async unblock(request: { proof: string }): Promise<UnblockResult> {
    const gated = this.gate('unblock');
    if (gated && gated.reason === 'unavailable') return gated;
    const proof = this.proofs.get(request.proof);
    if (!proof) return { ok: false, reason: 'invalid-proof' };
    this.proofs.delete(request.proof);
    this.unblocked.push(proof.account);
    return { ok: true };
  }

  async startSecretQuestion(request: { account: string }): Promise<SecretQuestionStarted> {
    const gated = this.gate('startSecretQuestion');
    if (gated) return gated;
    const secret = this.accounts.get(request.account)?.secret;
    const started = this.start(request.account, secret !== undefined);
    if (!started.ok) return started;
    const challenge = this.challenges.get(started.challengeId);
    if (challenge && secret) challenge.code = secret.answer;
    return { ok: true, challengeId: started.challengeId, question: secret?.question ?? DECOY_QUESTION };
  }

  async answerSecretQuestion(request: { challengeId: string; answer: string }): Promise<CodeVerification> {
    const gated = this.gate('answerSecretQuestion');
    if (gated) return gated;
    return this.check(request.challengeId, (c) => c.code === request.answer);
  }

  async checkRecoveryCode(request: { account: string; code: string }): Promise<RecoveryCodeCheck> {
    const gated = this.gate('checkRecoveryCode');
    if (gated) return gated;
    const failures = this.recoveryFailures.get(request.account) ?? 0;
    if (failures >= MAX_ATTEMPTS) return { ok: false, reason: 'locked' };
    const known = this.accounts.get(request.account)?.recoveryCode;
    if (known !== undefined && known === request.code) {
      const proof = `proof-${this.nextId++}`;
      this.proofs.set(proof, { account: request.account });
      return { ok: true, proof };
    }
    this.recoveryFailures.set(request.account, failures + 1);
    if (failures + 1 >= MAX_ATTEMPTS) return { ok: false, reason: 'locked' };
    return { ok: false, reason: 'wrong-code', attemptsLeft: MAX_ATTEMPTS - failures - 1 };
  }

  async submitRecoveryRequest(request: { proof: string; account: string; contactEmail: string; answers: RecoveryAnswers }): Promise<RecoverySubmitted> {
    const gated = this.gate('submitRecoveryRequest');
    if (gated && gated.reason === 'unavailable') return gated;
    const proof = this.proofs.get(request.proof);
    if (!proof || proof.contactEmail !== request.contactEmail) return { ok: false, reason: 'invalid-proof' };
    const answered = Object.values(request.answers).filter((v) => v !== '登録していません').length;
    if (answered < MIN_RECOVERY_ANSWERS) {
      const sections: RecoverySection[] = ['account', 'mail'];
      return { ok: false, reason: 'insufficient', sections };
    }
    this.submitted.push(request.answers);
    return { ok: true, ticketId: FAKE_TICKET };
  }

  async getRecoveryStatus(request: { ticketId: string }): Promise<RecoveryStatus> {
    const gated = this.gate('getRecoveryStatus');
    if (gated && gated.reason === 'unavailable') return gated;
    if (request.ticketId !== FAKE_TICKET) return { ok: false, reason: 'not-found' };
    return { ok: true, status: 'in-review', updatedAt: new Date(this.now).toISOString() };
  }
}
