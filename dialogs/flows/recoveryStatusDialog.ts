import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import type { AccountAdapter } from '../accountPort';
import { DialogIds } from '../ids';
import { messages } from '../messages';
import { textReply } from '../replies';
import { InterruptibleDialog, type FlowRun, type FlowStart, type InterruptibleDialogOptions } from './interruptibleDialog';
import { foldInput, parseTicketId, type InputResult } from './inputs';
import { findRequestNumber } from '../understanding/values';

/** A request number inside a sentence (「RR-7K3MQXABです」), or the bare id as the back end issues them. */
function parseRequestNumber(text: string): InputResult<string> {
  const found = findRequestNumber(text);
  return found !== undefined ? { ok: true, value: found } : parseTicketId(text);
}

export interface RecoveryStatusDialogOptions extends InterruptibleDialogOptions {
  /** The account service. */
  account: AccountAdapter;
}

interface RecoveryStatusData {
  ticketId?: string;
}

export const RecoveryStatusFields = { ticketId: 'ticketId' } as const;

const m = messages.recoveryStatus;

/**
 * Recognizes 「復旧リクエストの状況」 (optionally followed by the ticket id) so the root can
 * start this flow with the id already given. Undefined when the message is something else.
 */
export function recognizeRecoveryStatusRequest(text: string): FlowStart | undefined {
  const folded = foldInput(text).replace(/\s+/g, ' ');
  const match = new RegExp(`^(?:${m.triggers.join('|')})(?:を(?:確認|教えて)(?:したい|ください)?)?[\\s:：]*(.*)$`, 'u').exec(folded);
  if (!match) return undefined;
  const rest = (match[1] ?? '').trim();
  if (rest === '') return {};
  const ticket = parseTicketId(rest);
  return ticket.ok ? { ticketId: ticket.value } : {};
}

/** The status of a recovery request by its ticket id (seed e./f.: the answer comes by mail, usually within 24 hours). */
export class RecoveryStatusDialog extends InterruptibleDialog<RecoveryStatusData> {
  protected readonly flow = 'recoveryStatus' as const;
  private readonly adapter: AccountAdapter;

  constructor(options: RecoveryStatusDialogOptions) {
    super(DialogIds.recoveryStatus, options);
    this.adapter = options.account;
    this.addField({ id: RecoveryStatusFields.ticketId, parse: parseRequestNumber, help: m.help.ticketId });
    this.addSteps([this.ticketStep, this.statusStep]);
  }

  protected initialData(start: FlowStart): RecoveryStatusData {
    return start.ticketId ? { ticketId: start.ticketId } : {};
  }

  /** Asks for the ticket id unless it came with the request. */
  private async ticketStep(step: WaterfallStepContext<FlowRun<RecoveryStatusData>>): Promise<DialogTurnResult> {
    return this.data(step).ticketId ? step.next() : this.ask(step, RecoveryStatusFields.ticketId, m.askTicketId, 'ticketId');
  }

  /** Looks the request up and says where it stands. */
  private async statusStep(step: WaterfallStepContext<FlowRun<RecoveryStatusData>>): Promise<DialogTurnResult> {
    const ticketId = this.data(step).ticketId;
    if (!ticketId) return this.finish(step, { outcome: 'failed', flow: this.flow, step: 'status', reason: 'not-verified' });
    const status = await this.service(step, () => this.adapter.getRecoveryStatus({ ticketId }));
    if (status.ok) {
      await step.context.sendActivity(textReply(m.status[status.status]));
      return this.finish(step, { outcome: 'completed', flow: this.flow, step: 'status' });
    }
    if (status.reason === 'unavailable') return this.backendUnavailable(step);
    await step.context.sendActivity(textReply(m.notFound, this.otherHelpButtons()));
    return this.finish(step, { outcome: 'failed', flow: this.flow, step: 'status', reason: 'not-found' });
  }
}
