import type { FlowFailureReason, FlowName } from '../domain';

export type { FlowFailureReason } from '../domain';

/**
 * What a guided flow returns to its parent when it ends, so the root can act (hand over)
 * and metrics can count outcomes. `step` is the step the user was at; `via` is set when
 * the flow ran inside another one (recovery started from password reset).
 */
export type FlowResult =
  | { readonly outcome: 'completed'; readonly flow: FlowName; readonly step: string; readonly ticketId?: string; readonly via?: FlowName }
  | { readonly outcome: 'cancelled'; readonly flow: FlowName; readonly step: string; readonly via?: FlowName }
  | { readonly outcome: 'handoff-requested'; readonly flow: FlowName; readonly step: string; readonly reason: 'user-asked' | 'backend-unavailable'; readonly via?: FlowName }
  | { readonly outcome: 'failed'; readonly flow: FlowName; readonly step: string; readonly reason: FlowFailureReason; readonly via?: FlowName };

/** True for a value a flow dialog returned (a child flow's end, seen by its parent). */
export function isFlowResult(value: unknown): value is FlowResult {
  if (typeof value !== 'object' || value === null) return false;
  const outcome = (value as { outcome?: unknown }).outcome;
  return outcome === 'completed' || outcome === 'cancelled' || outcome === 'handoff-requested' || outcome === 'failed';
}
