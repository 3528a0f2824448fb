import { createHash } from 'node:crypto';
import type { BlobRequestConditions } from '@azure/storage-blob';
import type { Storage, StoreItems } from 'botbuilder';
import { BLOB_PREFIXES, describeStorageError, storageStatus, type SharedContainer } from '../storage/sharedContainer';
import { StateConflictError, writeCondition, type WriteCondition } from './stateConflict';

/**
 * Conversation state in Azure Blob Storage (STATE_STORE=blob, issue 11): one JSON blob per
 * storage key under BLOB_PREFIXES.state of the container every instance shares, so a
 * conversation survives a restart and continues on whichever instance the channel reaches.
 *
 * Written on @azure/storage-blob directly rather than botbuilder-azure-blobs' BlobsStorage,
 * which cannot serve OptimisticConversationState:
 * - it cannot express "create only": it sends `ifMatch` when the eTag is not '*' and nothing
 *   otherwise, so the first save of a new conversation by two instances at once would let the
 *   later one overwrite the other's (here CREATE_ONLY_ETAG sends `ifNoneMatch: '*'`);
 * - it does not give the written object its new eTag, so a second save in the same turn (the
 *   history middleware saves after the bot does) would be taken for a conflict;
 * - it throws a plain Error on a conflict, which a turn error handler can only tell by its text,
 *   and it truncates long keys to 1,024 characters, so two long keys could share one blob;
 * - it has no prefix, and the container is shared with tickets, events and limits.
 *
 * Reads return each item with its blob's eTag (never stored in the JSON). Writes honour the
 * item's eTag (see stateConflict.ts): none or '*' overwrites (what BotState sends), a real eTag
 * becomes `ifMatch`, CREATE_ONLY_ETAG `ifNoneMatch: '*'`; a refused conditional write (412, or
 * 409 "already exists") throws StateConflictError. Deleting a missing item is fine.
 */

/** Longest blob name Azure accepts, in characters. */
export const MAX_BLOB_NAME_LENGTH = 1_024;
/** What a blob's name ends with: the content type, and never a '.' or '/' (which Azure advises against). */
const BLOB_SUFFIX = '.json';
/** Folder (under the prefix) of keys too long to spell out: their SHA-256. encodeURIComponent never writes a '/', so no spelled-out key lands there. */
const HASHED_FOLDER = 'sha256/';

export interface BlobStateStorageOptions {
  /** The shared container (openSharedContainer); its ready() is awaited before the first request. */
  container: SharedContainer;
  /** Folder of these items in the container; default BLOB_PREFIXES.state ('state/'). */
  prefix?: string;
}

export class BlobStateStorage implements Storage {
  private readonly container: SharedContainer;
  private readonly prefix: string;

  constructor(options: BlobStateStorageOptions) {
    this.container = options.container;
    this.prefix = options.prefix ?? BLOB_PREFIXES.state;
  }

  /**
   * The blob name of a key: the prefix, the key URI-encoded, '.json'. A key whose name would
   * exceed MAX_BLOB_NAME_LENGTH is named by its SHA-256 instead (never truncated: two keys
   * must never share a blob).
   */
  blobName(key: string): string {
    const spelled = `${this.prefix}${encodeURIComponent(key)}${BLOB_SUFFIX}`;
    if (spelled.length <= MAX_BLOB_NAME_LENGTH) return spelled;
    return `${this.prefix}${HASHED_FOLDER}${createHash('sha256').update(key, 'utf8').digest('hex')}${BLOB_SUFFIX}`;
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('blobStateStorage: keys are required when reading');
    await this.container.ready();
    const found: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        const item = await this.readOne(key);
        if (item) found[key] = item;
      }),
    );
    return found;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('blobStateStorage: changes are required when writing');
    await this.container.ready();
    await Promise.all(Object.entries(changes).map(([key, item]) => this.writeOne(key, item as Record<string, unknown>)));
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('blobStateStorage: keys are required when deleting');
    await this.container.ready();
    await Promise.all(
      keys.map(async (key) => {
        try {
          await this.container.client.getBlockBlobClient(this.blobName(key)).deleteIfExists();
        } catch (err) {
          throw new Error(`blobStateStorage: cannot delete "${key}": ${describeStorageError(err)}`, { cause: err });
        }
      }),
    );
  }

  private async readOne(key: string): Promise<Record<string, unknown> | undefined> {
    const name = this.blobName(key);
    let text: string;
    let eTag: string | undefined;
    try {
      // One request: the content and its eTag come from the same version of the blob.
      const response = await this.container.client.getBlockBlobClient(name).download(0);
      eTag = response.etag;
      text = await readText(response.readableStreamBody);
    } catch (err) {
      if (storageStatus(err) === 404) return undefined;
      throw new Error(`blobStateStorage: cannot read "${key}": ${describeStorageError(err)}`, { cause: err });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    // A broken blob fails the turn (whose error handler then clears the state) instead of being taken for a new conversation.
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`blobStateStorage: blob "${name}" does not hold a JSON object`);
    return { ...(parsed as Record<string, unknown>), ...(eTag ? { eTag } : {}) };
  }

  private async writeOne(key: string, item: Record<string, unknown>): Promise<void> {
    const { eTag: _sent, ...rest } = item;
    const condition = writeCondition(item.eTag);
    const body = JSON.stringify(rest);
    let written: string | undefined;
    try {
      const response = await this.container.client.getBlockBlobClient(this.blobName(key)).upload(body, Buffer.byteLength(body, 'utf8'), {
        conditions: blobConditions(condition),
        blobHTTPHeaders: { blobContentType: 'application/json; charset=utf-8' },
      });
      written = response.etag;
    } catch (err) {
      const status = storageStatus(err);
      if (condition.kind !== 'any' && (status === 412 || status === 409)) throw new StateConflictError(key, { cause: err });
      throw new Error(`blobStateStorage: cannot write "${key}": ${describeStorageError(err)}`, { cause: err });
    }
    // The caller's object now carries the blob's eTag: its next save in this turn matches it.
    if (written) item.eTag = written;
  }
}

/** The request conditions of a write. */
function blobConditions(condition: WriteCondition): BlobRequestConditions {
  switch (condition.kind) {
    case 'any':
      return {};
    case 'createOnly':
      return { ifNoneMatch: '*' };
    case 'match':
      return { ifMatch: condition.eTag };
  }
}

async function readText(stream: NodeJS.ReadableStream | undefined): Promise<string> {
  if (!stream) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
