import type { WaterfallStep, WaterfallStepContext, DialogTurnResult } from 'botbuilder-dialogs';
import type { AccountAdapter, ChallengeStarted } from '../accountPort';
import { messages } from '../messages';
import { imBack, textReply } from '../replies';
import { isFlowResult } from './flowResult';
import { ACCOUNT_FIELD_ID, InterruptibleDialog, type FlowRun, type InterruptibleDialogOptions } from './interruptibleDialog';
import { parseAccountName, parseChoice, parseEmail, parsePhone, parseRecoveryCode, parseSixDigitCode, commandKey, type InputResult } from './inputs';

/** How the user receives a security code (seed b.), or none of them works. */
export type CodeMethod = 'email' | 'sms' | 'app' | 'none';

/** An answer at the code step: the code, a request to send it again, or "it does not arrive". */
export type CodeAnswer = { readonly kind: 'code'; readonly code: string } | { readonly kind: 'resend' } | { readonly kind: 'not-received' };

/** An answer at the recovery-code step (seed c.). */
export type RecoveryCodeAnswer = { readonly kind: 'code'; readonly code: string } | { readonly kind: 'none' };

/** What the verification steps gather; flows extend it. */
export interface VerificationData {
  /** The account name (e-mail, phone or Skype name). */
  account?: string;
  method?: CodeMethod;
  /** The contact the user typed; dropped as soon as the code is sent. */
  contact?: string;
  challengeId?: string;
  codeAnswer?: CodeAnswer;
  recoveryAnswer?: RecoveryCodeAnswer;
  /** Proof of identity from the back end; the flow's goal once set. */
  proof?: string;
}

/** Why the code route gave out: the flow decides what comes next. */
export type CodeFailure = 'not-received' | 'locked';

export interface VerificationDialogOptions extends InterruptibleDialogOptions {
  /** The account service. */
  account: AccountAdapter;
}

export const VerificationFields = {
  account: ACCOUNT_FIELD_ID,
  method: 'method',
  contact: 'contact',
  code: 'code',
  recoveryCode: 'recoveryCode',
} as const;

const m = messages.verification;

/** Reads the code step's answer: six digits, 再送, or コードが届かない. */
export function parseCodeAnswer(text: string): InputResult<CodeAnswer> {
  const key = commandKey(text);
  if (m.resendWords.some((w) => commandKey(w) === key)) return { ok: true, value: { kind: 'resend' } };
  if (m.notReceivedWords.some((w) => commandKey(w) === key)) return { ok: true, value: { kind: 'not-received' } };
  const code = parseSixDigitCode(text);
  return code.ok ? { ok: true, value: { kind: 'code', code: code.value } } : code;
}

function parseRecoveryCodeAnswer(text: string): InputResult<RecoveryCodeAnswer> {
  const key = commandKey(text);
  if (m.noRecoveryCodeWords.some((w) => commandKey(w) === key)) return { ok: true, value: { kind: 'none' } };
  const code = parseRecoveryCode(text);
  return code.ok ? { ok: true, value: { kind: 'code', code: code.value } } : code;
}

const parseMethod = parseChoice<CodeMethod>(
  { email: [m.methodEmail, 'メール', 'メールアドレス', 'email'], sms: [m.methodSms, 'sms', '携帯電話', 'ショートメール', '電話'], app: [m.methodApp, 'アプリ', '認証アプリ', 'authenticator'], none: [m.methodNone, 'ない', 'どれもない', '使えない'] },
  m.methodExpected,
);

/**
 * Shared steps of password reset and unblock: the account, a security code sent to a
 * registered contact or read from the authenticator app (seed b.), and a recovery code
 * (seed c.). Each step factory takes a guard so a flow places the steps where it needs them.
 * Replies never depend on whether the account or the contact exists (the adapter answers
 * with a dud challenge for unknown ones).
 */
export abstract class VerificationDialog<D extends VerificationData> extends InterruptibleDialog<D> {
  protected readonly adapter: AccountAdapter;

