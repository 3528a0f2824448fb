import { ConversationState, calculateChangeHash, type Storage, type TurnContext } from 'botbuilder';
import { ANY_ETAG, CREATE_ONLY_ETAG } from './stateConflict';

/**
 * ConversationState whose saves cannot silently undo another turn (issue 11).
 *
 * BotState.saveChanges writes with eTag '*': when two turns of one conversation run at once
 * (two instances behind a load balancer, or a retry racing the original), the later save
 * overwrites the earlier one and a step is lost without a trace. This class writes with the
 * eTag the state was loaded with instead, or CREATE_ONLY_ETAG when nothing was stored, so the
 * later save fails with StateConflictError and the turn error handler asks the user to send
 * the message again; the stored state (the other turn's) is kept.
 *
 * The storage must give a written item its new eTag (BoundedMemoryStorage and BlobStateStorage
 * do; botbuilder's MemoryStorage does not), so that a second save in the same turn matches.
 * Only public and protected members of BotState are used: the turn's loaded eTag and change
 * hash are kept under this class's own turnState key.
 */

/** What this turn loaded: the state object, the eTag it was stored with (none: new), and its hash then or at the last save. */
interface LoadedState {
  readonly state: Record<string, unknown>;
  readonly eTag: string | undefined;
  readonly hash: string;
}

export const ETAG_NOT_REPORTED_ERROR = 'optimisticConversationState: the storage did not give the written state its new eTag; use BoundedMemoryStorage or BlobStateStorage';

export class OptimisticConversationState extends ConversationState {
  private readonly loadedKey = Symbol('optimisticConversationState.loaded');

  constructor(storage: Storage, namespace = '') {
    super(storage, namespace);
  }

  /**
   * Loads as BotState does, and remembers the eTag of what was read. Reads the storage itself
   * rather than through BotState.load, which would hash the whole state a second time (its own
   * change hash is never used: saveChanges below compares with this class's). The object read
   * becomes the turn's cached state through clear(), BotState's public way to set it.
   */
  override async load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
    const cached = this.get(context) as Record<string, unknown> | undefined;
    if (!force && cached !== undefined) return cached;
    const key = await this.storageKey(context);
    const items = await this.storage.read([key]);
    await this.clear(context);
    const state = (this.get(context) ?? {}) as Record<string, unknown>;
    Object.assign(state, items[key] as Record<string, unknown> | undefined);
    this.remember(context, state, typeof state.eTag === 'string' ? state.eTag : undefined);
    return state;
  }

  /**
   * Writes the state if it changed (or `force`), with the eTag it was loaded with, or
   * CREATE_ONLY_ETAG when it did not exist. Throws StateConflictError (from the storage) when
   * another turn wrote it in between; the cached state is then left unsaved.
   */
  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    let state = this.get(context) as Record<string, unknown> | undefined;
    const loaded = context.turnState.get(this.loadedKey) as LoadedState | undefined;
    // Hashed once: the write changes only the eTag, which the hash leaves out, so it is also the hash after the save.
    let hash = state === undefined ? undefined : calculateChangeHash(state);
    const changed = state !== undefined && (loaded === undefined || loaded.state !== state || loaded.hash !== hash);
    if (!force && !changed) return;
    if (state === undefined) {
      // A forced save with nothing loaded writes an empty state, as BotState does.
      await this.clear(context);
      state = (this.get(context) ?? {}) as Record<string, unknown>;
      hash = calculateChangeHash(state);
    }
    // Nothing read in this turn (a forced save, clear() before any load): nothing to compare with, so it overwrites, as BotState does.
    const sent = loaded === undefined ? ANY_ETAG : (loaded.eTag ?? CREATE_ONLY_ETAG);
    state.eTag = sent;
    const key = await this.storageKey(context);
    await this.storage.write({ [key]: state });
    const written = state.eTag;
    if (typeof written !== 'string' || written === sent) throw new Error(ETAG_NOT_REPORTED_ERROR);
    this.remember(context, state, written, hash);
  }

  /** Deletes as BotState does; the next load reads afresh. */
  override async delete(context: TurnContext): Promise<void> {
    context.turnState.delete(this.loadedKey);
    await super.delete(context);
  }

  private remember(context: TurnContext, state: Record<string, unknown>, eTag: string | undefined, hash = calculateChangeHash(state)): void {
    const loaded: LoadedState = { state, eTag, hash };
    context.turnState.set(this.loadedKey, loaded);
  }
}
