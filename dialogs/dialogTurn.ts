import { DialogTurnStatus, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';

export const NO_ACTIVE_DIALOG_ERROR = "dialogTurn: the dialog on top of the stack is not registered with this dialog context";

/**
 * `dc.continueDialog()` without the `activityReceived` event. DialogContext.continueDialog first
 * emits that event from the leaf of the stack, once per turn: it builds a dialog context for
 * every level of the stack to find the leaf, then bubbles the event up through all of them. No
 * dialog of this bot handles an event (none overrides onPreBubbleEvent, onPostBubbleEvent or
 * onDialogEvent, and containers only act on versionChanged), so that walk changes nothing; this
 * continues the active dialog directly, as continueDialog does after the event.
 * An empty stack gives `DialogTurnStatus.empty`, as continueDialog does.
 */
export async function continueActiveDialog(dc: DialogContext): Promise<DialogTurnResult> {
  const instance = dc.activeDialog;
  if (!instance) return { status: DialogTurnStatus.empty };
  const dialog = dc.findDialog(instance.id);
  if (!dialog) throw new Error(`${NO_ACTIVE_DIALOG_ERROR} ('${instance.id}')`);
  return dialog.continueDialog(dc);
}
