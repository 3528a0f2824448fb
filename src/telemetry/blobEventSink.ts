import type { ContainerClient } from '@azure/storage-blob';
import { BLOB_PREFIXES, describeStorageError, storageStatus, type SharedContainer } from '../storage/sharedContainer';
import { retentionCutoff, utcDay, type EventSink, type MaintenanceErrorHandler } from './eventSink';
import { errorMessage } from '../errors';

/**
 * The least flush interval in blob mode, in ms. Each batch is one blob: one PUT (tens of ms to
 * Azure, billed per write) that `report` later lists and downloads. Under load group commit
 * writes one batch per flush interval per instance, so the file log's 20 ms would mean up to 50
 * blobs a second per instance (4.3 million a day); 200 ms caps it at 5 a second, and the wait is
 * paid only by an event arriving just after a batch started (an idle log uploads at once).
 */
export const MIN_BLOB_EVENT_FLUSH_MS = 200;
/** Blobs downloaded at once by the reader: enough to hide the round trips, few enough for one CLI process. */
export const BLOB_READ_CONCURRENCY = 16;
/** Width of the per-process batch number in blob names, so an instance's blobs of one millisecond sort in order. */
const SEQUENCE_DIGITS = 6;
/** A day folder: events/2026-11-30/. */
const DAY_FOLDER = /^(\d{4}-\d{2}-\d{2})\/$/;

/**
 * events/2026-11-30/<instanceId>-T130500.123Z-000042.jsonl: the UTC day of the write as a
 * folder (retention deletes whole days, --since lists only the days it needs), the instance, the
 * time of the write and the process's batch number. An instance's names sort in write order.
 */
export function eventBlobName(instanceId: string, ms: number, sequence: number): string {
  const iso = new Date(ms).toISOString(); // 2026-11-30T13:05:00.123Z
  const time = `T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 23)}Z`;
  return `${BLOB_PREFIXES.events}${iso.slice(0, 10)}/${instanceId}-${time}-${String(sequence).padStart(SEQUENCE_DIGITS, '0')}.jsonl`;
}

export interface BlobEventSinkOptions {
  /** The shared container (STATE_STORE=blob); batches go under events/. */
  container: SharedContainer;
  /** This instance's id (config.instance.id): names its blobs, so instances never write the same blob. */
  instanceId: string;
  /** Day folders older than this many days are deleted (config.eventLog.retentionDays). */
  retentionDays: number;
  /** Clock for the day folder, the blob name and retention (the log's clock, the one `at` uses). */
  now: () => number;
  /** Told when retention fails; default: ignored (tried again on the next day or at the next open). */
  onMaintenanceError?: MaintenanceErrorHandler;
}

/**
 * The shared event log: each batch is one block blob, uploaded in one request, under the day
 * it was written. Instances never touch each other's blobs; any of them may run retention
 * (deleting a blob twice is harmless). Retention runs at open and on the first batch of each
 * UTC day, in the background: a write never waits for it.
 */
export class BlobEventSink implements EventSink {
  private sequence = 0;
  private sweptDay: string | undefined;
  private sweeping: Promise<void> = Promise.resolve();

  private constructor(private readonly options: BlobEventSinkOptions) {}

  static async open(options: BlobEventSinkOptions): Promise<BlobEventSink> {
    try {
      await options.container.ready();
    } catch (err) {
      throw new Error(`eventLog: cannot open the blob container: ${errorMessage(err)}`);
    }
    const sink = new BlobEventSink(options);
    sink.sweepOncePerDay(options.now());
    return sink;
  }

