import { type Dialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { DialogIds } from '../ids';
import { messages } from '../messages';
import { imBack, startFlowText, textReply } from '../replies';
import { AccountFlowDialog, type AccountFlowData, type AccountFlowDialogOptions } from './accountFlowDialog';
import { CodeChallengeDialog } from './codeChallengeDialog';
import type { FlowRun, FlowStart } from './interruptibleDialog';
import { RecoveryCodeDialog } from './recoveryCodeDialog';
import { SecretQuestionDialog } from './secretQuestionDialog';

export interface UnblockDialogOptions extends AccountFlowDialogOptions {
  /** The recovery flow, the last way to verify (seed d.). */
  recovery: Dialog;
}

type UnblockData = AccountFlowData;

const m = messages.unblock;

/**
 * Unblock (seed 「アカウントがブロックされてしまった」): the account → an SMS unblock code →
 * unblocked, with the advice to change the password. When the code does not work, identity
 * verification in the seed's order: a. secret question, b. security code to registered
 * security info, c. recovery code, d. the recovery flow. Each is a child dialog.
 */
export class UnblockDialog extends AccountFlowDialog<UnblockData> {
  protected readonly flow = 'unblockAccount' as const;
  private readonly smsCode: Dialog;
  private readonly secretQuestion: Dialog;
  private readonly securityCode: Dialog;
  private readonly recoveryCode: Dialog;
  private readonly recovery: Dialog;

  constructor(options: UnblockDialogOptions) {
    super(DialogIds.unblockAccount, options);
    const id = DialogIds.unblockAccount;
    const check = { ...options, flow: this.flow };
    this.smsCode = new CodeChallengeDialog(`${id}.smsCode`, { ...check, route: 'unblock-sms', onNotReceived: 'give-up' });
    this.secretQuestion = new SecretQuestionDialog(`${id}.secretQuestion`, check);
    this.securityCode = new CodeChallengeDialog(`${id}.securityCode`, { ...check, route: 'security', onNotReceived: 'give-up' });
    this.recoveryCode = new RecoveryCodeDialog(`${id}.recoveryCode`, check);
    this.recovery = options.recovery;
    for (const child of [this.smsCode, this.secretQuestion, this.securityCode, this.recoveryCode, this.recovery]) this.addDialog(child);
    this.addSteps([
      this.introStep(m.intro),
      this.accountStep(m.askAccount),
      this.checkStep(this.smsCode),
      // Locked or not received, the seed's next way is the same: a. the secret question.
      this.afterCheck((step) => this.next(step, m.toIdentityCheck, this.secretQuestion)),
      this.afterCheck((step, failure) => this.next(step, failure.reason === 'locked' ? m.secretLocked : m.toSecurityCode, this.securityCode)),
      this.afterCheck((step) => this.next(step, m.toRecoveryCode, this.recoveryCode)),
      this.afterCheck((step) => this.toRecovery(step, m.toRecovery, this.recovery)),
      this.afterRecoveryStep(),
      this.unblockStep,
    ]);
  }

  protected initialData(start: FlowStart): UnblockData {
    return start.account ? { account: start.account } : {};
  }

  /** Says which way comes next, then begins it. */
  private async next(step: WaterfallStepContext<FlowRun<UnblockData>>, notice: string, check: Dialog): Promise<DialogTurnResult> {
    await step.context.sendActivity(textReply(notice));
    return this.begin(step, check);
  }

  /** Identity proven: lift the block and advise a new password. */
  private async unblockStep(step: WaterfallStepContext<FlowRun<UnblockData>>): Promise<DialogTurnResult> {
    const proof = this.data(step).proof;
    if (!proof) return this.finish(step, { outcome: 'failed', flow: this.flow, step: 'unblock', reason: 'not-verified' });
    const result = await this.service(step, () => this.adapter.unblock({ proof }));
    if (!result.ok) {
      if (result.reason === 'unavailable') return this.backendUnavailable(step);
      await step.context.sendActivity(textReply(m.proofRejected, this.otherHelpButtons()));
      return this.finish(step, { outcome: 'failed', flow: this.flow, step: 'unblock', reason: 'invalid-proof' });
    }
    await step.context.sendActivity(textReply(m.unblocked, [imBack(startFlowText('passwordReset'))]));
    return this.finish(step, { outcome: 'completed', flow: this.flow, step: 'unblock' });
  }
}