  protected constructor(id: string, options: VerificationDialogOptions) {
    super(id, options);
    this.adapter = options.account;
    this.addField({ id: VerificationFields.account, parse: parseAccountName, help: m.help.account });
    this.addField({ id: VerificationFields.method, parse: parseMethod, help: m.help.method, personal: false });
    this.addField({
      id: VerificationFields.contact,
      // The chosen method says which kind is expected; the other kind gets a precise error.
      parse: (text, context) => {
        const email = parseEmail(text);
        const phone = parsePhone(text);
        if (context.expects === 'email') return email.ok ? email : { ok: false, error: phone.ok ? m.expectedEmail : m.contactExpected };
        if (context.expects === 'phone') return phone.ok ? phone : { ok: false, error: email.ok ? m.expectedPhone : m.contactExpected };
        return email.ok ? email : phone.ok ? phone : { ok: false, error: m.contactExpected };
      },
      help: m.help.contact,
    });
    this.addField({ id: VerificationFields.code, parse: parseCodeAnswer, help: m.help.code });
    this.addField({ id: VerificationFields.recoveryCode, parse: parseRecoveryCodeAnswer, help: m.help.recoveryCode });
  }

  /** What to do when the code route fails (no code arrives, or it is locked). */
  protected abstract onCodeFailure(step: WaterfallStepContext<FlowRun<D>>, failure: CodeFailure): Promise<DialogTurnResult>;
  /** What to do when the user has no recovery code, or it is locked. */
  protected abstract onNoRecoveryCode(step: WaterfallStepContext<FlowRun<D>>): Promise<DialogTurnResult>;

  /**
   * The recovery flow, run as this flow's last resort, ended: this flow ends with its result,
   * marked as run from here (a recovery that returned nothing counts as not verified).
   */
  protected finishAfterRecovery(step: WaterfallStepContext<FlowRun<D>>): Promise<DialogTurnResult> {
    const result = step.result;
    if (isFlowResult(result)) return this.finish(step, { ...result, via: this.flow });
    return this.finish(step, { outcome: 'failed', flow: 'recoverAccount', step: 'recovery', reason: 'not-verified', via: this.flow });
  }

  /** Asks for the account unless known (a parent flow may pass it). */
  protected accountStep(prompt: string): WaterfallStep<FlowRun<D>> {
    return async (step) => (this.data(step).account ? step.next() : this.ask(step, VerificationFields.account, prompt, 'account'));
  }

  /** Asks how to receive a code (seed b.). */
  protected methodStep(when: (data: D) => boolean): WaterfallStep<FlowRun<D>> {
    return async (step) => {
      const data = this.data(step);
      if (!when(data) || data.method || data.proof) return step.next();
      const buttons = [m.methodEmail, m.methodSms, m.methodApp, m.methodNone].map((t) => imBack(t));
      return this.ask(step, VerificationFields.method, textReply(m.askMethod, buttons), 'method');
    };
  }

  /** Asks for the full contact (never hints which contacts are registered). */
  protected contactStep(when: (data: D) => boolean): WaterfallStep<FlowRun<D>> {
    return async (step) => {
      const data = this.data(step);
      if (!when(data) || data.proof || data.challengeId || (data.method !== 'email' && data.method !== 'sms')) return step.next();
      if (data.contact !== undefined) return step.next();
      const email = data.method === 'email';
      return this.ask(step, VerificationFields.contact, email ? m.askEmail : m.askPhone, 'contact', { expects: email ? 'email' : 'phone' });
    };
  }

  /** Starts the challenge: sends the code to the contact, or readies the authenticator app. */
  protected sendCodeStep(when: (data: D) => boolean): WaterfallStep<FlowRun<D>> {
    return async (step) => {
      const data = this.data(step);
      if (!when(data) || data.proof || data.challengeId || !data.account) return step.next();
      let started: ChallengeStarted;
      if (data.method === 'app') started = await this.adapter.startAuthenticatorChallenge({ account: data.account });
      else if ((data.method === 'email' || data.method === 'sms') && data.contact) {
        started = await this.adapter.sendSecurityCode({ account: data.account, channel: data.method, contact: data.contact });
      } else return step.next();
      return this.challengeStarted(step, started, data.method === 'app' ? m.appReady : m.codeSent);
    };
  }

  /** Handles a started challenge: remember it (and forget the contact), or report the outage. */
  protected async challengeStarted(step: WaterfallStepContext<FlowRun<D>>, started: ChallengeStarted, notice: string): Promise<DialogTurnResult> {
    const data = this.data(step);
    if (!started.ok) return started.reason === 'rate-limited' ? this.rateLimited(step, started.retryAfterSeconds) : this.backendUnavailable(step);
    data.challengeId = started.challengeId;
    delete data.contact;
    await step.context.sendActivity(textReply(notice));
    return step.next();
  }

