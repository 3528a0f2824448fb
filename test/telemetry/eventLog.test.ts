import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutcomeEvent } from '../../dialogs/outcomes';
import { EventLog, eventLogPath, hashConversationId, readEventLog, type EventSink } from '../../src/telemetry/eventLog';
import { nodeEventFiles, type EventFileSystem } from '../../src/telemetry/fileEventSink';
import { BotMetrics } from '../../src/telemetry/metrics';
import { TelemetryOutcomeRecorder } from '../../src/telemetry/telemetryRecorder';
import { memoryLogger } from '../handoff/sampleContext';

let dataDir: string;
beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'madoguchi-events-'));
});
afterEach(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('EventLog.append', () => {
  it('writes one redacted JSON line per event under dataDir/events, with an opaque conversation id', async () => {
    const log = await EventLog.open({ dataDir, now: () => Date.parse('2026-11-25T10:00:00Z') });
    await log.append('19:abc@thread.skype;田中太郎', { kind: 'abstained', question: 'taro@example.com に 123456 が届かない' });
    await log.append('19:abc@thread.skype;田中太郎', { kind: 'handedOver', reason: 'user-request' });
    await log.close();
    const text = await fs.readFile(eventLogPath(dataDir), 'utf8');
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      { v: 1, at: '2026-11-25T10:00:00.000Z', conversation: hashConversationId('19:abc@thread.skype;田中太郎'), event: { kind: 'abstained', question: '[メール] に [コード] が届かない' } },
      { v: 1, at: '2026-11-25T10:00:00.000Z', conversation: hashConversationId('19:abc@thread.skype;田中太郎'), event: { kind: 'handedOver', reason: 'user-request' } },
    ]);
    expect(text).not.toContain('田中');
    expect(text).not.toContain('taro@');
  });

  it('keeps the order of concurrent appends and appends to an existing log after reopening', async () => {
    const first = await EventLog.open({ dataDir });
    await Promise.all(Array.from({ length: 20 }, (_, i) => first.append('c', { kind: 'answered', entryId: `e${i}`, confidence: 1 })));
    await first.close();
    const second = await EventLog.open({ dataDir });
    await second.append('c', { kind: 'clarified', choices: [] });
    await second.close();
    const { records } = await readEventLog(dataDir);
    expect(records.map((r) => (r.event.kind === 'answered' ? r.event.entryId : r.event.kind))).toEqual([...Array.from({ length: 20 }, (_, i) => `e${i}`), 'clarified']);
  });

  it('rejects with the module name after close', async () => {
    const log = await EventLog.open({ dataDir });
    await log.close();
    await expect(log.append('c', { kind: 'clarified', choices: [] })).rejects.toThrow('eventLog: append after close');
  });

  it('fails to open with the module name and the path when dataDir is not a folder', async () => {
    const file = path.join(dataDir, 'file');
    await fs.writeFile(file, 'x');
    await expect(EventLog.open({ dataDir: file })).rejects.toThrow(/^eventLog: cannot open .*outcomes\.jsonl/);
  });
});

describe('readEventLog', () => {
  it('reads nothing from a missing log', async () => {
    expect(await readEventLog(dataDir)).toEqual({ records: [], skipped: 0 });
  });

  it('skips a torn last line and invalid records, and filters by --since', async () => {
    let clock = Date.parse('2026-11-20T00:00:00Z');
    const log = await EventLog.open({ dataDir, now: () => clock });
    await log.append('a', { kind: 'clarified', choices: [] });
    clock = Date.parse('2026-11-25T00:00:00Z');
    await log.append('b', { kind: 'answered', entryId: 'x', confidence: 0.5 });
    await log.close();
    await fs.appendFile(eventLogPath(dataDir), '{"v":1,"at":"2026-11-25T00:00:00.000Z","conversation":"c","event":{"kind":"nope"}}\n{"v":1,"at":"2026-11-2');
    const all = await readEventLog(dataDir);
    expect(all.records).toHaveLength(2);
    expect(all.skipped).toBe(2);
    const recent = await readEventLog(dataDir, { since: new Date('2026-11-24T00:00:00Z') });
    expect(recent.records.map((r) => r.conversation)).toEqual([hashConversationId('b')]);
  });
});