  async write(text: string): Promise<void> {
    const at = this.options.now();
    this.sweepOncePerDay(at);
    const name = eventBlobName(this.options.instanceId, at, this.sequence++);
    // No If-None-Match: the name is unique to this instance and batch, and without the condition
    // the SDK's own retry after a lost response rewrites the same bytes instead of failing.
    try {
      await this.options.container.client
        .getBlockBlobClient(name)
        .upload(text, Buffer.byteLength(text), { blobHTTPHeaders: { blobContentType: 'application/x-ndjson; charset=utf-8' } });
    } catch (err) {
      throw new Error(`blob ${name}: ${describeStorageError(err)}`);
    }
  }

  async close(): Promise<void> {
    await this.sweeping;
  }

  private sweepOncePerDay(nowMs: number): void {
    const day = utcDay(nowMs);
    if (this.sweptDay === day) return;
    this.sweptDay = day;
    this.sweeping = this.sweeping.then(() =>
      deleteExpiredDays(this.options.container.client, retentionCutoff(nowMs, this.options.retentionDays)).catch((err: unknown) => {
        this.options.onMaintenanceError?.(new Error(`eventLog: retention of ${BLOB_PREFIXES.events} failed: ${describeStorageError(err)}`));
      }),
    );
  }
}

/** Deletes every blob of the day folders that ended before `cutoffMs`. */
async function deleteExpiredDays(client: ContainerClient, cutoffMs: number): Promise<void> {
  const cutoffDay = utcDay(cutoffMs);
  for (const day of await listDays(client)) {
    if (day >= cutoffDay) continue;
    for (const name of await listBlobNames(client, `${BLOB_PREFIXES.events}${day}/`)) await client.deleteBlob(name, { deleteSnapshots: 'include' }).catch(ignoreNotFound);
  }
}

/** The day folders under events/, oldest first; none when the container does not exist. */
async function listDays(client: ContainerClient): Promise<string[]> {
  const days: string[] = [];
  try {
    for await (const item of client.listBlobsByHierarchy('/', { prefix: BLOB_PREFIXES.events })) {
      if (item.kind !== 'prefix') continue;
      const m = DAY_FOLDER.exec(item.name.slice(BLOB_PREFIXES.events.length));
      if (m?.[1]) days.push(m[1]);
    }
  } catch (err) {
    if (storageStatus(err) === 404) return [];
    throw err;
  }
  return days.sort();
}

async function listBlobNames(client: ContainerClient, prefix: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const blob of client.listBlobsFlat({ prefix })) if (blob.name.endsWith('.jsonl')) names.push(blob.name);
  } catch (err) {
    if (storageStatus(err) === 404) return [];
    throw err;
  }
  return names.sort();
}

function ignoreNotFound(err: unknown): void {
  if (storageStatus(err) !== 404) throw err;
}

/**
 * The texts of every instance's batches, by day folder and name: only the day folders from
 * `sinceMs`'s UTC day on are listed (a batch is filed under the day it was written, never
 * before its events), so --since costs one listing of the days and one per day read.
 */
export async function readBlobEventTexts(client: ContainerClient, sinceMs?: number): Promise<string[]> {
  try {
    const fromDay = sinceMs === undefined ? undefined : utcDay(sinceMs);
    const days = (await listDays(client)).filter((day) => fromDay === undefined || day >= fromDay);
    const names: string[] = [];
    for (const day of days) names.push(...(await listBlobNames(client, `${BLOB_PREFIXES.events}${day}/`)));
    const texts: (string | undefined)[] = new Array<string | undefined>(names.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < names.length; i = next++) {
        const name = names[i];
        if (name === undefined) continue;
        try {
          texts[i] = (await client.getBlobClient(name).downloadToBuffer()).toString('utf8');
        } catch (err) {
          // Deleted by retention between the listing and the download: it was past the range anyway.
          if (storageStatus(err) !== 404) throw err;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(BLOB_READ_CONCURRENCY, names.length) }, worker));
    return texts.filter((t): t is string => t !== undefined);
  } catch (err) {
    throw new Error(`eventLog: cannot read ${BLOB_PREFIXES.events} in container "${client.containerName}": ${describeStorageError(err)}`);
  }
}
