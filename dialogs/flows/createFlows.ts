import type { Dialog } from 'botbuilder-dialogs';
import type { AccountAdapter } from '../accountPort';
import type { FlowName } from '../domain';
import type { FaqPort, NameReader, ResetFollowUp } from '../ports';
import { PasswordResetDialog } from './passwordResetDialog';
import { RecoveryDialog } from './recoveryDialog';
import { RecoveryStatusDialog } from './recoveryStatusDialog';
import { UnblockDialog } from './unblockDialog';

export interface CreateFlowsOptions {
  /** The account service (demo or HTTP adapter). */
  account: AccountAdapter;
  /** Answers FAQ questions asked in the middle of a flow. */
  faq: FaqPort;
  /** Bad inputs in a row at one step before a flow ends. Default DEFAULT_MAX_BAD_TRIES (3). */
  maxBadTries?: number;
  /** Reads 姓 and 名 in a sentence for the recovery form; default: none. */
  names?: NameReader;
  /** Told of each password reset link shown (the demo tells the chat when it was used); default: none. */
  resetFollowUp?: ResetFollowUp;
}

/**
 * The guided flows, by name, for RootDialogOptions.flows. One recovery dialog serves as a
 * flow of its own and as the last step of password reset and unblock (dialogs hold no state).
 */
export function createFlows(options: CreateFlowsOptions): Record<FlowName, Dialog> {
  const recovery = new RecoveryDialog(options);
  return {
    passwordReset: new PasswordResetDialog({ ...options, recovery }),
    unblockAccount: new UnblockDialog({ ...options, recovery }),
    recoverAccount: recovery,
    recoveryStatus: new RecoveryStatusDialog(options),
  };
}
