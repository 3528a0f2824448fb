import { describe, expect, it } from 'vitest';
import { BLOB_PREFIXES, openSharedContainer, type SharedContainer } from '../../src/storage/sharedContainer';
import { BlobStateStorage, MAX_BLOB_NAME_LENGTH } from '../../src/state/blobStateStorage';
import { CREATE_ONLY_ETAG, STATE_CONFLICT_MESSAGE, StateConflictError } from '../../src/state/stateConflict';
import { useAzurite } from '../support/azurite';

const azurite = useAzurite();
let containers = 0;


/** A fresh container per test, so no test sees another's blobs. */
function freshContainer(): SharedContainer {
  return openSharedContainer(azurite.connectionString, `state-test-${++containers}`);
}

async function blobNames(container: SharedContainer): Promise<string[]> {
  const names: string[] = [];
  for await (const blob of container.client.listBlobsFlat()) names.push(blob.name);
  return names.sort();
}

async function blobText(container: SharedContainer, name: string): Promise<string> {
  return (await container.client.getBlockBlobClient(name).downloadToBuffer()).toString('utf8');
}

const KEY = 'emulator/conversations/conv-1/';

describe('BlobStateStorage.read and write', () => {
  it('creates the container on first use and stores one JSON blob per key under state/, without the eTag', async () => {
    const container = freshContainer();
    const storage = new BlobStateStorage({ container });
    const item: Record<string, unknown> = { history: ['パスワードを忘れました', 'コードは [コード] です'], step: 2 };
    await storage.write({ [KEY]: item });
    const name = `${BLOB_PREFIXES.state}${encodeURIComponent(KEY)}.json`;
    expect(await blobNames(container)).toEqual([name]);
    expect(JSON.parse(await blobText(container, name))).toEqual({ history: ['パスワードを忘れました', 'コードは [コード] です'], step: 2 });
    const properties = await container.client.getBlockBlobClient(name).getProperties();
    expect(item.eTag).toBe(properties.etag);
    expect(await storage.read([KEY, 'emulator/conversations/missing/'])).toEqual({ [KEY]: { history: ['パスワードを忘れました', 'コードは [コード] です'], step: 2, eTag: properties.etag } });
  });

  it("another storage object (another instance) over the same container reads what this one wrote", async () => {
    const container = freshContainer();
    await new BlobStateStorage({ container }).write({ [KEY]: { v: 'one' } });
    const other = new BlobStateStorage({ container: openSharedContainer(azurite.connectionString, container.client.containerName) });
    expect((await other.read([KEY]))[KEY]).toMatchObject({ v: 'one' });
  });

  it("overwrites with '*' or no eTag (BotState's default)", async () => {
    const storage = new BlobStateStorage({ container: freshContainer() });
    await storage.write({ [KEY]: { v: 1 } });
    await storage.write({ [KEY]: { v: 2, eTag: '*' } });
    await storage.write({ [KEY]: { v: 3 } });
    expect((await storage.read([KEY]))[KEY]).toMatchObject({ v: 3 });
  });

  it('writes with the eTag it read (ifMatch); the written object gets the new eTag, so a second save matches', async () => {
    const storage = new BlobStateStorage({ container: freshContainer() });
    await storage.write({ [KEY]: { v: 1 } });
    const loaded = (await storage.read([KEY]))[KEY] as Record<string, unknown>;
    const firstETag = loaded.eTag;
    loaded.v = 2;
    await storage.write({ [KEY]: loaded });
    expect(loaded.eTag).not.toBe(firstETag);
    loaded.v = 3;
    await storage.write({ [KEY]: loaded });
    expect((await storage.read([KEY]))[KEY]).toEqual({ v: 3, eTag: loaded.eTag });
  });

  it('refuses a stale eTag (412) with StateConflictError and keeps the newer blob', async () => {
    const storage = new BlobStateStorage({ container: freshContainer() });
    await storage.write({ [KEY]: { v: 1 } });
    const first = (await storage.read([KEY]))[KEY] as Record<string, unknown>;
    const second = (await storage.read([KEY]))[KEY] as Record<string, unknown>;
    await storage.write({ [KEY]: { ...first, v: 'first' } });
    const stale = storage.write({ [KEY]: { ...second, v: 'second' } });
    await expect(stale).rejects.toThrow(StateConflictError);
    await expect(stale).rejects.toThrow(STATE_CONFLICT_MESSAGE);
    await expect(stale).rejects.toMatchObject({ key: KEY });
    expect((await storage.read([KEY]))[KEY]).toMatchObject({ v: 'first' });
  });

  it('refuses an eTag for a blob that is gone (deleted since it was read)', async () => {
    const storage = new BlobStateStorage({ container: freshContainer() });
    await storage.write({ [KEY]: { v: 1 } });
    const loaded = (await storage.read([KEY]))[KEY] as Record<string, unknown>;
    await storage.delete([KEY]);
    await expect(storage.write({ [KEY]: loaded })).rejects.toThrow(StateConflictError);
    expect(await storage.read([KEY])).toEqual({});
  });

  it('CREATE_ONLY_ETAG creates a missing blob (ifNoneMatch) and refuses an existing one (409)', async () => {
    const storage = new BlobStateStorage({ container: freshContainer() });
    const created: Record<string, unknown> = { v: 'first', eTag: CREATE_ONLY_ETAG };
    await storage.write({ [KEY]: created });
    expect(created.eTag).not.toBe(CREATE_ONLY_ETAG);
    await expect(storage.write({ [KEY]: { v: 'second', eTag: CREATE_ONLY_ETAG } })).rejects.toThrow(StateConflictError);
    expect((await storage.read([KEY]))[KEY]).toMatchObject({ v: 'first' });
  });

  it('fails the read of a blob that does not hold a JSON object, naming the blob', async () => {
    const container = freshContainer();
    const storage = new BlobStateStorage({ container });
    await storage.write({ [KEY]: { v: 1 } });
    const name = storage.blobName(KEY);
    await container.client.getBlockBlobClient(name).upload('not json', 8);
    await expect(storage.read([KEY])).rejects.toThrow(`blobStateStorage: blob "${name}" does not hold a JSON object`);
  });
});

