import type { FlowResult } from '../flows/flowResult';
import type { FlowAbandonReason } from '../domain';
import type { HandoffReason, OutcomeEvent } from '../outcomes';

/** reason recorded when the user cancelled a flow. */
export const CANCELLED_REASON: FlowAbandonReason = 'cancelled';
/** reason recorded when the user asked for a person inside a flow. */
export const PERSON_REQUESTED_REASON: FlowAbandonReason = 'person-requested';

/**
 * The outcome to record when a flow ends, and the handover the flow already asked for
 * (a person requested inside the flow, or a back end the user waited on in vain).
 */
export function flowOutcome(result: FlowResult): { readonly event: OutcomeEvent; readonly handoff?: HandoffReason } {
  switch (result.outcome) {
    case 'completed':
      return { event: { kind: 'flowCompleted', flow: result.flow } };
    case 'cancelled':
      return { event: { kind: 'flowAbandoned', flow: result.flow, step: result.step, reason: CANCELLED_REASON } };
    case 'handoff-requested':
      return result.reason === 'user-asked'
        ? { event: { kind: 'flowAbandoned', flow: result.flow, step: result.step, reason: PERSON_REQUESTED_REASON }, handoff: 'user-request' }
        : { event: { kind: 'flowAbandoned', flow: result.flow, step: result.step, reason: 'unavailable' }, handoff: 'flow-failure' };
    case 'failed':
      return { event: { kind: 'flowAbandoned', flow: result.flow, step: result.step, reason: result.reason } };
  }
}
