import type {
  AccountAdapter,
  ChallengeStarted,
  CodeResent,
  CodeVerification,
  RecoveryCodeCheck,
  RecoveryStatus,
  RecoverySubmitted,
  ResetLinkIssued,
  SecretQuestionStarted,
  UnblockResult,
} from '../../dialogs/accountPort';

export type Operation = keyof AccountAdapter;

const STARTED: ChallengeStarted = { ok: true, challengeId: 'ch_test', expiresAt: '2026-01-05T09:10:00.000Z' };
const WRONG: CodeVerification = { ok: false, reason: 'wrong-code', attemptsLeft: 2 };

/** An account service that answers every call plausibly and records which were made, for decorators' tests. */
export class RecordingAccountAdapter implements AccountAdapter {
  /** Each call's operation name, in order. */
  readonly calls: Operation[] = [];

  async sendSecurityCode(): Promise<ChallengeStarted> {
    this.calls.push('sendSecurityCode');
    return STARTED;
  }
  async startAuthenticatorChallenge(): Promise<ChallengeStarted> {
    this.calls.push('startAuthenticatorChallenge');
    return STARTED;
  }
  async sendUnblockCode(): Promise<ChallengeStarted> {
    this.calls.push('sendUnblockCode');
    return STARTED;
  }
  async verifyRecoveryContact(): Promise<ChallengeStarted> {
    this.calls.push('verifyRecoveryContact');
    return STARTED;
  }
  async verifyCode(): Promise<CodeVerification> {
    this.calls.push('verifyCode');
    return WRONG;
  }
  async resendCode(): Promise<CodeResent> {
    this.calls.push('resendCode');
    return { ok: true, expiresAt: STARTED.ok ? STARTED.expiresAt : '' };
  }
  async issueResetLink(): Promise<ResetLinkIssued> {
    this.calls.push('issueResetLink');
    return { ok: false, reason: 'invalid-proof' };
  }
  async unblock(): Promise<UnblockResult> {
    this.calls.push('unblock');
    return { ok: false, reason: 'invalid-proof' };
  }
  async startSecretQuestion(): Promise<SecretQuestionStarted> {
    this.calls.push('startSecretQuestion');
    return { ok: true, challengeId: 'ch_secret', question: '初めて飼ったペットの名前は？' };
  }
  async answerSecretQuestion(): Promise<CodeVerification> {
    this.calls.push('answerSecretQuestion');
    return WRONG;
  }
  async checkRecoveryCode(): Promise<RecoveryCodeCheck> {
    this.calls.push('checkRecoveryCode');
    return { ok: false, reason: 'wrong-code', attemptsLeft: 2 };
  }
  async submitRecoveryRequest(): Promise<RecoverySubmitted> {
    this.calls.push('submitRecoveryRequest');
    return { ok: true, ticketId: 'RR-TEST0001' };
  }
  async getRecoveryStatus(): Promise<RecoveryStatus> {
    this.calls.push('getRecoveryStatus');
    return { ok: false, reason: 'not-found' };
  }
}
