import { ConversationState, type StatePropertyAccessor, type Storage, type TurnContext } from 'botbuilder';
import { isJsonItemStorage, type JsonItemStorage } from './jsonItemStorage';
import { jsonCopy } from './jsonCopy';
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
 * Only public and protected members of BotState are used: the turn's loaded eTag and JSON are
 * kept under this class's own turnState key.
 */

/** What this turn loaded: the state object, the eTag it was stored with (none: new), and its JSON then or at the last save. */
interface LoadedState {
  readonly state: Record<string, unknown>;
  readonly eTag: string | undefined;
  /** The state's JSON without its eTag: a save compares it with the state's JSON now to tell a change. */
  readonly json: string;
}

export const ETAG_NOT_REPORTED_ERROR = 'optimisticConversationState: the storage did not give the written state its new eTag; use BoundedMemoryStorage or BlobStateStorage';

/** The state's JSON without its eTag (what the storages store), to tell a change and, with a JsonItemStorage, to write. */
function serialize(state: Record<string, unknown>): string {
  const { eTag: _eTag, ...rest } = state;
  return JSON.stringify(rest);
}

/** JSON.parse(serialize(state)) made without the text (see jsonCopy), or undefined when the state holds a value whose JSON round trip is not plain. */
function copyWithoutETag(state: Record<string, unknown>): Record<string, unknown> | undefined {
  const { eTag: _eTag, ...rest } = state;
  return jsonCopy(rest);
}

export class OptimisticConversationState extends ConversationState {
  private readonly loadedKey = Symbol('optimisticConversationState.loaded');
  /** The storage's JSON interface when it has one (BoundedMemoryStorage): one parse per load, one serialization per save. */
  private readonly jsonStorage: JsonItemStorage | undefined;

  constructor(storage: Storage, namespace = '') {
    super(storage, namespace);
    this.jsonStorage = isJsonItemStorage(storage) ? storage : undefined;
  }

