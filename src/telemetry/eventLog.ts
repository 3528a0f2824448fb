import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { FLOW_ABANDON_REASONS, FLOW_NAMES } from '../../dialogs/domain';
import type { HandoffReason, OutcomeEvent } from '../../dialogs/outcomes';
import { DEFAULT_EVENT_LOG_FLUSH_MS, DEFAULT_EVENT_LOG_RETENTION_DAYS, DEFAULT_EVENT_LOG_ROTATE_BYTES, type Config } from '../config';
import { opaqueConversationId } from '../../dialogs/privacy/opaqueId';
import { redactDeep } from '../../dialogs/privacy/redact';
import { openSharedContainer, type SharedContainer } from '../storage/sharedContainer';
import { BlobEventSink, MIN_BLOB_EVENT_FLUSH_MS, readBlobEventTexts } from './blobEventSink';
import type { EventSink, MaintenanceErrorHandler } from './eventSink';
import { FileEventSink, readFileEventTexts, type EventFileSystem } from './fileEventSink';

export { EVENT_LOG_DIR, EVENT_LOG_FILE, eventLogPath } from './fileEventSink';
export { MIN_BLOB_EVENT_FLUSH_MS } from './blobEventSink';
export type { EventSink, MaintenanceErrorHandler } from './eventSink';

export const EVENT_LOG_VERSION = 1;

/** One line of the log. `conversation` is an opaque hash, never the channel's id or a name. */
export interface EventRecord {
  readonly v: typeof EVENT_LOG_VERSION;
  readonly at: string;
  readonly conversation: string;
  readonly event: OutcomeEvent;
}

/** Every reason a conversation is handed over for (the dialogs' HandoffReason, as a list to check values read back). */
export const HANDOFF_REASONS = ['user-request', 'repeated-abstention', 'not-helpful', 'flow-failure'] as const;

export function isHandoffReason(value: string): value is HandoffReason {
  return (HANDOFF_REASONS as readonly string[]).includes(value);
}

// Flow names are the domain type, so a new flow is readable here without an edit.
const flow = z.enum(FLOW_NAMES);
const eventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('answered'), entryId: z.string(), confidence: z.number(), alternatives: z.array(z.string()).optional() }),
  z.object({ kind: z.literal('clarified'), choices: z.array(z.string()) }),
  z.object({ kind: z.literal('abstained'), question: z.string() }),
  z.object({ kind: z.literal('feedback'), entryId: z.string(), helpful: z.boolean() }),
  z.object({ kind: z.literal('flowStarted'), flow }),
  z.object({ kind: z.literal('flowCompleted'), flow }),
  z.object({ kind: z.literal('flowAbandoned'), flow, step: z.string(), reason: z.enum(FLOW_ABANDON_REASONS) }),
  z.object({ kind: z.literal('handedOver'), reason: z.enum(HANDOFF_REASONS), ticketId: z.string().optional() }),
]);
const recordSchema = z.object({ v: z.literal(EVENT_LOG_VERSION), at: z.iso.datetime(), conversation: z.string(), event: eventSchema });

// Compile-time checks that the schema and the dialogs' types describe the same events and reasons.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesType: Same<z.infer<typeof eventSchema>['kind'], OutcomeEvent['kind']> = true;
const reasonsMatchType: Same<(typeof HANDOFF_REASONS)[number], HandoffReason> = true;
void schemaMatchesType;
void reasonsMatchType;

/** The log's conversation ids (see opaqueConversationId). */
export const hashConversationId = opaqueConversationId;

export interface EventLogBatchingOptions {
  /** Clock for the `at` field (and, for the sinks, rotation and retention); default Date.now. */
  now?: () => number;
  /**
   * Group commit: the least time between the starts of two batches, in ms. An event waits at
   * most this long behind the previous batch, and not at all when the log is idle; lines that
   * arrive during a write go together in the next batch. 0 = as soon as the previous batch is
   * done. Default DEFAULT_EVENT_LOG_FLUSH_MS (config.eventLog.flushMs).
   */
  flushMs?: number;
}

export interface EventLogOptions extends EventLogBatchingOptions {
  /** The data folder (config.dataDir); the log is dataDir/events/outcomes.jsonl. */
  dataDir: string;
  /** Rotate the current file before it passes this many bytes; default DEFAULT_EVENT_LOG_ROTATE_BYTES. */
  rotateBytes?: number;
  /** Delete rotated files older than this many days; default DEFAULT_EVENT_LOG_RETENTION_DAYS. */
  retentionDays?: number;
  /** File system seam (tests count writes and syncs, or fail them); default the real one. */
  files?: EventFileSystem;
  /** Told when retention or stale-file cleanup fails; default: ignored (tried again at the next rotation or open). */
  onMaintenanceError?: MaintenanceErrorHandler;
}

