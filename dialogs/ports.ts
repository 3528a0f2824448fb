import type { FaqAction } from './domain';

/** What the dialogs need to know about a knowledge-base entry. */
export interface FaqEntryView {
  readonly id: string;
  readonly question: string;
  readonly answer: string;
  readonly related: readonly string[];
  readonly action?: FaqAction;
}

export type FaqDecision =
  | { readonly kind: 'answer'; readonly entryId: string; readonly confidence: number; readonly candidates: readonly { id: string; score: number }[] }
  | { readonly kind: 'clarify'; readonly choices: readonly string[]; readonly confidence: number; readonly candidates: readonly { id: string; score: number }[] }
  | { readonly kind: 'abstain'; readonly confidence: number; readonly candidates: readonly { id: string; score: number }[] };

/** Port to the FAQ search component (the real one is FaqEngine; tests may pass fakes). */
export interface FaqPort {
  ask(question: string): { readonly decision: FaqDecision; readonly truncated: boolean };
  entry(id: string): FaqEntryView | undefined;
  /** The entry whose canonical question is exactly this text (a button the bot offered). */
  entryByQuestion(text: string): FaqEntryView | undefined;
}
