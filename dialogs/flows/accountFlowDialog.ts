import type { Dialog, DialogTurnResult, WaterfallStep, WaterfallStepContext } from 'botbuilder-dialogs';
import type { AccountAdapter } from '../accountPort';
import { textReply } from '../replies';
import { isFlowResult } from './flowResult';
import { isCheckResult, type CheckResult } from './identityCheck';
import { ACCOUNT_FIELD_ID, InterruptibleDialog, type FlowRun, type FlowStart, type InterruptibleDialogOptions } from './interruptibleDialog';
import { parseAccountAnswer } from './stepAnswers';
import { messages } from '../messages';

/** What every flow about one account gathers. */
export interface AccountFlowData {
  /** The account name (e-mail, phone or Skype name). */
  account?: string;
  /** Proof of identity from the back end; the flow's goal once set. */
  proof?: string;
  /** The introduction was shown in this run. */
  introduced?: boolean;
  /** No identity check was left: the recovery flow ran as a child. */
  toRecovery?: boolean;
}

export interface AccountFlowDialogOptions extends InterruptibleDialogOptions {
  /** The account service. */
  account: AccountAdapter;
}

/**
 * The base of password reset, unblock and recovery: the introduction, the account step, and
 * running identity checks (child dialogs that return a proof or a reason) in the seed's order.
 * A flow reads as its steps: begin a check, then say what its result leads to.
 */
export abstract class AccountFlowDialog<D extends AccountFlowData> extends InterruptibleDialog<D> {
  protected readonly adapter: AccountAdapter;

  protected constructor(id: string, options: AccountFlowDialogOptions) {
    super(id, options);
    this.adapter = options.account;
    this.addField({ id: ACCOUNT_FIELD_ID, parse: parseAccountAnswer, help: messages.verification.help.account });
  }

  /** Says what the flow does (once per run: a retry re-runs the waterfall). */
  protected introStep(intro: string): WaterfallStep<FlowRun<D>> {
    return this.skippable(
      (run) => Boolean(run.data.introduced),
      async (step) => {
        this.data(step).introduced = true;
        await step.context.sendActivity(textReply(intro));
        return step.next();
      },
    );
  }

  /** Asks for the account unless known (a parent flow or the root may pass it). */
  protected accountStep(prompt: string): WaterfallStep<FlowRun<D>> {
    return this.skippable((run) => Boolean(run.data.account), async (step) => this.ask(step, ACCOUNT_FIELD_ID, prompt, 'account'));
  }

  /** Begins a child dialog (an identity check, or the recovery flow) for this account. */
  protected begin(step: WaterfallStepContext<FlowRun<D>>, dialog: Dialog): Promise<DialogTurnResult> {
    const account = this.data(step).account;
    const said = step.options.start.said;
    const start: FlowStart = { ...(account ? { account } : {}), ...(said !== undefined ? { said } : {}) };
    return step.beginDialog(dialog.id, start);
  }

  /** A step that begins `dialog` unless the identity is already proven. */
  protected checkStep(dialog: Dialog): WaterfallStep<FlowRun<D>> {
    return this.skippable((run) => Boolean(run.data.proof), async (step) => this.begin(step, dialog));
  }

  /**
   * A step that reads a check's result: a proof is kept and the flow goes on; a flow result
   * (cancelled, a person asked for, three bad answers) ends the flow; a failure goes to
   * `onFailed`, which says what comes next. Skips when no check ran before it.
   */
  protected afterCheck(onFailed: (step: WaterfallStepContext<FlowRun<D>>, failure: Extract<CheckResult, { kind: 'failed' }>) => Promise<DialogTurnResult>): WaterfallStep<FlowRun<D>> {
    return this.skippable(
      (_run, result) => !isFlowResult(result) && !isCheckResult(result),
      async (step) => {
        const result: unknown = step.result;
        if (isFlowResult(result)) return this.finish(step, result);
        if (!isCheckResult(result)) return step.next();
        if (result.kind === 'verified') {
          this.data(step).proof = result.proof;
          return step.next();
        }
        return onFailed(step, result);
      },
    );
  }

  /** No check is left: the recovery flow runs as a child, with the account already known (seed d.). */
  protected async toRecovery(step: WaterfallStepContext<FlowRun<D>>, notice: string, recovery: Dialog): Promise<DialogTurnResult> {
    this.data(step).toRecovery = true;
    await step.context.sendActivity(textReply(notice));
    return this.begin(step, recovery);
  }

  /**
   * The recovery flow, run as this flow's last resort, ended: this flow ends with its result,
   * marked as run from here (a recovery that returned nothing counts as not verified).
   */
  protected afterRecoveryStep(): WaterfallStep<FlowRun<D>> {
    return this.skippable(
      (run) => !run.data.toRecovery,
      async (step) => {
        const result: unknown = step.result;
        if (isFlowResult(result)) return this.finish(step, { ...result, via: this.flow });
        return this.finish(step, { outcome: 'failed', flow: 'recoverAccount', step: 'recovery', reason: 'not-verified', via: this.flow });
      },
    );
  }
}
