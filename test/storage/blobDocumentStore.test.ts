import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BlobDocumentStore } from '../../src/storage/blobDocumentStore';
import { openSharedContainer } from '../../src/storage/sharedContainer';
import { useAzurite } from '../support/azurite';

const azurite = useAzurite();

/** A fresh container per test, opened through its own client (as another instance would). */
function freshContainerName(): string {
  return `docs-${randomBytes(6).toString('hex')}`;
}
function storeOn(container: string, prefix = 'tickets/'): BlobDocumentStore {
  return new BlobDocumentStore(openSharedContainer(azurite.connectionString, container), prefix);
}

describe('BlobDocumentStore.create', () => {
  it('creates a document once; a second create says exists and leaves the first text', async () => {
    const store = storeOn(freshContainerName());
    expect(await store.create('a.json', 'first')).toBe('created');
    expect(await store.create('a.json', 'second')).toBe('exists');
    expect(await store.get('a.json')).toBe('first');
  });

  it('lets exactly one of two stores (two clients) racing to create one name win', async () => {
    const name = freshContainerName();
    const one = storeOn(name);
    const two = storeOn(name);
    // Both containers ready first, so the race is on the blob, not on creating the container.
    await Promise.all([one.list(), two.list()]);
    for (let round = 0; round < 5; round++) {
      const outcomes = await Promise.all([one.create(`race-${round}.json`, 'one'), two.create(`race-${round}.json`, 'two'), one.create(`race-${round}.json`, 'one again'), two.create(`race-${round}.json`, 'two again')]);
      expect(outcomes.filter((o) => o === 'created')).toHaveLength(1);
      const winner = ['one', 'two', 'one again', 'two again'][outcomes.indexOf('created')];
      expect(await two.get(`race-${round}.json`)).toBe(winner);
    }
  });
});

describe('BlobDocumentStore.put, get, read, replace, remove, list', () => {
  it('replaces only at the eTag read (compare and swap)', async () => {
    const name = freshContainerName();
    const store = storeOn(name);
    const other = storeOn(name);
    await store.put('e.json', 'v1');
    const read = await store.read('e.json');
    if (!read) throw new Error('not stored');
    const outcomes = await Promise.all([store.replace('e.json', 'a', read.version), other.replace('e.json', 'b', read.version)]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['changed', 'replaced']);
    const winner = outcomes.find((o) => o.kind === 'replaced');
    expect(winner?.kind === 'replaced' && winner.version).toBe((await store.read('e.json'))?.version);
    await store.remove('e.json');
    expect(await store.replace('e.json', 'c', read.version)).toEqual({ kind: 'changed' });
    expect(await store.get('e.json')).toBeUndefined();
  });

  it('answers undefined and [] for what is not there; removing a missing document is fine', async () => {
    const store = storeOn(freshContainerName());
    expect(await store.get('none.json')).toBeUndefined();
    expect(await store.read('none.json')).toBeUndefined();
    expect(await store.list()).toEqual([]);
    await store.remove('none.json');
  });

  it('lists the documents of its prefix only', async () => {
    const name = freshContainerName();
    const tickets = storeOn(name, 'tickets/');
    const outbox = storeOn(name, 'outbox/');
    await tickets.put('one.json', '1');
    await tickets.put('two.json', '2');
    await outbox.put('three.json', '3');
    await openSharedContainer(azurite.connectionString, name).client.getBlockBlobClient('tickets/deeper/four.json').upload('4', 1);
    expect((await tickets.list()).sort()).toEqual(['one.json', 'two.json']);
    expect(await outbox.list()).toEqual(['three.json']);
    expect(tickets.location).toBe(`${name}/tickets/`);
  });

  it.each(['../escape.json', 'a/b.json', '.hidden.json', 'x.json.tmp'])('refuses the name %j', async (name) => {
    await expect(storeOn(freshContainerName()).put(name, 'x')).rejects.toThrow('blobDocumentStore: invalid document name');
  });

  it('says which container it could not open, with the status, never the connection string', async () => {
    const error = await storeOn('Not_A_Valid_Name').get('a.json').then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(Error);
    const message = error instanceof Error ? error.message : '';
    expect(message).toMatch(/^blobDocumentStore: sharedContainer: cannot open container "Not_A_Valid_Name": status 400/);
    expect(message).not.toContain('AccountKey');
  });

  it('refuses a prefix without a trailing slash', () => {
    expect(() => storeOn(freshContainerName(), 'tickets')).toThrow('blobDocumentStore: prefix must end with "/" (got "tickets")');
  });
});
