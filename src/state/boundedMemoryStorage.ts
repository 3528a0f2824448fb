import type { StoreItems } from 'botbuilder';
import type { JsonItemStorage, StoredJson } from './jsonItemStorage';
import { StateConflictError, writeCondition } from './stateConflict';

/**
 * The default state store of a single instance (STATE_STORE=memory, issue 11): botbuilder's
 * MemoryStorage with a bound, so a long-running bot's memory stays flat however many
 * conversations it has seen.
 *
 * Like MemoryStorage, items are kept as JSON strings (a caller never holds the stored object,
 * so a change is not stored until written) and carry eTags: '*' or no eTag overwrites, a stale
 * eTag is refused. Unlike it:
 * - an item not read or written for `idleMs` is gone, and at most `maxItems` are kept, the least
 *   recently used dropped first;
 * - a refused write throws StateConflictError, and a conditional write to a missing item is
 *   refused too (as Azure Blob Storage does), so the memory and blob stores behave alike under
 *   OptimisticConversationState; CREATE_ONLY_ETAG writes only when nothing is stored;
 * - a written item gets its new eTag (MemoryStorage sets it on a copy only), so a second save
 *   in the same turn is not taken for a conflict;
 * - a write of several items checks them all before writing any;
 * - writeJson may leave an exact parsed copy of the item (one its caller gave up), which the next
 *   readJson hands over instead of the text being parsed again; the store then forgets it, so it
 *   never holds an object a caller holds (see DEFAULT_MAX_PARSED_COPIES).
 *
 * The Map's insertion order is the recency order (an item is re-inserted whenever it is used),
 * so dropping the least recently used item and sweeping expired ones both start at the front:
 * O(1) per operation, amortized, with no timer that would keep the process alive.
 */

/** Time after which an item no one read or wrote is gone: 4 hours (a conversation a person left); the app passes STATE_MEMORY_IDLE_MS, whose default is the same. */
export const DEFAULT_IDLE_MS = 4 * 3_600_000;
/** Most items kept: 10,000 (STATE_MEMORY_MAX_CONVERSATIONS's default; a 10-16 KB state takes about 30 KB of memory (JSON with Japanese text is a two-byte string), so about 300 MB at most). */
export const DEFAULT_MAX_ITEMS = 10_000;

export interface BoundedMemoryStorageOptions {
  /** Time in ms after which an item not read or written is gone; default DEFAULT_IDLE_MS. */
  idleMs?: number;
  /** Most items kept; beyond it the least recently used one is dropped. Default DEFAULT_MAX_ITEMS. */
  maxItems?: number;
  /** A monotonic clock in ms (tests pass a fake one); default performance.now, which wall-clock changes do not move. */
  now?: () => number;
}

/**
 * Most items whose parsed copy (StoredJson.parsed) is kept beside their JSON: those written last,
 * whose conversations are the ones going on. The others are parsed when read, as before. The bound
 * keeps the copies' memory small next to the JSON of up to maxItems conversations: a copy shares
 * its strings with the turn that saved it, and 1,000 copies of 16 KB states are a few tens of MB.
 */
export const DEFAULT_MAX_PARSED_COPIES = 1_000;

interface Entry {
  /** The item without its eTag, as JSON. */
  readonly json: string;
  readonly eTag: string;
  /** When it was last read or written (options.now). */
  usedAt: number;
  /** JSON.parse(json) as writeJson was given it, until a reader takes it (readJson) or the bound drops it. */
  parsed?: Record<string, unknown>;
}

export class BoundedMemoryStorage implements JsonItemStorage {
  private readonly items = new Map<string, Entry>();
  /** The entries holding a parsed copy, oldest first (at most DEFAULT_MAX_PARSED_COPIES); an entry replaced or dropped from items may linger here until pushed out, unreachable by readers. */
  private readonly withParsed = new Map<string, Entry>();
  private readonly idleMs: number;
  private readonly maxItems: number;
  private readonly now: () => number;
  private lastETag = 0;

  constructor(options: BoundedMemoryStorageOptions = {}) {
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.maxItems = options.maxItems ?? DEFAULT_MAX_ITEMS;
    if (!(this.idleMs > 0)) throw new RangeError(`boundedMemoryStorage: idleMs must be a positive number of ms (got ${this.idleMs})`);
    if (!Number.isInteger(this.maxItems) || this.maxItems < 1) throw new RangeError(`boundedMemoryStorage: maxItems must be a positive integer (got ${this.maxItems})`);
    this.now = options.now ?? (() => performance.now());
  }

  /** Items held now (expired ones not yet swept included). */
  get size(): number {
    return this.items.size;
  }

