import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { FLOW_NAMES } from '../../dialogs/domain';
import type { OutcomeEvent } from '../../dialogs/outcomes';
import { opaqueConversationId } from '../privacy/opaqueId';
import { redactDeep } from '../privacy/redact';

/** Folder under dataDir holding the outcome log. */
export const EVENT_LOG_DIR = 'events';
/** The append-only JSON-lines file of outcomes. */
export const EVENT_LOG_FILE = 'outcomes.jsonl';
export const EVENT_LOG_VERSION = 1;

/** One line of the log. `conversation` is an opaque hash, never the channel's id or a name. */
export interface EventRecord {
  readonly v: typeof EVENT_LOG_VERSION;
  readonly at: string;
  readonly conversation: string;
  readonly event: OutcomeEvent;
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
  z.object({ kind: z.literal('flowAbandoned'), flow, step: z.string(), reason: z.string() }),
  z.object({ kind: z.literal('handedOver'), reason: z.enum(['user-request', 'repeated-abstention', 'not-helpful', 'flow-failure']), ticketId: z.string().optional() }),
]);
const recordSchema = z.object({ v: z.literal(EVENT_LOG_VERSION), at: z.iso.datetime(), conversation: z.string(), event: eventSchema });

// Compile-time check that the schema and the dialogs' type describe the same events.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesType: Same<z.infer<typeof eventSchema>['kind'], OutcomeEvent['kind']> = true;
void schemaMatchesType;

/** The log's conversation ids (see opaqueConversationId). */
export const hashConversationId = opaqueConversationId;

export function eventLogPath(dataDir: string): string {
  return path.join(dataDir, EVENT_LOG_DIR, EVENT_LOG_FILE);
}

export interface EventLogOptions {
  /** The data folder (config.dataDir); the log is dataDir/events/outcomes.jsonl. */
  dataDir: string;
  /** Clock for the `at` field; default Date.now. */
  now?: () => number;
}

/**
 * Append-only JSON-lines log of conversation outcomes. Each event is redacted, written and
 * fsync'ed before `append` resolves, so a crash loses at most the line being written (the
 * reader skips a torn last line). Appends are serialized in call order.
 */
export class EventLog {
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly handle: fs.FileHandle,
    private readonly now: () => number,
  ) {}

  static async open(options: EventLogOptions): Promise<EventLog> {
    const file = eventLogPath(options.dataDir);
    try {
      await fs.mkdir(path.dirname(file), { recursive: true });
      return new EventLog(await fs.open(file, 'a'), options.now ?? Date.now);
    } catch (err) {
      throw new Error(`eventLog: cannot open ${file}: ${(err as Error).message}`);
    }
  }

  /** Redacts, appends and fsyncs one event. Rejects with "eventLog: ..." if the disk refuses. */
  append(conversationId: string, event: OutcomeEvent): Promise<void> {
    if (this.closed) return Promise.reject(new Error('eventLog: append after close'));
    const record: EventRecord = { v: EVENT_LOG_VERSION, at: new Date(this.now()).toISOString(), conversation: hashConversationId(conversationId), event: redactDeep(event) };
    const line = `${JSON.stringify(record)}\n`;
    const write = this.queue.then(async () => {
      await this.handle.write(line);
      await this.handle.datasync();
    });
    this.queue = write.catch(() => undefined);
    return write.catch((err: unknown) => {
      throw new Error(`eventLog: write failed: ${(err as Error).message}`);
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue;
    await this.handle.close();
  }
}

export interface ReadOptions {
  /** Only events at or after this instant. */
  since?: Date;
}

export interface EventLogContents {
  readonly records: readonly EventRecord[];
  /** Lines that were not valid records (a torn write after a crash, manual edits). */
  readonly skipped: number;
}

/** Reads the log; a missing log is an empty one. */
export async function readEventLog(dataDir: string, options: ReadOptions = {}): Promise<EventLogContents> {
  let text: string;
  try {
    text = await fs.readFile(eventLogPath(dataDir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], skipped: 0 };
    throw new Error(`eventLog: cannot read ${eventLogPath(dataDir)}: ${(err as Error).message}`);
  }
  const records: EventRecord[] = [];
  let skipped = 0;
  const since = options.since?.getTime();
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
  return { records, skipped };
}