describe('TelemetryOutcomeRecorder', () => {
  it('counts the event and logs it durably', async () => {
    const metrics = new BotMetrics();
    const eventLog = await EventLog.open({ dataDir });
    const recorder = new TelemetryOutcomeRecorder({ eventLog, metrics, logger: memoryLogger() });
    await recorder.record('conv', { kind: 'answered', entryId: 'forgot-password', confidence: 0.8 });
    await eventLog.close();
    expect((await readEventLog(dataDir)).records).toHaveLength(1);
    expect(await metrics.registry.metrics()).toContain('madoguchi_answers_total{entry="forgot-password"} 1');
  });

  it('never throws into the dialog when the log cannot be written: it logs for the operator', async () => {
    const metrics = new BotMetrics();
    const eventLog = await EventLog.open({ dataDir });
    await eventLog.close();
    const logger = memoryLogger();
    await new TelemetryOutcomeRecorder({ eventLog, metrics, logger }).record('conv', { kind: 'abstained', question: '090-1234-5678' });
    expect(logger.lines).toEqual([{ level: 'error', fields: { kind: 'abstained', err: { message: 'eventLog: append after close' } }, message: 'telemetry: could not record an outcome' }]);
  });
});

describe('readEventLog and flows', () => {
  it('reads outcomes of every flow the messages module names', async () => {
    const log = await EventLog.open({ dataDir });
    await log.append('c', { kind: 'flowStarted', flow: 'recoveryStatus' });
    await log.close();
    expect((await readEventLog(dataDir)).records.map((r) => r.event)).toEqual([{ kind: 'flowStarted', flow: 'recoveryStatus' }]);
  });
});

const answered = (i: number): OutcomeEvent => ({ kind: 'answered', entryId: `e${i}`, confidence: 1 });
const entryIds = (records: readonly { event: OutcomeEvent }[]) => records.map((r) => (r.event.kind === 'answered' ? r.event.entryId : r.event.kind));

/** The real file system, counting the sink's writes and fdatasyncs; `failSync` makes an fdatasync fail. */
function countingFiles(failSync: () => boolean = () => false) {
  const counts = { writes: 0, syncs: 0 };
  const files: EventFileSystem = {
    open: async (file) => {
      const real = await nodeEventFiles.open(file);
      return {
        ...real,
        append: (data) => {
          counts.writes++;
          return real.append(data);
        },
        datasync: () => {
          counts.syncs++;
          return failSync() ? Promise.reject(new Error('EIO: i/o error, fdatasync')) : real.datasync();
        },
      };
    },
  };
  return { counts, files };
}

/** A sink that keeps each batch and holds its write until the test releases it. */
class HeldSink implements EventSink {
  readonly batches: string[][] = [];
  closed = false;
  private releases: ((error?: Error) => void)[] = [];
  private started: (() => void)[] = [];

