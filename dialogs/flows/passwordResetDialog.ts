import { ActionTypes, CardFactory, MessageFactory } from 'botbuilder';
import type { Dialog, DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { DialogIds } from '../ids';
import { messages } from '../messages';
import type { ResetFollowUp } from '../ports';
import { textReply } from '../replies';
import { AccountFlowDialog, type AccountFlowData, type AccountFlowDialogOptions } from './accountFlowDialog';
import { CodeChallengeDialog } from './codeChallengeDialog';
import type { FlowRun, FlowStart } from './interruptibleDialog';
import { RecoveryCodeDialog } from './recoveryCodeDialog';

export interface PasswordResetDialogOptions extends AccountFlowDialogOptions {
  /** The recovery flow, started when no code and no recovery code can be used (seed d.). */
  recovery: Dialog;
  /** Told of each reset link shown, so the chat can be told when it was used; default: none. */
  resetFollowUp?: ResetFollowUp;
}

type PasswordResetData = AccountFlowData;

const m = messages.passwordReset;

/**
 * Password reset (seed 「パスワードを忘れてしまったのですが?」 and c., d.): the account → a
 * security code (b.) → a single-use reset link. "None of these" asks for a recovery code
 * (c.); without one, the recovery flow runs as a child (d.).
 */
export class PasswordResetDialog extends AccountFlowDialog<PasswordResetData> {
  protected readonly flow = 'passwordReset' as const;
  private readonly securityCode: Dialog;
  private readonly recoveryCode: Dialog;
  private readonly recovery: Dialog;
  private readonly resetFollowUp: ResetFollowUp | undefined;

  constructor(options: PasswordResetDialogOptions) {
    super(DialogIds.passwordReset, options);
    this.resetFollowUp = options.resetFollowUp;
    const check = { ...options, flow: this.flow };
    this.securityCode = new CodeChallengeDialog(`${DialogIds.passwordReset}.securityCode`, { ...check, route: 'security', onNotReceived: 'another-method' });
    this.recoveryCode = new RecoveryCodeDialog(`${DialogIds.passwordReset}.recoveryCode`, check);
    this.recovery = options.recovery;
    for (const child of [this.securityCode, this.recoveryCode, this.recovery]) this.addDialog(child);
    this.addSteps([
      this.introStep(m.intro),
      this.accountStep(m.askAccount),
      this.checkStep(this.securityCode),
      this.afterCheck((step, failure) => (failure.reason === 'locked' ? this.locked(step) : this.begin(step, this.recoveryCode))),
      this.afterCheck((step) => this.toRecovery(step, m.toRecovery, this.recovery)),
      this.afterRecoveryStep(),
      this.resetLinkStep,
    ]);
  }

  protected initialData(start: FlowStart): PasswordResetData {
    return start.account ? { account: start.account } : {};
  }

  /** The code was wrong too often: end here, for security. */
  private async locked(step: WaterfallStepContext<FlowRun<PasswordResetData>>): Promise<DialogTurnResult> {
    await step.context.sendActivity(textReply(m.lockedEnd, this.otherHelpButtons()));
    return this.finish(step, { outcome: 'failed', flow: this.flow, step: 'code', reason: 'code-locked' });
  }

  /** Identity proven: a button with the single-use reset link (the link is never stored). */
  private async resetLinkStep(step: WaterfallStepContext<FlowRun<PasswordResetData>>): Promise<DialogTurnResult> {
    const proof = this.data(step).proof;
    if (!proof) return this.finish(step, { outcome: 'failed', flow: this.flow, step: 'reset-link', reason: 'not-verified' });
    const issued = await this.service(step, () => this.adapter.issueResetLink({ proof }));
    if (!issued.ok) {
      if (issued.reason === 'unavailable') return this.backendUnavailable(step);
      await step.context.sendActivity(textReply(m.proofRejected, this.otherHelpButtons()));
      return this.finish(step, { outcome: 'failed', flow: this.flow, step: 'reset-link', reason: 'invalid-proof' });
    }
    // The words first, then the card they talk about (「本人確認ができました…」 above the link).
    await step.context.sendActivity(textReply(m.done));
    const card = CardFactory.heroCard(m.linkTitle, m.linkText, undefined, [{ type: ActionTypes.OpenUrl, title: m.linkButton, value: issued.url }]);
    await step.context.sendActivity(MessageFactory.attachment(card));
    await this.resetFollowUp?.linkIssued(step.context, issued.url);
    return this.finish(step, { outcome: 'completed', flow: this.flow, step: 'reset-link' });
  }
}
