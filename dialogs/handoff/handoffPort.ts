import type { HandoffContext } from './handoffContext';

export type HandoffSubmitted =
  /** The ticket is stored; `delivery` says whether it also waits for a webhook ('queued'). */
  | { readonly ok: true; readonly ticketId: string; readonly delivery: 'stored' | 'queued' }
  /** The ticket could not be stored: the user is told to try again later. */
  | { readonly ok: false; readonly reason: 'unavailable' };

/** Port to the handoff back end (ticket store or webhook in src/handoff). */
export interface HandoffProvider {
  submit(context: HandoffContext): Promise<HandoffSubmitted>;
}
