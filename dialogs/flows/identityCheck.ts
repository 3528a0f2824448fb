import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import type { FlowName } from '../domain';
import { InterruptibleDialog, type FlowRun, type InterruptibleDialogOptions } from './interruptibleDialog';

/** Why an identity check gave no proof: the parent flow decides which way comes next. */
export type CheckFailure =
  /** The user can use none of the offered methods (「どれも使えない」, 「携帯を持っていません」). */
  | 'no-method'
  /** The code does not arrive. */
  | 'not-received'
  /** Too many wrong codes or answers: the challenge is void. */
  | 'locked'
  /** The user does not remember the secret question's answer. */
  | 'declined'
  /** The user has no recovery code. */
  | 'none';

/**
 * What an identity check returns to its flow: a proof from the account service, or why
 * there is none. (When the user cancels, asks for a person or fails three times, the check
 * ends with the flow's FlowResult instead, and the flow ends with it.)
 */
export type CheckResult =
  | { readonly kind: 'verified'; readonly proof: string; /** The contact that received the code, when the flow needs it (recovery d-1). */ readonly contact?: string }
  | { readonly kind: 'failed'; readonly reason: CheckFailure };

/** True for a value an identity check returned. */
export function isCheckResult(value: unknown): value is CheckResult {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return kind === 'verified' || kind === 'failed';
}

export interface IdentityCheckOptions extends InterruptibleDialogOptions {
  /** The flow this check runs in: its name goes into results and into 「…の手続きを中止しました」. */
  flow: FlowName;
}

/**
 * The base of the identity checks (code challenge, secret question, recovery code): child
 * dialogs a flow runs in the seed's order, each returning a CheckResult. They inherit every
 * interruption of the flows; 最初から restarts the parent flow.
 */
export abstract class IdentityCheckDialog<D extends object> extends InterruptibleDialog<D> {
  protected readonly flow: FlowName;
  protected override readonly restartsParent = true;

  protected constructor(id: string, options: IdentityCheckOptions) {
    super(id, options);
    this.flow = options.flow;
  }

  protected verified(step: WaterfallStepContext<FlowRun<D>>, proof: string, contact?: string): Promise<DialogTurnResult> {
    const result: CheckResult = contact === undefined ? { kind: 'verified', proof } : { kind: 'verified', proof, contact };
    return step.endDialog(result);
  }

  protected failed(step: WaterfallStepContext<FlowRun<D>>, reason: CheckFailure): Promise<DialogTurnResult> {
    const result: CheckResult = { kind: 'failed', reason };
    return step.endDialog(result);
  }
}
