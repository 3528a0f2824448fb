import { ActionTypes, CardFactory, MessageFactory } from 'botbuilder';
import type { Dialog, DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { DialogIds } from '../ids';
import { messages } from '../messages';
import { textReply } from '../replies';
import type { FlowRun, FlowStart } from './interruptibleDialog';
import { VerificationDialog, type CodeFailure, type VerificationData, type VerificationDialogOptions } from './verificationDialog';

export interface PasswordResetDialogOptions extends VerificationDialogOptions {
  /** The recovery flow, started when no code and no recovery code can be used (seed d.). */
  recovery: Dialog;
}

interface PasswordResetData extends VerificationData {
  /** No code route works and no recovery code: the recovery flow runs. */
  toRecovery?: boolean;
  /** The introduction was shown in this run. */
  introduced?: boolean;
}

const m = messages.passwordReset;

/** The code route applies unless the user chose "none of these". */
const byCode = (d: PasswordResetData) => d.method !== 'none';
const byRecoveryCode = (d: PasswordResetData) => d.method === 'none' && !d.toRecovery;

/**
 * Password reset (seed 「パスワードを忘れてしまったのですが?」 and c., d.): account → how to
 * receive a code → the full contact → the code → a single-use reset link. "None of these"
 * asks for a recovery code; without one, the recovery flow runs as a child.
 */
export class PasswordResetDialog extends VerificationDialog<PasswordResetData> {
  protected readonly flow = 'passwordReset' as const;
  private readonly recoveryId: string;

  constructor(options: PasswordResetDialogOptions) {
    super(DialogIds.passwordReset, options);
    this.recoveryId = options.recovery.id;
    this.addDialog(options.recovery);
    this.addSteps([
      this.introStep,
      this.accountStep(m.askAccount),
      this.methodStep(byCode),
      this.contactStep(byCode),
      this.sendCodeStep(byCode),
      this.codeStep(byCode),
      this.checkCodeStep(byCode),
      this.recoveryCodeStep(byRecoveryCode),
      this.checkRecoveryCodeStep(byRecoveryCode),
      this.recoveryFlowStep,
      this.afterRecoveryStep,
      this.resetLinkStep,
    ]);
  }

  protected initialData(start: FlowStart): PasswordResetData {
    return start.account ? { account: start.account } : {};
  }

  /** Says what the flow does and that no password is asked here (once per run). */
  private async introStep(step: WaterfallStepContext<FlowRun<PasswordResetData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    if (!data.introduced) {
      data.introduced = true;
      await step.context.sendActivity(textReply(m.intro));
    }
    return step.next();
  }

  /** Without a way to verify, the recovery flow takes over with the account already known. */
  private async recoveryFlowStep(step: WaterfallStepContext<FlowRun<PasswordResetData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    if (!data.toRecovery || data.proof) return step.next();
    await step.context.sendActivity(textReply(m.toRecovery));
    const start: FlowStart = data.account ? { account: data.account } : {};
    return step.beginDialog(this.recoveryId, start);
  }

  /** The recovery flow ended: this flow ends with its result. */
  private async afterRecoveryStep(step: WaterfallStepContext<FlowRun<PasswordResetData>>): Promise<DialogTurnResult> {
    if (!this.data(step).toRecovery) return step.next();
    return this.finishAfterRecovery(step);
  }

  /** Identity proven: a button with the single-use reset link (the link is never stored). */
  private async resetLinkStep(step: WaterfallStepContext<FlowRun<PasswordResetData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    if (!data.proof) return this.finish(step, { outcome: 'failed', flow: this.flow, step: 'reset-link', reason: 'not-verified' });
    const issued = await this.adapter.issueResetLink({ proof: data.proof });
    if (!issued.ok) {
      if (issued.reason === 'unavailable') return this.backendUnavailable(step);
      await step.context.sendActivity(textReply(m.proofRejected, this.otherHelpButtons()));
      return this.finish(step, { outcome: 'failed', flow: this.flow, step: 'reset-link', reason: 'invalid-proof' });
    }
    const card = CardFactory.heroCard(m.linkTitle, m.linkText, undefined, [{ type: ActionTypes.OpenUrl, title: m.linkButton, value: issued.url }]);
    await step.context.sendActivity(MessageFactory.attachment(card));
    await step.context.sendActivity(textReply(m.done));
    return this.finish(step, { outcome: 'completed', flow: this.flow, step: 'reset-link' });
  }

  protected async onCodeFailure(step: WaterfallStepContext<FlowRun<PasswordResetData>>, failure: CodeFailure): Promise<DialogTurnResult> {
    const data = this.data(step);
    if (failure === 'locked') {
      await step.context.sendActivity(textReply(m.lockedEnd, this.otherHelpButtons()));
      return this.finish(step, { outcome: 'failed', flow: this.flow, step: 'code', reason: 'code-locked' });
    }
    // The code does not arrive: choose another way (or "none of these").
    delete data.method;
    delete data.challengeId;
    await step.context.sendActivity(textReply(m.chooseAnother));
    return this.resume(step);
  }

  protected async onNoRecoveryCode(step: WaterfallStepContext<FlowRun<PasswordResetData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    delete data.recoveryAnswer;
    data.toRecovery = true;
    return this.resume(step);
  }
}