  write(text: string): Promise<void> {
    this.batches.push(text.trimEnd().split('\n'));
    for (const s of this.started.splice(0)) s();
    return new Promise<void>((resolve, reject) => this.releases.push((error) => (error ? reject(error) : resolve())));
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Resolves once `count` batches have started. */
  async batchesStarted(count: number): Promise<void> {
    while (this.batches.length < count) await new Promise<void>((resolve) => this.started.push(resolve));
  }

  /** Lets the oldest held write finish (or fail with `error`). */
  release(error?: Error): void {
    this.releases.shift()?.(error);
  }
}

describe('EventLog group commit', () => {
  it('writes 200 concurrent appends with one write and one fdatasync per batch, far fewer than one per event', async () => {
    const { counts, files } = countingFiles();
    const log = await EventLog.open({ dataDir, files, flushMs: 0 });
    await Promise.all(Array.from({ length: 200 }, (_, i) => log.append(`c${i}`, answered(i))));
    await log.close();
    expect(counts.writes).toBe(counts.syncs);
    expect(counts.syncs).toBeGreaterThanOrEqual(1);
    expect(counts.syncs).toBeLessThanOrEqual(2);
    const { records } = await readEventLog(dataDir);
    expect(entryIds(records)).toEqual(Array.from({ length: 200 }, (_, i) => `e${i}`));
  });

  it('gathers what arrives during a write into the next batch, in call order', async () => {
    const sink = new HeldSink();
    const log = EventLog.withSink(sink, { flushMs: 0 });
    const first = log.append('a', answered(0));
    await sink.batchesStarted(1);
    const during = Array.from({ length: 50 }, (_, i) => log.append('b', answered(i + 1)));
    sink.release();
    await first;
    await sink.batchesStarted(2);
    sink.release();
    await Promise.all(during);
    expect(sink.batches.map((b) => b.length)).toEqual([1, 50]);
    const ids = sink.batches.flat().map((line) => (JSON.parse(line) as { event: { entryId: string } }).event.entryId);
    expect(ids).toEqual(Array.from({ length: 51 }, (_, i) => `e${i}`));
    await log.close();
  });

  it('starts no second batch within flushMs of the first; close() writes what waits at once, in one batch', async () => {
    const sink = new HeldSink();
    const log = EventLog.withSink(sink, { flushMs: 3_600_000 });
    const first = log.append('a', answered(0));
    await sink.batchesStarted(1);
    sink.release();
    await first;
    const waiting = Array.from({ length: 10 }, (_, i) => log.append('a', answered(i + 1)));
    // An hour's interval: only close() can write these now.
    await new Promise((resolve) => setImmediate(resolve));
    expect(sink.batches).toHaveLength(1);
    const closing = log.close();
    await sink.batchesStarted(2);
    sink.release();
    await closing;
    await Promise.all(waiting);
    expect(sink.batches.map((b) => b.length)).toEqual([1, 10]);
    expect(sink.closed).toBe(true);
  });

  it('rejects every append of a failed batch with the module name, and goes on with the next batch', async () => {
    const sink = new HeldSink();
    const log = EventLog.withSink(sink, { flushMs: 0 });
    const failing = [log.append('a', answered(0)), log.append('a', answered(1))];
    await sink.batchesStarted(1);
    const later = log.append('a', answered(2));
    sink.release(new Error('disk full'));
    for (const append of failing) await expect(append).rejects.toThrow(/^eventLog: write failed: disk full$/);
    await sink.batchesStarted(2);
    sink.release();
    await expect(later).resolves.toBeUndefined();
    await log.close();
  });

  it('rejects the batch whose fdatasync fails, and a later batch cannot be glued to a torn line', async () => {
    let fail = false;
    const { files } = countingFiles(() => fail);
    const log = await EventLog.open({ dataDir, files, flushMs: 0 });
    await log.append('a', answered(0));
    fail = true;
    await expect(log.append('a', answered(1))).rejects.toThrow('eventLog: write failed: EIO: i/o error, fdatasync');
    fail = false;
    await log.append('a', answered(2));
    await log.close();
    // The failed batch's bytes may be on disk: the log promises no more than "rejected = not known durable".
    const { records, skipped } = await readEventLog(dataDir);
    expect(entryIds(records).filter((id) => id !== 'e1')).toEqual(['e0', 'e2']);
    expect(skipped).toBe(0);
  });

  it('close() waits for a batch in flight and for the queued appends, then refuses more', async () => {
    const log = await EventLog.open({ dataDir, flushMs: 1_000 });
    const appends = Array.from({ length: 5 }, (_, i) => log.append('c', answered(i)));
    await log.close();
    await Promise.all(appends);
    expect(entryIds((await readEventLog(dataDir)).records)).toEqual(['e0', 'e1', 'e2', 'e3', 'e4']);
    await expect(log.append('c', answered(9))).rejects.toThrow('eventLog: append after close');
    await expect(log.close()).resolves.toBeUndefined();
  });
});
