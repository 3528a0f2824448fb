import type { TurnContext } from 'botbuilder';
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
      /**
       * True when the question names a topic this desk does not handle (knowledge/out-of-scope.yaml: Gmail, Excel…)
       * or is closer to an example of knowledge/out-of-scope-questions.yaml than to any entry.
       */
      readonly outOfScopeTopic?: boolean;
    };

/**
 * Follows a password reset link after the chat issued it (the demo's reset page tells the chat
 * when the password was changed, so the conversation can say what to do next).
 */
export interface ResetFollowUp {
  /** A reset link was shown in this conversation. Must not throw. */
  linkIssued(context: TurnContext, url: string): Promise<void>;
}

/**
 * Reads personal names in a sentence (the real one is the analyzer's dictionary, kuromoji's
 * 人名 entries), so 「山田次郎」 or 「姓は山田、名は次郎でございます」 at the 姓 prompt fill both fields.
 */
export interface NameReader {
  /** The family (姓) and given (名) names the text names, as far as the dictionary knows them. */
  readNames(text: string): { readonly lastName?: string; readonly firstName?: string };
}

/** Port to the FAQ search component (the real one is FaqEngine; tests may pass fakes). */
export interface FaqPort {
  ask(question: string): { readonly decision: FaqDecision; readonly truncated: boolean };
  entry(id: string): FaqEntryView | undefined;
  /** The entry whose canonical question is exactly this text (a button the bot offered). */
  entryByQuestion(text: string): FaqEntryView | undefined;
  /** The entry that leads to this flow (its `action`), if the knowledge base has one. */
  entryByAction(action: FaqAction): FaqEntryView | undefined;
}
