/**
 * Optimistic concurrency for the bot's Storage implementations (issue 11): what a StoreItem's
 * `eTag` asks of a write, and the error a write refused for it throws. Kept free of any storage
 * SDK so that the turn error handler and the terminal can import it cheaply.
 */

/** The eTag that BotState sends by default: overwrite whatever is stored (last writer wins). */
export const ANY_ETAG = '*';

/**
 * An eTag that asks for "create only": the write succeeds only when nothing is stored under the
 * key. No storage ever issues it as a real eTag (memory eTags are numbers, blob eTags are quoted
 * hex), so botbuilder's own MemoryStorage also refuses it over an existing item.
 */
export const CREATE_ONLY_ETAG = 'madoguchi:create-only';

/** What a write asks for, read from the item's eTag. */
export type WriteCondition =
  /** No eTag or '*': write whatever is stored. */
  | { readonly kind: 'any' }
  /** CREATE_ONLY_ETAG: write only if nothing is stored. */
  | { readonly kind: 'createOnly' }
  /** A real eTag: write only if the stored item still has it (a missing item does not). */
  | { readonly kind: 'match'; readonly eTag: string };

/** The condition a StoreItem's eTag asks for. A non-string eTag counts as none, as in MemoryStorage. */
export function writeCondition(eTag: unknown): WriteCondition {
  if (typeof eTag !== 'string' || eTag === '' || eTag === ANY_ETAG) return { kind: 'any' };
  if (eTag === CREATE_ONLY_ETAG) return { kind: 'createOnly' };
  return { kind: 'match', eTag };
}

export const STATE_CONFLICT_MESSAGE = "stateStore: conversation state changed in another turn since this turn read it; this turn's changes were not written";

/**
 * A conditional write was refused: another turn (in this process or another instance) wrote
 * the item after this one read it, or created it first. The caller decides; the turn error
 * handler tells the user to send the message again and keeps the stored (newer) state.
 */
export class StateConflictError extends Error {
  override readonly name = 'StateConflictError';

  constructor(
    /** The storage key whose write was refused. */
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(STATE_CONFLICT_MESSAGE, options);
  }
}

/** True for a StateConflictError, also one wrapped once as another error's `cause`. */
export function isStateConflict(error: unknown): boolean {
  if (error instanceof StateConflictError) return true;
  return error instanceof Error && error.cause instanceof StateConflictError;
}
