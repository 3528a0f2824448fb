import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { openSharedContainer } from '../../src/storage/sharedContainer';
import { BlobStateStorage } from '../../src/state/blobStateStorage';
import { BoundedMemoryStorage } from '../../src/state/boundedMemoryStorage';
import { createStateStorage } from '../../src/state/createStateStorage';
import { azuriteConnectionString } from '../support/azurite';

/** A well-formed connection string; nothing is contacted in these tests. */
const CONNECTION = azuriteConnectionString(9);

function store(env: Record<string, string>) {
  const loaded = loadConfig(env);
  if (!loaded.ok) throw new Error(loaded.error);
  return loaded.config.store;
}

describe('createStateStorage', () => {
  it('STATE_STORE=memory (the default): a BoundedMemoryStorage with STATE_MEMORY_MAX_CONVERSATIONS and STATE_MEMORY_IDLE_MS', async () => {
    const storage = createStateStorage(store({ STATE_MEMORY_MAX_CONVERSATIONS: '2' }));
    expect(storage).toBeInstanceOf(BoundedMemoryStorage);
    await storage.write({ a: { v: 1 }, b: { v: 1 }, c: { v: 1 } });
    expect((storage as BoundedMemoryStorage).keys()).toEqual(['b', 'c']);
  });

  it('STATE_STORE=blob: a BlobStateStorage in the given container, or one opened from the connection string', () => {
    const config = store({ STATE_STORE: 'blob', AZURE_STORAGE_CONNECTION_STRING: CONNECTION });
    expect(createStateStorage(config)).toBeInstanceOf(BlobStateStorage);
    expect(createStateStorage(config, openSharedContainer(CONNECTION, 'given'))).toBeInstanceOf(BlobStateStorage);
  });
});
