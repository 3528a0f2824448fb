import type { FlowName } from '../messages';

/** Why a flow ended without doing its work. */
export type FlowFailureReason =
  /** Three inputs in a row the step could not accept. */
  | 'too-many-tries'
  /** A code or answer was wrong too often: the challenge is void. */
  | 'code-locked'
  /** The back end refused the proof (expired or already used). */
  | 'invalid-proof'
  /** The back end was down and the user stopped at the retry prompt. */
  | 'unavailable'
  /** No way left to verify the user (no code, no recovery code, no recovery flow). */
  | 'not-verified'
  /** The ticket id the user gave matches no request. */
  | 'not-found';

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
