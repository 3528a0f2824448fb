import type { FlowAbandonReason, FlowName } from './domain';

/** Why the conversation was handed to a person. */
export type HandoffReason = 'user-request' | 'repeated-abstention' | 'not-helpful' | 'flow-failure';

/**
 * What happened in a conversation, as the dialogs see it. Text fields may hold what the
 * user typed: every writer (event log, history, tickets) redacts them first.
 */
export type OutcomeEvent =
  | {
      readonly kind: 'answered';
      readonly entryId: string;
      readonly confidence: number;
      /** The next best entries the search found, offered after 役に立たなかった. */
      readonly alternatives?: readonly string[];
    }
  | { readonly kind: 'clarified'; readonly choices: readonly string[] }
  | { readonly kind: 'abstained'; /** The question as typed (redacted by the recorder). */ readonly question: string }
  | { readonly kind: 'feedback'; readonly entryId: string; readonly helpful: boolean }
  | { readonly kind: 'flowStarted'; readonly flow: FlowName }
  | { readonly kind: 'flowCompleted'; readonly flow: FlowName }
  /**
   * A flow ended without success. `reason` is a short code; the handoff policy treats
   * 'unavailable' (back end unreachable) and a second 'not-verified' (recovery) as failures
   * the user cannot fix. `step` names the waterfall step it stopped at.
   */
  | { readonly kind: 'flowAbandoned'; readonly flow: FlowName; readonly step: string; readonly reason: FlowAbandonReason }
  | { readonly kind: 'handedOver'; readonly reason: HandoffReason; /** Ticket number, when the provider gave one. */ readonly ticketId?: string };

/**
 * Port for measuring outcomes (event log and metrics in src/telemetry). Dialogs call it
 * and never wait on its health: implementations must not throw.
 */
export interface OutcomeRecorder {
  /**
   * Counts and logs the event; resolves once it is durable (never rejects). Callers wait for that
   * only when a reply depends on it (the handover: its ticket number); the others go on at once
   * and the event log commits them with its next batch.
   */
  record(conversationId: string, event: OutcomeEvent): Promise<void>;
}

/** The default when nothing measures: tests and tools that do not care. */
export const noopOutcomeRecorder: OutcomeRecorder = {
  record: async () => undefined,
};
