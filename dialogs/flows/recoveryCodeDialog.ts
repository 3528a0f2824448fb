import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import type { AccountAdapter } from '../accountPort';
import { messages } from '../messages';
import { imBack, textReply } from '../replies';
import { IdentityCheckDialog, type IdentityCheckOptions } from './identityCheck';
import type { FlowRun, FlowStart } from './interruptibleDialog';
import { parseRecoveryCodeAnswer, type RecoveryCodeAnswer } from './stepAnswers';

export interface RecoveryCodeDialogOptions extends IdentityCheckOptions {
  /** The account service. */
  account: AccountAdapter;
}

interface RecoveryCodeData {
  account?: string;
  answer?: RecoveryCodeAnswer;
}

export const RecoveryCodeFields = { code: 'recoveryCode' } as const;

const v = messages.verification;

/** Seed c.: the recovery code the user kept, or 「持っていない」. */
export class RecoveryCodeDialog extends IdentityCheckDialog<RecoveryCodeData> {
  private readonly adapter: AccountAdapter;

  constructor(id: string, options: RecoveryCodeDialogOptions) {
    super(id, options);
    this.adapter = options.account;
    this.addField({ id: RecoveryCodeFields.code, parse: parseRecoveryCodeAnswer, help: v.help.recoveryCode });
    this.addSteps([this.askStep, this.checkStep]);
  }

  protected initialData(start: FlowStart): RecoveryCodeData {
    return start.account ? { account: start.account } : {};
  }

  /** Asks for the recovery code. */
  private async askStep(step: WaterfallStepContext<FlowRun<RecoveryCodeData>>): Promise<DialogTurnResult> {
    if (this.data(step).answer) return step.next();
    return this.ask(step, RecoveryCodeFields.code, textReply(v.askRecoveryCode, [imBack(v.noRecoveryCodeButton)]), 'answer');
  }

  /** Checks it; none, or locked, ends the check without proof. */
  private async checkStep(step: WaterfallStepContext<FlowRun<RecoveryCodeData>>): Promise<DialogTurnResult> {
    const data = this.data(step);
    const answer = data.answer;
    const account = data.account;
    if (!answer || answer.kind === 'none' || !account) return this.failed(step, 'none');
    const checked = await this.service(step, () => this.adapter.checkRecoveryCode({ account, code: answer.code }));
    if (checked.ok) return this.verified(step, checked.proof);
    switch (checked.reason) {
      case 'wrong-code':
        delete data.answer;
        await step.context.sendActivity(textReply(v.wrongRecoveryCode(checked.attemptsLeft)));
        return this.resume(step);
      case 'locked':
        await step.context.sendActivity(textReply(v.recoveryCodeLocked));
        return this.failed(step, 'locked');
      case 'rate-limited':
        // Too many tries from this client: keep the code, so もう一度 after the wait checks it.
        return this.rateLimited(step, checked.retryAfterSeconds);
      case 'unavailable':
        // Keep the code so もう一度 checks the same one.
        return this.backendUnavailable(step);
    }
  }
}