/** One append waiting for its batch. */
interface Waiting {
  readonly line: string;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * Append-only JSON-lines log of conversation outcomes, with group commit. Each event is redacted
 * and queued; queued lines are written as one batch (one write and one fdatasync on the file
 * sink, one blob on the blob sink), at most one batch per `flushMs`, and `append` resolves once
 * its batch is durable, so a crash loses no acknowledged event (the reader skips a torn last
 * line). Lines keep their call order. When a batch fails, every append in it rejects with
 * "eventLog: write failed: …". Storage is a sink (src/telemetry/eventSink.ts).
 */
export class EventLog {
  private waiting: Waiting[] = [];
  /** The batch being written; never rejects. */
  private writing: Promise<void> | undefined;
  private cancelTimer: (() => void) | undefined;
  /** performance.now() of the last batch's start: the schedule uses a monotonic clock, never the `at` clock (tests freeze that one). */
  private lastBatchStart = Number.NEGATIVE_INFINITY;
  private closed = false;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly sink: EventSink,
    private readonly now: () => number,
    private readonly flushMs: number,
  ) {}

  /** The local log in dataDir/events (the file sink). */
  static async open(options: EventLogOptions): Promise<EventLog> {
    const now = options.now ?? Date.now;
    const sink = await FileEventSink.open({
      dataDir: options.dataDir,
      rotateBytes: options.rotateBytes ?? DEFAULT_EVENT_LOG_ROTATE_BYTES,
      retentionDays: options.retentionDays ?? DEFAULT_EVENT_LOG_RETENTION_DAYS,
      now,
      ...(options.files ? { files: options.files } : {}),
      ...(options.onMaintenanceError ? { onMaintenanceError: options.onMaintenanceError } : {}),
    });
    return EventLog.withSink(sink, options);
  }

  /** Batching and redaction over any sink (the blob sink, or a test's). */
  static withSink(sink: EventSink, options: EventLogBatchingOptions = {}): EventLog {
    return new EventLog(sink, options.now ?? Date.now, options.flushMs ?? DEFAULT_EVENT_LOG_FLUSH_MS);
  }

  /** Redacts and queues one event; resolves when its batch is durable. Rejects with "eventLog: ..." if the storage refuses. */
  append(conversationId: string, event: OutcomeEvent): Promise<void> {
    if (this.closed) return Promise.reject(new Error('eventLog: append after close'));
    const record: EventRecord = { v: EVENT_LOG_VERSION, at: new Date(this.now()).toISOString(), conversation: hashConversationId(conversationId), event: redactDeep(event) };
    const line = `${JSON.stringify(record)}\n`;
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ line, resolve, reject });
      this.schedule();
    });
  }

  /**
   * Refuses new appends, writes everything queued at once (without waiting for `flushMs`),
   * waits for it and closes the sink. Appends already made settle as usual; calling it again
   * returns the same promise.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      await this.drain();
      await this.sink.close();
    })();
    return this.closing;
  }

  /** Starts the next batch now, or when the flush interval since the last one has passed. */
  private schedule(): void {
    if (this.writing || this.cancelTimer || this.waiting.length === 0) return;
    const wait = this.closed ? 0 : this.lastBatchStart + this.flushMs - performance.now();
    if (wait <= 0) {
      // Not synchronously: appends made in the same tick (Promise.all, one turn's events) share the batch.
      const immediate = setImmediate(() => this.writeBatch());
      this.cancelTimer = () => clearImmediate(immediate);
    } else {
      const timer = setTimeout(() => this.writeBatch(), wait);
      this.cancelTimer = () => clearTimeout(timer);
    }
  }

  private writeBatch(): void {
    this.cancelTimer = undefined;
    const batch = this.waiting;
    this.waiting = [];
    if (batch.length === 0) return;
    this.lastBatchStart = performance.now();
    const text = batch.map((w) => w.line).join('');
    this.writing = Promise.resolve()
      .then(() => this.sink.write(text))
      .then(
        () => {
          for (const w of batch) w.resolve();
        },
        (err: unknown) => {
          const error = new Error(`eventLog: write failed: ${err instanceof Error ? err.message : String(err)}`);
          for (const w of batch) w.reject(error);
        },
      )
      .finally(() => {
        this.writing = undefined;
        this.schedule();
      });
  }

  /** Writes until nothing is queued or being written. */
  private async drain(): Promise<void> {
    for (;;) {
      if (this.writing) {
        await this.writing;
        continue;
      }
      if (this.waiting.length === 0) return;
      this.cancelTimer?.();
      this.writeBatch();
    }
  }
}

