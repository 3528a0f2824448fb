import type { Storage } from 'botbuilder';

/** An item as a storage holds it: its JSON (without the eTag) and its eTag. */
export interface StoredJson {
  readonly json: string;
  readonly eTag: string;
  /**
   * JSON.parse(json), when the store was given that object with the JSON (writeJson's `parsed`)
   * and no one has read it since: the reader owns it (a store hands it out once), so it need not
   * parse the JSON. Absent otherwise.
   */
  readonly parsed?: Record<string, unknown>;
}

/**
 * A Storage that also reads and writes one item as the JSON text it keeps (issue 11, cost per
 * turn): OptimisticConversationState then parses the state once when it loads it and serializes
 * it once when it saves it, and tells a change by comparing that text with the one it loaded,
 * instead of BotState's two change hashes (each a JSON serialization with a replacer and a
 * SHA-256) and the storage's own serialization on top. BoundedMemoryStorage implements it.
 */
export interface JsonItemStorage extends Storage {
  /** The item under `key`, or undefined when there is none. */
  readJson(key: string): Promise<StoredJson | undefined>;
  /**
   * Stores `json` (an object's JSON.stringify, without eTag) under `key` on the condition `eTag`
   * asks for (writeCondition in stateConflict.ts), and returns the item's new eTag. Throws
   * StateConflictError when the condition does not hold. `parsed`, when given, is exactly
   * JSON.parse(json) and the caller keeps no reference to it: the store may hand it to the next
   * reader of this item instead of the JSON (see StoredJson.parsed), or drop it.
   */
  writeJson(key: string, json: string, eTag: string | undefined, parsed?: Record<string, unknown>): Promise<string>;
}

/** True when the storage offers readJson and writeJson. */
export function isJsonItemStorage(storage: Storage): storage is JsonItemStorage {
  const candidate = storage as Partial<JsonItemStorage>;
  return typeof candidate.readJson === 'function' && typeof candidate.writeJson === 'function';
}
