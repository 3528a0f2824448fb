import type { BlockBlobClient } from '@azure/storage-blob';
import { checkDocumentName, type CreateOutcome, type DocumentStore, type ReplaceOutcome, type VersionedDocument } from './documentStore';
import { describeStorageError, storageStatus, type SharedContainer } from './sharedContainer';
import { errorMessage } from '../errors';

const MODULE = 'blobDocumentStore';
const CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * One blob per document under a prefix of the shared container (STATE_STORE=blob), so every
 * instance sees the same documents. Atomicity comes from the service's conditional requests:
 * create is an upload with `If-None-Match: *` (409 or 412 when the blob exists), replace an
 * upload with `If-Match: <eTag>` (412 when someone else wrote it meanwhile). Errors name the
 * status and code only, never the request (it carries the account's URL and signature).
 */
export class BlobDocumentStore implements DocumentStore {
  readonly location: string;

  /** `prefix` ends with '/' (BLOB_PREFIXES.tickets, …); the container is created on first use. */
  constructor(
    private readonly container: SharedContainer,
    readonly prefix: string,
  ) {
    if (!prefix.endsWith('/')) throw new Error(`${MODULE}: prefix must end with "/" (got ${JSON.stringify(prefix)})`);
    this.location = `${container.client.containerName}/${prefix}`;
  }

  async create(name: string, text: string): Promise<CreateOutcome> {
    const blob = await this.blob(name);
    try {
      await blob.upload(text, Buffer.byteLength(text), { conditions: { ifNoneMatch: '*' }, blobHTTPHeaders: { blobContentType: CONTENT_TYPE } });
      return 'created';
    } catch (err) {
      const status = storageStatus(err);
      if (status === 409 || status === 412) return 'exists';
      throw this.failure('write', name, err);
    }
  }

  async put(name: string, text: string): Promise<void> {
    const blob = await this.blob(name);
    try {
      await blob.upload(text, Buffer.byteLength(text), { blobHTTPHeaders: { blobContentType: CONTENT_TYPE } });
    } catch (err) {
      throw this.failure('write', name, err);
    }
  }

  async get(name: string): Promise<string | undefined> {
    return (await this.read(name))?.text;
  }

  async read(name: string): Promise<VersionedDocument | undefined> {
    const blob = await this.blob(name);
    try {
      const response = await blob.download();
      const text = (await readAll(response.readableStreamBody)).toString('utf8');
      if (response.etag === undefined) throw new Error('no eTag in the response');
      return { text, version: response.etag };
    } catch (err) {
      if (storageStatus(err) === 404) return undefined;
      throw this.failure('read', name, err);
    }
  }

  async replace(name: string, text: string, version: string): Promise<ReplaceOutcome> {
    const blob = await this.blob(name);
    try {
      const response = await blob.upload(text, Buffer.byteLength(text), { conditions: { ifMatch: version }, blobHTTPHeaders: { blobContentType: CONTENT_TYPE } });
      if (response.etag === undefined) throw new Error('no eTag in the response');
      return { kind: 'replaced', version: response.etag };
    } catch (err) {
      // 412: written since; 404: removed since (If-Match on a missing blob).
      const status = storageStatus(err);
      if (status === 412 || status === 404) return { kind: 'changed' };
      throw this.failure('write', name, err);
    }
  }

  async list(): Promise<string[]> {
    await this.ready();
    const names: string[] = [];
    try {
      for await (const item of this.container.client.listBlobsFlat({ prefix: this.prefix })) {
        const name = item.name.slice(this.prefix.length);
        // Deeper paths are not this store's documents.
        if (!name.includes('/')) names.push(name);
      }
    } catch (err) {
      throw new Error(`${MODULE}: cannot list ${this.location}: ${describeStorageError(err)}`);
    }
    return names;
  }

  async remove(name: string): Promise<void> {
    const blob = await this.blob(name);
    try {
      await blob.deleteIfExists();
    } catch (err) {
      throw this.failure('remove', name, err);
    }
  }

  private async blob(name: string): Promise<BlockBlobClient> {
    checkDocumentName(MODULE, name);
    await this.ready();
    return this.container.client.getBlockBlobClient(`${this.prefix}${name}`);
  }

  private async ready(): Promise<void> {
    try {
      await this.container.ready();
    } catch (err) {
      // sharedContainer's message already names the container and the status.
      throw new Error(`${MODULE}: ${errorMessage(err)}`);
    }
  }

  private failure(action: 'read' | 'write' | 'remove', name: string, err: unknown): Error {
    return new Error(`${MODULE}: cannot ${action} ${name} in ${this.location}: ${describeStorageError(err)}`);
  }
}

async function readAll(stream: NodeJS.ReadableStream | undefined): Promise<Buffer> {
  if (!stream) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}