/** The flush interval the blob sink uses: config's, but never under MIN_BLOB_EVENT_FLUSH_MS (see there why). */
export function blobFlushMs(flushMs: number): number {
  return Math.max(flushMs, MIN_BLOB_EVENT_FLUSH_MS);
}

export interface OpenEventLogOptions {
  /** What the log reads of the configuration: store (file or blob), dataDir (file), instance.id (blob names), eventLog (flush, rotation, retention). */
  config: Pick<Config, 'dataDir' | 'store' | 'instance' | 'eventLog'>;
  /** The shared container when config.store is blob (app.ts can share one with the other stores); default: opened from config.store. */
  container?: SharedContainer;
  /** Clock for `at`, rotation and retention; default Date.now. */
  now?: () => number;
  /** Told when retention or stale-file cleanup fails; default: ignored (tried again later). */
  onMaintenanceError?: MaintenanceErrorHandler;
}

/**
 * The event log the configuration asks for: with STATE_STORE=blob one blob per batch in the
 * shared container (flush interval at least MIN_BLOB_EVENT_FLUSH_MS), otherwise the local file
 * in dataDir/events with rotation. Call `close()` on shutdown: it writes what is queued.
 */
export async function openEventLog(options: OpenEventLogOptions): Promise<EventLog> {
  const { config } = options;
  const now = options.now ?? Date.now;
  const maintenance = options.onMaintenanceError ? { onMaintenanceError: options.onMaintenanceError } : {};
  if (config.store.kind === 'blob') {
    const container = options.container ?? openSharedContainer(config.store.connectionString, config.store.container);
    const sink = await BlobEventSink.open({ container, instanceId: config.instance.id, retentionDays: config.eventLog.retentionDays, now, ...maintenance });
    return EventLog.withSink(sink, { now, flushMs: blobFlushMs(config.eventLog.flushMs) });
  }
  return EventLog.open({ dataDir: config.dataDir, now, flushMs: config.eventLog.flushMs, rotateBytes: config.eventLog.rotateBytes, retentionDays: config.eventLog.retentionDays, ...maintenance });
}

/** Where a log is read from: the data folder's files, or the shared container's batch blobs. */
export type EventLogPlace = { readonly kind: 'file'; readonly dataDir: string } | { readonly kind: 'blob'; readonly container: SharedContainer };

/** The place the configuration writes to (as openEventLog chooses). */
export function eventLogPlace(config: Pick<Config, 'dataDir'> & { readonly store?: Config['store'] }, container?: SharedContainer): EventLogPlace {
  if (config.store?.kind !== 'blob') return { kind: 'file', dataDir: config.dataDir };
  return { kind: 'blob', container: container ?? openSharedContainer(config.store.connectionString, config.store.container) };
}

export interface ReadOptions {
  /** Only events at or after this instant (older rotated files and day folders are not even read). */
  since?: Date;
}

export interface EventLogContents {
  /** Oldest first: append order for the file log; merged by `at` across instances for blobs. */
  readonly records: readonly EventRecord[];
  /** Lines that were not valid records (a torn write after a crash, manual edits). */
  readonly skipped: number;
}

/**
 * Reads the log: a data folder (the current file and every rotated one) or a place. In blob
 * mode, every instance's batches in the day folders the range needs. A missing log is an empty one.
 */
export async function readEventLog(place: string | EventLogPlace, options: ReadOptions = {}): Promise<EventLogContents> {
  const where: EventLogPlace = typeof place === 'string' ? { kind: 'file', dataDir: place } : place;
  const since = options.since?.getTime();
  const texts = where.kind === 'file' ? await readFileEventTexts(where.dataDir, since) : await readBlobEventTexts(where.container.client, since);
  const records: EventRecord[] = [];
  let skipped = 0;
  for (const text of texts) {
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        skipped++;
        continue;
      }
      const result = recordSchema.safeParse(parsed);
      if (!result.success) {
        skipped++;
        continue;
      }
      if (since !== undefined && Date.parse(result.data.at) < since) continue;
      records.push(result.data as EventRecord);
    }
  }
  // Each instance's blobs are in order; instances interleave in time. Array.sort is stable, so
  // one instance's events of one millisecond keep their order.
  if (where.kind === 'blob') records.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return { records, skipped };
}
