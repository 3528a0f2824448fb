/**
 * The domain words of the conversation, as literal types in one module: the knowledge
 * schema, the event log, the messages and the dialogs import them from here, so a flow
 * name is never derived from text and a typo is a compile error.
 */

/** The guided flows, in the order the README lists them. */
export const FLOW_NAMES = ['passwordReset', 'unblockAccount', 'recoverAccount', 'recoveryStatus'] as const;
export type FlowName = (typeof FLOW_NAMES)[number];

/** Flows a FAQ entry can lead to (its `action` front-matter field). */
export const FAQ_ACTIONS = ['passwordReset', 'unblockAccount', 'recoverAccount'] as const satisfies readonly FlowName[];
export type FaqAction = (typeof FAQ_ACTIONS)[number];

/** Why a flow ended without doing its work. */
export const FLOW_FAILURE_REASONS = [
  /** Three inputs in a row the step could not accept. */
  'too-many-tries',
  /** A code or answer was wrong too often: the challenge is void. */
  'code-locked',
  /** The back end refused the proof (expired or already used). */
  'invalid-proof',
  /** The back end was down and the user stopped at the retry prompt. */
  'unavailable',
  /** No way left to verify the user (no code, no recovery code, no recovery flow). */
  'not-verified',
  /** The ticket id the user gave matches no request. */
  'not-found',
] as const;
export type FlowFailureReason = (typeof FLOW_FAILURE_REASONS)[number];

/** Why a flow was left unfinished: one of its failures, or the user's own choice. */
export const FLOW_ABANDON_REASONS = [
  ...FLOW_FAILURE_REASONS,
  /** The user cancelled (やめる, キャンセル). */
  'cancelled',
  /** The user asked for a person inside the flow. */
  'person-requested',
] as const;
export type FlowAbandonReason = (typeof FLOW_ABANDON_REASONS)[number];
