import type { ContainerClient } from '@azure/storage-blob';

type StorageBlobSdk = typeof import('@azure/storage-blob');
let sdk: StorageBlobSdk | undefined;

/**
 * The Azure Storage SDK, loaded on first use: with STATE_STORE=memory nothing calls this, so the
 * SDK (about a tenth of the start-up time) is never loaded. Type-only imports elsewhere cost nothing.
 */
export function loadStorageBlob(): StorageBlobSdk {
  // A CommonJS require keeps openSharedContainer synchronous; it runs once.
  sdk ??= require('@azure/storage-blob') as StorageBlobSdk;
  return sdk;
}

/** The SDK's RestError class when `err` can be one: only the SDK makes errors named RestError. */
function restErrorOf(err: unknown): InstanceType<StorageBlobSdk['RestError']> | undefined {
  if (!(err instanceof Error) || err.name !== 'RestError') return undefined;
  const { RestError } = loadStorageBlob();
  return err instanceof RestError ? err : undefined;
}

/**
 * The one blob container every instance shares when STATE_STORE=blob (issue 11). Each kind of
 * data has its own prefix, so an operator can read, back up or clear one kind at a time.
 */
export const BLOB_PREFIXES = {
  /** Conversation state, one blob per conversation (src/state). */
  state: 'state/',
  /** Handoff tickets, one blob per ticket (src/handoff/ticketStore.ts). */
  tickets: 'tickets/',
  /** Tickets waiting for webhook delivery (src/handoff/webhookOutbox.ts). */
  outbox: 'outbox/',
  /** Tickets the webhook never accepted (src/handoff). */
  deadLetters: 'dead-letters/',
  /** Outcome events, one blob per batch and instance (src/telemetry/eventLog.ts). */
  events: 'events/',
  /** Rate-limit counters shared by every instance (src/limits). */
  limits: 'limits/',
  /** Remembered conversations for proactive notices (src/recoveryNotices). */
  notices: 'notices/',
} as const;

export type BlobPrefix = (typeof BLOB_PREFIXES)[keyof typeof BLOB_PREFIXES];

export interface SharedContainer {
  readonly client: ContainerClient;
  /** Creates the container if it does not exist; resolves once it can be used (call before the first write). */
  ready(): Promise<void>;
}

/** Opens the shared container from AZURE_STORAGE_CONNECTION_STRING and STORAGE_CONTAINER. */
export function openSharedContainer(connectionString: string, container: string): SharedContainer {
  let client: ContainerClient;
  try {
    client = loadStorageBlob().BlobServiceClient.fromConnectionString(connectionString).getContainerClient(container);
  } catch (err) {
    // The SDK's message may quote the connection string: never repeat it.
    throw new Error(`sharedContainer: AZURE_STORAGE_CONNECTION_STRING is not a valid storage connection string (${err instanceof Error ? err.name : 'error'})`);
  }
  let created: Promise<void> | undefined;
  return {
    client,
    ready: () => {
      created ??= client.createIfNotExists().then(
        () => undefined,
        (err: unknown) => {
          created = undefined;
          throw new Error(`sharedContainer: cannot open container "${container}": ${describeStorageError(err)}`);
        },
      );
      return created;
    },
  };
}

/** HTTP status of a storage error (412 for a stale eTag, 409 for "already exists", 404), or undefined. */
export function storageStatus(err: unknown): number | undefined {
  return restErrorOf(err)?.statusCode;
}

/** The storage error code of a storage error (BlobNotFound, ConditionNotMet…), or undefined. */
export function storageErrorCode(err: unknown): string | undefined {
  return restErrorOf(err)?.code;
}

/** A short description of a storage error for a log line: status and code, never request details. */
export function describeStorageError(err: unknown): string {
  const restError = restErrorOf(err);
  if (restError) return `status ${restError.statusCode ?? 'none'}${restError.code ? ` ${restError.code}` : ''}`;
  return err instanceof Error ? err.message : String(err);
}
