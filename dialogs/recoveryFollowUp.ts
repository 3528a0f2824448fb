import { TurnContext, type ConversationReference } from 'botbuilder';
import type { FlowResult } from './flows/flowResult';
import { messages } from './messages';
import { textReply } from './replies';

/**
 * Following a submitted recovery request (issue 8): when the recovery flow ends with a ticket,
 * the conversation is remembered so the bot can tell the user the decision later, in the same
 * chat. What is stored, and how the decision is watched, is src/recoveryNotices' business.
 */

/** Where conversations waiting for a recovery decision are remembered (RecoveryNoticeStore). */
export interface RecoveryWatchList {
  /**
   * Remembers where to tell the user about `ticketId`. The implementation keeps only what
   * delivery needs (no names). False when it takes no more (the list is full).
   */
  remember(ticketId: string, reference: Partial<ConversationReference>): Promise<boolean>;
}

/** The ticket of a recovery request the flow submitted (also when recovery ran inside another flow), else undefined. */
export function submittedRecoveryTicket(result: FlowResult): string | undefined {
  return result.outcome === 'completed' && result.flow === 'recoverAccount' ? result.ticketId : undefined;
}

export interface RecoveryFollowUpOptions {
  /** Where the conversation is remembered. */
  watchList: RecoveryWatchList;
  /** Told when remembering failed (the request stands; the user can still ask its status); default: ignored. */
  onError?: (error: Error) => void;
}

/** What the root dialog calls when a flow ends: remembers a submitted request's conversation and says the bot will follow up. */
export class RecoveryFollowUp {
  constructor(private readonly options: RecoveryFollowUpOptions) {}

  async onFlowEnded(context: TurnContext, result: FlowResult): Promise<void> {
    const ticketId = submittedRecoveryTicket(result);
    if (ticketId === undefined) return;
    let remembered: boolean;
    try {
      remembered = await this.options.watchList.remember(ticketId, TurnContext.getConversationReference(context.activity));
    } catch (err) {
      this.options.onError?.(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    // Promise a notice only when one will be attempted.
    if (remembered) await context.sendActivity(textReply(messages.recoveryNotice.willNotify));
  }
}