  /** Asks for the code of the current challenge. */
  protected codeStep(when: (data: D) => boolean): WaterfallStep<FlowRun<D>> {
    return async (step) => {
      const data = this.data(step);
      if (!when(data) || data.proof || !data.challengeId || data.codeAnswer) return step.next();
      const buttons = data.method === 'app' ? [imBack(m.notReceivedButton)] : [imBack(m.resendButton), imBack(m.notReceivedButton)];
      return this.ask(step, VerificationFields.code, textReply(data.method === 'app' ? m.askAppCode : m.askCode, buttons), 'codeAnswer');
    };
  }

  /** Verifies the code, resends it, or gives up on the code route. */
  protected checkCodeStep(when: (data: D) => boolean): WaterfallStep<FlowRun<D>> {
    return async (step) => {
      const data = this.data(step);
      const answer = data.codeAnswer;
      if (!when(data) || data.proof || !data.challengeId || !answer) return step.next();
      delete data.codeAnswer;
      const challengeId = data.challengeId;
      if (answer.kind === 'not-received') return this.onCodeFailure(step, 'not-received');
      // The authenticator app makes its own codes: there is nothing to resend, so ask for the app's code again.
      if (answer.kind === 'resend' && data.method === 'app') return this.resume(step);
      if (answer.kind === 'resend') {
        const resent = await this.adapter.resendCode({ challengeId });
        if (resent.ok) await step.context.sendActivity(textReply(m.codeResent));
        else if (resent.reason === 'rate-limited') await step.context.sendActivity(textReply(m.resendLimited(resent.retryAfterSeconds)));
        else if (resent.reason === 'unavailable') return this.backendUnavailable(step);
        else if (resent.reason === 'locked') return this.codeLocked(step);
        else return this.codeExpired(step);
        return this.resume(step);
      }
      const verified = await this.adapter.verifyCode({ challengeId, code: answer.code });
      if (verified.ok) {
        data.proof = verified.proof;
        delete data.challengeId;
        return step.next();
      }
      switch (verified.reason) {
        case 'wrong-code':
          await step.context.sendActivity(textReply(m.wrongCode(verified.attemptsLeft)));
          return this.resume(step);
        case 'locked':
          return this.codeLocked(step);
        case 'expired':
          return this.codeExpired(step);
        case 'unavailable':
          // Keep the code so もう一度 checks the same one.
          data.codeAnswer = answer;
          return this.backendUnavailable(step);
      }
    };
  }

  private async codeLocked(step: WaterfallStepContext<FlowRun<D>>): Promise<DialogTurnResult> {
    delete this.data(step).challengeId;
    await step.context.sendActivity(textReply(m.codeLocked));
    return this.onCodeFailure(step, 'locked');
  }

  /** An expired code: a new one needs the contact again (it was not kept). */
  private async codeExpired(step: WaterfallStepContext<FlowRun<D>>): Promise<DialogTurnResult> {
    delete this.data(step).challengeId;
    await step.context.sendActivity(textReply(m.codeExpired));
    return this.resume(step);
  }

  /** Asks for a recovery code (seed c.). */
  protected recoveryCodeStep(when: (data: D) => boolean): WaterfallStep<FlowRun<D>> {
    return async (step) => {
      const data = this.data(step);
      if (!when(data) || data.proof || data.recoveryAnswer) return step.next();
      return this.ask(step, VerificationFields.recoveryCode, textReply(m.askRecoveryCode, [imBack(m.noRecoveryCodeButton)]), 'recoveryAnswer');
    };
  }

  /** Checks the recovery code; none, or locked, goes to the flow's next way. */
  protected checkRecoveryCodeStep(when: (data: D) => boolean): WaterfallStep<FlowRun<D>> {
    return async (step) => {
      const data = this.data(step);
      const answer = data.recoveryAnswer;
      if (!when(data) || data.proof || !answer || !data.account) return step.next();
      if (answer.kind === 'none') return this.onNoRecoveryCode(step);
      const checked = await this.adapter.checkRecoveryCode({ account: data.account, code: answer.code });
      if (checked.ok) {
        data.proof = checked.proof;
        delete data.recoveryAnswer;
        return step.next();
      }
      switch (checked.reason) {
        case 'wrong-code':
          delete data.recoveryAnswer;
          await step.context.sendActivity(textReply(m.wrongRecoveryCode(checked.attemptsLeft)));
          return this.resume(step);
        case 'locked':
          await step.context.sendActivity(textReply(m.recoveryCodeLocked));
          return this.onNoRecoveryCode(step);
        case 'unavailable':
          return this.backendUnavailable(step);
      }
    };
  }
}
