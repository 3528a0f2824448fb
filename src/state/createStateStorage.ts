import type { Storage } from 'botbuilder';
import type { Config } from '../config';
import { openSharedContainer, type SharedContainer } from '../storage/sharedContainer';
import { BlobStateStorage } from './blobStateStorage';
import { BoundedMemoryStorage } from './boundedMemoryStorage';

/**
 * The Storage that config.store names (STATE_STORE, issue 11): BoundedMemoryStorage for one
 * instance, BlobStateStorage in the shared container for several. Pass the container when the
 * caller opened it already (app.ts shares one with the other stores and awaits its ready()
 * before answering); otherwise it is opened here from the connection string.
 */
export function createStateStorage(store: Config['store'], container?: SharedContainer): Storage {
  if (store.kind === 'memory') return new BoundedMemoryStorage({ idleMs: store.idleMs, maxItems: store.maxConversations });
  return new BlobStateStorage({ container: container ?? openSharedContainer(store.connectionString, store.container) });
}
