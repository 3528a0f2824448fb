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
  | {
      readonly kind: 'abstain';
      readonly confidence: number;
      readonly candidates: readonly { id: string; score: number }[];
      /** Coverage of the best candidate (share of the question's words it accounts for), when there is one. */
      readonly coverage?: number;
      /** True when the question names a topic this desk does not handle (knowledge/out-of-scope.yaml: Gmail, Excel…). */
      readonly outOfScopeTopic?: boolean;
    };

/** Port to the FAQ search component (the real one is FaqEngine; tests may pass fakes). */
export interface FaqPort {
  ask(question: string): { readonly decision: FaqDecision; readonly truncated: boolean };
  entry(id: string): FaqEntryView | undefined;
  /** The entry whose canonical question is exactly this text (a button the bot offered). */
  entryByQuestion(text: string): FaqEntryView | undefined;
}