describe('BlobStateStorage errors', () => {
  it('a refused request (403) is an error naming the module, the key and the status, never a conflict', async () => {
    const wrongKey = azurite.wrongKeyConnectionString;
    // The container "is ready": the requests themselves are refused.
    const storage = new BlobStateStorage({ container: { client: openSharedContainer(wrongKey, 'refused').client, ready: async () => undefined } });
    await expect(storage.read([KEY])).rejects.toThrow(`blobStateStorage: cannot read "${KEY}": status 403 AuthorizationFailure`);
    const write = storage.write({ [KEY]: { v: 1, eTag: CREATE_ONLY_ETAG } });
    await expect(write).rejects.toThrow(`blobStateStorage: cannot write "${KEY}": status 403 AuthorizationFailure`);
    await expect(write).rejects.not.toBeInstanceOf(StateConflictError);
    await expect(storage.delete([KEY])).rejects.toThrow(`blobStateStorage: cannot delete "${KEY}": status 403 AuthorizationFailure`);
  });

  it('waits for the container: an unusable one fails the request with its own line', async () => {
    const storage = new BlobStateStorage({ container: { client: freshContainer().client, ready: async () => Promise.reject(new Error('sharedContainer: cannot open container "x": status 403 AuthorizationFailure')) } });
    await expect(storage.read([KEY])).rejects.toThrow('sharedContainer: cannot open container "x": status 403 AuthorizationFailure');
  });
});

describe('BlobStateStorage.delete', () => {
  it('deletes, and deleting a missing key is fine', async () => {
    const container = freshContainer();
    const storage = new BlobStateStorage({ container });
    await storage.write({ [KEY]: { v: 1 }, other: { v: 2 } });
    await storage.delete([KEY, 'never-written']);
    expect(await blobNames(container)).toEqual([storage.blobName('other')]);
  });
});

describe('BlobStateStorage.blobName', () => {
  const storage = new BlobStateStorage({ container: { client: undefined as never, ready: async () => undefined } });

  it('URI-encodes the key under the prefix and ends in .json (never in "." or "/")', () => {
    expect(storage.blobName('msteams/conversations/a:1xyz;messageid=1/')).toBe('state/msteams%2Fconversations%2Fa%3A1xyz%3Bmessageid%3D1%2F.json');
    expect(storage.blobName('../.')).toBe('state/..%2F..json');
    expect(new BlobStateStorage({ container: { client: undefined as never, ready: async () => undefined }, prefix: 'other/' }).blobName('k')).toBe('other/k.json');
  });

  it('names a key too long to spell out by its SHA-256, so two long keys never share a blob', () => {
    const long = (tail: string) => `webchat/conversations/${'会話'.repeat(200)}${tail}/`;
    const a = storage.blobName(long('a'));
    const b = storage.blobName(long('b'));
    expect(a).toMatch(/^state\/sha256\/[0-9a-f]{64}\.json$/);
    expect(a).not.toBe(b);
    const longest = `k${'x'.repeat(MAX_BLOB_NAME_LENGTH - 'state/'.length - '.json'.length - 1)}`;
    expect(storage.blobName(longest)).toBe(`state/${longest}.json`);
    expect(storage.blobName(longest).length).toBe(MAX_BLOB_NAME_LENGTH);
    expect(storage.blobName(`${longest}y`)).toMatch(/^state\/sha256\//);
  });

  it('stores and reads back under a hashed name', async () => {
    const key = `webchat/conversations/${'会話'.repeat(200)}/`;
    const container = freshContainer();
    const real = new BlobStateStorage({ container });
    await real.write({ [key]: { v: 1 } });
    expect((await real.read([key]))[key]).toMatchObject({ v: 1 });
    expect(await blobNames(container)).toEqual([real.blobName(key)]);
  });
});