  /** The keys from least to most recently used (for tests and diagnostics). */
  keys(): string[] {
    return [...this.items.keys()];
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('boundedMemoryStorage: keys are required when reading');
    const now = this.sweep();
    const found: StoreItems = {};
    for (const key of keys) {
      const entry = this.live(key, now);
      if (!entry) continue;
      this.touch(key, entry, now);
      found[key] = { ...(JSON.parse(entry.json) as object), eTag: entry.eTag };
    }
    return found;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('boundedMemoryStorage: changes are required when writing');
    const now = this.sweep();
    const keys = Object.keys(changes);
    // Every condition first: a refused write leaves all of them unwritten.
    for (const key of keys) this.check(key, (changes[key] as { eTag?: unknown } | undefined)?.eTag, now);
    for (const key of keys) {
      const item = changes[key] as Record<string, unknown>;
      const { eTag: _ignored, ...rest } = item;
      // The caller's object now carries the stored eTag, as the blob store's does.
      item.eTag = this.store(key, JSON.stringify(rest), now);
    }
    this.trim();
  }

  /** The item's JSON as stored (no parse), for OptimisticConversationState. */
  async readJson(key: string): Promise<StoredJson | undefined> {
    const now = this.sweep();
    const entry = this.live(key, now);
    if (!entry) return undefined;
    this.touch(key, entry, now);
    const { parsed } = entry;
    if (parsed === undefined) return { json: entry.json, eTag: entry.eTag };
    // Handed out once: the reader owns it from now on, and a later reader parses the JSON.
    entry.parsed = undefined;
    if (this.withParsed.get(key) === entry) this.withParsed.delete(key);
    return { json: entry.json, eTag: entry.eTag, parsed };
  }

  /** Stores `json` (an object's JSON, without eTag) as `write` would store that object, with `parsed` (see JsonItemStorage) for its next reader; returns its new eTag. */
  async writeJson(key: string, json: string, eTag: string | undefined, parsed?: Record<string, unknown>): Promise<string> {
    const now = this.sweep();
    this.check(key, eTag, now);
    const written = this.store(key, json, now);
    if (parsed !== undefined) this.keepParsed(key, parsed);
    this.trim();
    return written;
  }

  /** Keeps `parsed` with the entry just stored under `key`, dropping the oldest copy beyond DEFAULT_MAX_PARSED_COPIES. */
  private keepParsed(key: string, parsed: Record<string, unknown>): void {
    const entry = this.items.get(key);
    if (entry === undefined) return;
    entry.parsed = parsed;
    this.withParsed.delete(key);
    this.withParsed.set(key, entry);
    if (this.withParsed.size > DEFAULT_MAX_PARSED_COPIES) {
      const oldest = this.withParsed.entries().next();
      if (!oldest.done) {
        oldest.value[1].parsed = undefined;
        this.withParsed.delete(oldest.value[0]);
      }
    }
  }

  /** Throws StateConflictError when the condition `eTag` asks for (see stateConflict.ts) does not hold. */
  private check(key: string, eTag: unknown, now: number): void {
    const condition = writeCondition(eTag);
    const stored = this.live(key, now);
    const refused = condition.kind === 'createOnly' ? stored !== undefined : condition.kind === 'match' && stored?.eTag !== condition.eTag;
    if (refused) throw new StateConflictError(key);
  }

  /** Stores the JSON as the most recently used entry under a new eTag, and returns that eTag. */
  private store(key: string, json: string, now: number): string {
    const eTag = String(++this.lastETag);
    this.items.delete(key);
    this.items.set(key, { json, eTag, usedAt: now });
    return eTag;
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('boundedMemoryStorage: keys are required when deleting');
    for (const key of keys) {
      this.items.delete(key);
      this.withParsed.delete(key);
    }
    this.sweep();
  }

  /** The entry under key unless it expired (then it is removed). */
  private live(key: string, now: number): Entry | undefined {
    const entry = this.items.get(key);
    if (entry && now - entry.usedAt >= this.idleMs) {
      this.items.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Marks an entry used now: the most recently used, last in the Map. */
  private touch(key: string, entry: Entry, now: number): void {
    entry.usedAt = now;
    this.items.delete(key);
    this.items.set(key, entry);
  }

  /**
   * Removes expired entries from the front (the least recently used) and stops at the first
   * live one: O(1) when nothing expired, and each entry is swept at most once. Returns now.
   */
  private sweep(): number {
    const now = this.now();
    for (const [key, entry] of this.items) {
      if (now - entry.usedAt < this.idleMs) break;
      this.items.delete(key);
    }
    return now;
  }

  /** Drops the least recently used entries beyond maxItems. */
  private trim(): void {
    for (const key of this.items.keys()) {
      if (this.items.size <= this.maxItems) break;
      this.items.delete(key);
    }
  }
}