  /**
   * Loads as BotState does, and remembers the eTag and the JSON of what was read. Reads the
   * storage itself rather than through BotState.load, which would hash the whole state (a JSON
   * serialization with a replacer, then SHA-256) for a change hash this class never uses. The
   * object read becomes the turn's cached state through clear(), BotState's public way to set it.
   * With a JsonItemStorage the stored text is parsed once and kept as the loaded JSON, so a turn
   * that changes nothing serializes the state only once, to compare it when it saves. Not even
   * parsed when the store hands back the copy of it this conversation's last save gave it (the
   * memory store does, for its most recently written items: see saveChanges and jsonCopy.ts).
   */
  override async load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
    const cached = this.get(context) as Record<string, unknown> | undefined;
    if (!force && cached !== undefined) return cached;
    const key = await this.storageKey(context);
    if (this.jsonStorage) {
      const stored = await this.jsonStorage.readJson(key);
      await this.clear(context);
      const state = (this.get(context) ?? {}) as Record<string, unknown>;
      if (stored === undefined) {
        this.remember(context, state, undefined, serialize(state));
        return state;
      }
      // The copy this conversation's last save left with the store (see saveChanges), or the JSON parsed.
      Object.assign(state, stored.parsed ?? (JSON.parse(stored.json) as Record<string, unknown>));
      state.eTag = stored.eTag;
      this.remember(context, state, stored.eTag, stored.json);
      return state;
    }
    const items = await this.storage.read([key]);
    await this.clear(context);
    const state = (this.get(context) ?? {}) as Record<string, unknown>;
    Object.assign(state, items[key] as Record<string, unknown> | undefined);
    this.remember(context, state, typeof state.eTag === 'string' ? state.eTag : undefined, serialize(state));
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
    // Serialized once: the write changes only the eTag, which the JSON leaves out, so it is also the JSON after the save.
    let json = state === undefined ? undefined : serialize(state);
    const changed = state !== undefined && (loaded === undefined || loaded.state !== state || loaded.json !== json);
    if (!force && !changed) return;
    if (state === undefined || json === undefined) {
      // A forced save with nothing loaded writes an empty state, as BotState does.
      await this.clear(context);
      state = (this.get(context) ?? {}) as Record<string, unknown>;
      json = serialize(state);
    }
    // The next turn of this conversation starts from a copy of what is saved, which costs a fraction
    // of parsing the JSON again (jsonCopy.ts). Made before the next await, from the state `json` was made from.
    const parsed = this.jsonStorage ? copyWithoutETag(state) : undefined;
    // Nothing read in this turn (a forced save, clear() before any load): nothing to compare with, so it overwrites, as BotState does.
    const sent = loaded === undefined ? ANY_ETAG : (loaded.eTag ?? CREATE_ONLY_ETAG);
    const key = await this.storageKey(context);
    let written: unknown;
    if (this.jsonStorage) {
      written = await this.jsonStorage.writeJson(key, json, sent, parsed);
      state.eTag = written;
    } else {
      state.eTag = sent;
      await this.storage.write({ [key]: state });
      written = state.eTag;
    }
    if (typeof written !== 'string' || written === sent) throw new Error(ETAG_NOT_REPORTED_ERROR);
    this.remember(context, state, written, json);
  }

  /** A property accessor that reads the turn's loaded state without a load call once it is loaded (see TurnStatePropertyAccessor). */
  override createProperty<T = unknown>(name: string): StatePropertyAccessor<T> {
    return new TurnStatePropertyAccessor<T>(this, name);
  }

  /** Deletes as BotState does; the next load reads afresh. */
  override async delete(context: TurnContext): Promise<void> {
    context.turnState.delete(this.loadedKey);
    await super.delete(context);
  }

  private remember(context: TurnContext, state: Record<string, unknown>, eTag: string | undefined, json: string): void {
    const loaded: LoadedState = { state, eTag, json };
    context.turnState.set(this.loadedKey, loaded);
  }
}

/**
 * BotStatePropertyAccessor's get, set and delete, with the same results, for a state the turn has
 * usually loaded already: BotStatePropertyAccessor awaits `load` (which returns the cached object)
 * inside a generator-based async function at every call, and a turn makes a score of these calls
 * (the dialog stack, the root's memory, the history, each several times). This one reads the cached
 * object directly and loads only when there is none.
 */
class TurnStatePropertyAccessor<T> implements StatePropertyAccessor<T> {
  constructor(
    private readonly state: OptimisticConversationState,
    private readonly name: string,
  ) {}

  get(context: TurnContext): Promise<T | undefined>;
  get(context: TurnContext, defaultValue: T): Promise<T>;
  async get(context: TurnContext, defaultValue?: T): Promise<T | undefined> {
    const obj = this.loadedState(context) ?? (await this.state.load(context));
    if (!Object.prototype.hasOwnProperty.call(obj, this.name) && defaultValue !== undefined) {
      // As BotStatePropertyAccessor: an object default is stored as a copy, never the caller's object.
      obj[this.name] = typeof defaultValue === 'object' ? (JSON.parse(JSON.stringify(defaultValue)) as unknown) : defaultValue;
    }
    return obj[this.name] as T | undefined;
  }

  async set(context: TurnContext, value: T): Promise<void> {
    const obj = this.loadedState(context) ?? (await this.state.load(context));
    obj[this.name] = value;
  }

  async delete(context: TurnContext): Promise<void> {
    const obj = this.loadedState(context) ?? (await this.state.load(context));
    if (Object.prototype.hasOwnProperty.call(obj, this.name)) delete obj[this.name];
  }

  /** The state object the turn has loaded, if it has (synchronous, so the usual path awaits nothing). */
  private loadedState(context: TurnContext): Record<string, unknown> | undefined {
    return this.state.get(context) as Record<string, unknown> | undefined;
  }
}
