/**
 * The seam under the event log (issue 11): EventLog does the batching and the redaction, a sink
 * only stores finished batches. The file sink appends to dataDir/events/outcomes.jsonl (one
 * write and one fdatasync per batch, rotation, retention); the blob sink uploads one blob per
 * batch to the shared container. Tests put a counting or failing sink under EventLog.
 */
export interface EventSink {
  /**
   * Stores one batch: `text` is whole JSON lines, each ending in "\n". Resolves only when the
   * batch would survive a crash (fdatasync'ed, or acknowledged by the storage service);
   * rejects with the cause otherwise, and then nothing of the batch may be counted on.
   */
  write(text: string): Promise<void>;
  /** Waits for background work (retention) and releases the sink; called once, after the last write. */
  close(): Promise<void>;
}

/** Told when housekeeping failed (retention, stale temporary files); it is tried again later and never fails a write. */
export type MaintenanceErrorHandler = (error: Error) => void;

export const DAY_MS = 86_400_000;

/** The UTC date of an instant, 2026-11-30: the day rotation and the blob day folders use UTC, like the `at` field. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The oldest instant retention keeps: anything whose newest event is before it may go. */
export function retentionCutoff(nowMs: number, retentionDays: number): number {
  return nowMs - retentionDays * DAY_MS;
}
