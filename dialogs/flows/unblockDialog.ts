import type { Dialog, DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { DialogIds } from '../ids';
import { messages } from '../messages';
import { imBack, startFlowText, textReply } from '../replies';
import type { FlowRun, FlowStart } from './interruptibleDialog';
import { commandKey, parsePhone, parseSecretAnswer, parseYesNo, type InputResult } from './inputs';
import { VerificationDialog, type CodeFailure, type VerificationData, type VerificationDialogOptions } from './verificationDialog';

export interface UnblockDialogOptions extends VerificationDialogOptions {
  /** The recovery flow, the last way to verify (seed d.). */
  recovery: Dialog;
}

/** Where the user is on the seed's list: SMS code, then a. secret question, b. security code, c. recovery code, d. recovery. */
export type UnblockStage = 'sms' | 'secret' | 'security' | 'recovery-code' | 'recovery';

type PhoneAnswer = { readonly kind: 'phone'; readonly phone: string } | { readonly kind: 'none' };

interface UnblockData extends VerificationData {
  stage: UnblockStage;
  introduced?: boolean;
  phoneAnswer?: PhoneAnswer;
  remembersSecret?: 'yes' | 'no';
  secretChallengeId?: string;
  /** The question to show again after ヘルプ or a wrong answer. */
  secretQuestion?: string;
  /** Held only until it is checked. */
  secretAnswer?: string;
}

export const UnblockFields = { phone: 'unblockPhone', remembersSecret: 'remembersSecret', secretAnswer: 'secretAnswer' } as const;

const m = messages.unblock;

const at = (...stages: UnblockStage[]) => (d: UnblockData) => stages.includes(d.stage);

function parsePhoneAnswer(text: string): InputResult<PhoneAnswer> {
  if (m.noPhoneWords.some((w) => commandKey(w) === commandKey(text))) return { ok: true, value: { kind: 'none' } };
  const phone = parsePhone(text);
  return phone.ok ? { ok: true, value: { kind: 'phone', phone: phone.value } } : phone;
}

/**
 * Unblock (seed 「アカウントがブロックされてしまった」): account → a phone for an SMS unblock
 * code → the code → unblocked, with the advice to change the password. When the code
 * route fails, identity verification in the seed's order: a. secret question, b. security
 * code to registered security info, c. recovery code, d. the recovery flow.
 */
export class UnblockDialog extends VerificationDialog<UnblockData> {
  protected readonly flow = 'unblockAccount' as const;
  private readonly recoveryId: string;

  constructor(options: UnblockDialogOptions) {
    super(DialogIds.unblockAccount, options);
    this.recoveryId = options.recovery.id;
    this.addDialog(options.recovery);
    this.addField({ id: UnblockFields.phone, parse: parsePhoneAnswer, help: m.help.phone });
    this.addField({ id: UnblockFields.remembersSecret, parse: parseYesNo, help: m.help.remembersSecret, personal: false });
    this.addField({ id: UnblockFields.secretAnswer, parse: parseSecretAnswer, help: m.help.secretAnswer });
    const byCode = at('sms', 'security');
    this.addSteps([
      this.introStep,
      this.accountStep(m.askAccount),
      this.phoneStep,
      this.sendUnblockCodeStep,
      this.remembersSecretStep,
      this.startSecretStep,
      this.secretAnswerStep,
      this.checkSecretStep,
      this.methodStep(at('security')),
      this.noMethodStep,
      this.contactStep(at('security')),
      this.sendCodeStep(at('security')),
      this.codeStep(byCode),
      this.checkCodeStep(byCode),
      this.recoveryCodeStep(at('recovery-code')),
      this.checkRecoveryCodeStep(at('recovery-code')),
      this.recoveryFlowStep,
      this.afterRecoveryStep,
      this.unblockStep,
    ]);
  }

  protected initialData(start: FlowStart): UnblockData {
    return start.account ? { stage: 'sms', account: start.account } : { stage: 'sms' };
  }

  /** Explains the block (seed) once per run. */
  private async introStep(step: WaterfallStepContext<FlowRun<UnblockData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    if (!data.introduced) {
      data.introduced = true;
      await step.context.sendActivity(textReply(m.intro));
    }
    return step.next();
  }

  /** Asks for the phone that should receive the unblock code. */
  private async phoneStep(step: WaterfallStepContext<FlowRun<UnblockData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    if (data.stage !== 'sms' || data.challengeId || data.phoneAnswer || data.proof) return step.next();
    return this.ask(step, UnblockFields.phone, textReply(m.askPhone, [imBack(m.noPhoneButton)]), 'phoneAnswer');
  }

  /** Sends the unblock code (same reply whether the number is registered or not). */
  private async sendUnblockCodeStep(step: WaterfallStepContext<FlowRun<UnblockData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    const answer = data.phoneAnswer;
    if (data.stage !== 'sms' || data.challengeId || !answer || !data.account || data.proof) return step.next();
    if (answer.kind === 'none') {
      delete data.phoneAnswer;
      return this.nextStage(step, 'secret', m.toIdentityCheck);
    }
    const started = await this.adapter.sendUnblockCode({ account: data.account, phone: answer.phone });
    if (started.ok) delete data.phoneAnswer;
    return this.challengeStarted(step, started, m.codeSent);
  }

  /** a. Does the user remember the secret question's answer? */
  private async remembersSecretStep(step: WaterfallStepContext<FlowRun<UnblockData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    if (data.stage !== 'secret' || data.remembersSecret || data.proof) return step.next();
    return this.ask(step, UnblockFields.remembersSecret, textReply(m.askRemembersSecret, [imBack(m.yesButton), imBack(m.noSecretButton)]), 'remembersSecret');
  }

  /** a. Fetches the question (a decoy for unknown accounts, per the port's contract). */
  private async startSecretStep(step: WaterfallStepContext<FlowRun<UnblockData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    if (data.stage !== 'secret' || !data.remembersSecret || data.secretChallengeId || data.proof || !data.account) return step.next();
    if (data.remembersSecret === 'no') return this.nextStage(step, 'security', m.toSecurityCode);
    const started = await this.adapter.startSecretQuestion({ account: data.account });
    if (!started.ok) return started.reason === 'rate-limited' ? this.rateLimited(step, started.retryAfterSeconds) : this.backendUnavailable(step);
    data.secretChallengeId = started.challengeId;
    data.secretQuestion = started.question;
    return step.next();
  }

  /** a. Asks the question. */
  private async secretAnswerStep(step: WaterfallStepContext<FlowRun<UnblockData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    if (data.stage !== 'secret' || !data.secretChallengeId || data.secretAnswer !== undefined || data.proof) return step.next();
    return this.ask(step, UnblockFields.secretAnswer, textReply(m.askSecretAnswer(data.secretQuestion ?? '')), 'secretAnswer');
  }

  /** a. Checks the answer; locked goes on to b. */
  private async checkSecretStep(step: WaterfallStepContext<FlowRun<UnblockData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    const answer = data.secretAnswer;
    if (data.stage !== 'secret' || !data.secretChallengeId || answer === undefined || data.proof) return step.next();
    const checked = await this.adapter.answerSecretQuestion({ challengeId: data.secretChallengeId, answer });
    if (checked.ok) {
      data.proof = checked.proof;
      delete data.secretAnswer;
      delete data.secretQuestion;
      return step.next();
    }
    if (checked.reason === 'unavailable') return this.backendUnavailable(step);
    delete data.secretAnswer;
    if (checked.reason === 'wrong-code') {
      await step.context.sendActivity(textReply(m.wrongSecret(checked.attemptsLeft)));
      return this.resume(step);
    }
    delete data.secretChallengeId;
    delete data.secretQuestion;
    return this.nextStage(step, 'security', m.secretLocked);
  }

  /** b. "None of these" goes on to c. */
  private async noMethodStep(step: WaterfallStepContext<FlowRun<UnblockData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    if (data.stage !== 'security' || data.method !== 'none') return step.next();
    delete data.method;
    return this.nextStage(step, 'recovery-code', m.toRecoveryCode);
  }

  /** d. The recovery flow, with the account already known. */
  private async recoveryFlowStep(step: WaterfallStepContext<FlowRun<UnblockData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    if (data.stage !== 'recovery' || data.proof) return step.next();
    const start: FlowStart = data.account ? { account: data.account } : {};
    return step.beginDialog(this.recoveryId, start);
  }

  private async afterRecoveryStep(step: WaterfallStepContext<FlowRun<UnblockData>>): Promise<DialogTurnResult> {
    if (this.data(step).stage !== 'recovery') return step.next();
    return this.finishAfterRecovery(step);
  }

  /** Identity proven: lift the block and advise a new password. */
  private async unblockStep(step: WaterfallStepContext<FlowRun<UnblockData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    if (!data.proof) return this.finish(step, { outcome: 'failed', flow: this.flow, step: 'unblock', reason: 'not-verified' });
    const result = await this.adapter.unblock({ proof: data.proof });
    if (!result.ok) {
      if (result.reason === 'unavailable') return this.backendUnavailable(step);
      await step.context.sendActivity(textReply(m.proofRejected, this.otherHelpButtons()));
      return this.finish(step, { outcome: 'failed', flow: this.flow, step: 'unblock', reason: 'invalid-proof' });
    }
    await step.context.sendActivity(textReply(m.unblocked, [imBack(startFlowText('passwordReset'))]));
    return this.finish(step, { outcome: 'completed', flow: this.flow, step: 'unblock' });
  }

  protected async onCodeFailure(step: WaterfallStepContext<FlowRun<UnblockData>>, failure: CodeFailure): Promise<DialogTurnResult> {
    const data = this.data(step);
    delete data.challengeId;
    delete data.method;
    const next: UnblockStage = data.stage === 'sms' ? 'secret' : 'recovery-code';
    // Locked or not received, the seed's next way is the same.
    void failure;
    return this.nextStage(step, next, next === 'secret' ? m.toIdentityCheck : m.toRecoveryCode);
  }

  protected async onNoRecoveryCode(step: WaterfallStepContext<FlowRun<UnblockData>>): Promise<DialogTurnResult> {
    delete this.data(step).recoveryAnswer;
    return this.nextStage(step, 'recovery', m.toRecovery);
  }

  private async nextStage(step: WaterfallStepContext<FlowRun<UnblockData>>, stage: UnblockStage, notice: string): Promise<DialogTurnResult> {
    this.data(step).stage = stage;
    if (notice !== '') await step.context.sendActivity(textReply(notice));
    return this.resume(step);
  }
}
