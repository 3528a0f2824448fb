import type { HandoffProvider } from '../../dialogs/handoff/handoffPort';
import type { Config } from '../config';
import { BlobDocumentStore } from '../storage/blobDocumentStore';
import { BLOB_PREFIXES, openSharedContainer, type SharedContainer } from '../storage/sharedContainer';
import type { OperatorLog } from './operatorLog';
import { TicketHandoffProvider } from './ticketProvider';
import { TicketStore } from './ticketStore';
import { DeadLetterQueue, WebhookOutbox, type DeadLetter } from './webhookOutbox';
import { WebhookHandoffProvider } from './webhookProvider';

export interface RunningHandoffProvider {
  readonly provider: HandoffProvider;
  /** Resumes background work (webhook deliveries left by a previous process or another instance). */
  start(): Promise<void>;
  /** Stops background work; nothing pending is lost. */
  stop(): Promise<void>;
}

/** Where handoff data lives: tickets, the webhook outbox and its dead letters. */
export interface HandoffStores {
  readonly tickets: TicketStore;
  readonly outbox: WebhookOutbox;
  readonly deadLetters: DeadLetterQueue;
}

/** The configuration the handoff stores and providers read. */
export type HandoffStoreConfig = Pick<Config, 'dataDir'> & { readonly store?: Config['store'] };

/**
 * The stores the configuration names: files under config.dataDir (handoff/, handoff-outbox/,
 * handoff-dead-letters/), or, with STATE_STORE=blob, the tickets/, outbox/ and dead-letters/
 * prefixes of the shared container every instance uses. `container`: the one the app opened
 * (default: opened here from config.store).
 */
export function createHandoffStores(config: HandoffStoreConfig, container?: SharedContainer): HandoffStores {
  const store = config.store;
  if (store?.kind === 'blob') {
    const shared = container ?? openSharedContainer(store.connectionString, store.container);
    return {
      tickets: new TicketStore({ documents: new BlobDocumentStore(shared, BLOB_PREFIXES.tickets) }),
      outbox: new WebhookOutbox(new BlobDocumentStore(shared, BLOB_PREFIXES.outbox)),
      deadLetters: new DeadLetterQueue(new BlobDocumentStore(shared, BLOB_PREFIXES.deadLetters)),
    };
  }
  return {
    tickets: new TicketStore({ dataDir: config.dataDir }),
    outbox: WebhookOutbox.inDataDir(config.dataDir),
    deadLetters: DeadLetterQueue.inDataDir(config.dataDir),
  };
}

export interface HandoffProviderHooks {
  /** Told each ticket the webhook provider gives up on (moved to the dead letters); the app counts them in madoguchi_handoff_dead_letters_total. Default: nobody. */
  onDeadLetter?: (letter: DeadLetter) => void;
}

/**
 * The provider HANDOFF_PROVIDER names, over the stores config.store names (see
 * createHandoffStores). `container`: the shared blob container the app opened, when
 * STATE_STORE=blob (default: opened here).
 */
export function createHandoffProvider(
  config: HandoffStoreConfig & Pick<Config, 'handoff'> & { readonly instance?: Config['instance'] },
  logger: OperatorLog,
  container?: SharedContainer,
  hooks: HandoffProviderHooks = {},
): RunningHandoffProvider {
  const stores = createHandoffStores(config, container);
  const choice = config.handoff.provider;
  if (choice.kind === 'webhook') {
    const webhook = new WebhookHandoffProvider({
      store: stores.tickets,
      outbox: stores.outbox,
      deadLetters: stores.deadLetters,
      url: choice.url,
      secret: choice.secret,
      maxAttempts: choice.maxAttempts,
      maxAgeMs: choice.maxAgeMs,
      logger,
      ...(config.instance ? { instanceId: config.instance.id } : {}),
      ...(hooks.onDeadLetter ? { onDeadLetter: hooks.onDeadLetter } : {}),
    });
    return { provider: webhook, start: () => webhook.start(), stop: () => webhook.stop() };
  }
  const ticket = new TicketHandoffProvider({ store: stores.tickets, logger });
  return { provider: ticket, start: async () => undefined, stop: async () => undefined };
}
