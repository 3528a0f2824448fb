import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutcomeEvent } from '../../dialogs/outcomes';
import { EVENT_LOG_DIR, EventLog, eventLogPath, openEventLog, readEventLog } from '../../src/telemetry/eventLog';
import { rotatedFileName, rotatedFileTime } from '../../src/telemetry/fileEventSink';

let dataDir: string;
let eventsDir: string;
beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'madoguchi-eventfiles-'));
  eventsDir = path.join(dataDir, EVENT_LOG_DIR);
});
afterEach(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

const answered = (i: number): OutcomeEvent => ({ kind: 'answered', entryId: `e${i}`, confidence: 1 });
const entryIds = (records: readonly { event: OutcomeEvent }[]) => records.map((r) => (r.event.kind === 'answered' ? r.event.entryId : r.event.kind));
const DAY = 86_400_000;

/** The rotated files in the events folder, oldest first. */
async function rotated(): Promise<string[]> {
  return (await fs.readdir(eventsDir)).filter((n) => rotatedFileTime(n) !== undefined).sort();
}

/** A record line as the log writes it, for files made by hand. */
function line(at: string, i: number): string {
  return `${JSON.stringify({ v: 1, at, conversation: 'c', event: answered(i) })}\n`;
}

describe('rotated file names', () => {
  it('carry the rotation time to the millisecond, sort by time and read back', () => {
    const ms = Date.parse('2026-11-30T13:05:00.123Z');
    expect(rotatedFileName(ms)).toBe('outcomes-2026-11-30T13-05-00-123Z.jsonl');
    expect(rotatedFileTime(rotatedFileName(ms))).toBe(ms);
    expect([rotatedFileName(ms + 1), rotatedFileName(ms - DAY), rotatedFileName(ms)].sort()).toEqual([rotatedFileName(ms - DAY), rotatedFileName(ms), rotatedFileName(ms + 1)]);
    expect(rotatedFileTime('outcomes.jsonl')).toBeUndefined();
    expect(rotatedFileTime('outcomes-2026-11-30.jsonl')).toBeUndefined();
  });
});

describe('EventLog rotation', () => {
  it('rotates by size: no file passes rotateBytes, and the reader reads across all of them in order', async () => {
    let clock = Date.parse('2026-11-30T10:00:00Z');
    const rotateBytes = 1_024;
    const log = await EventLog.open({ dataDir, now: () => clock, flushMs: 0, rotateBytes });
    for (let i = 0; i < 40; i++) {
      clock += 1_000;
      await log.append('c', answered(i));
    }
    await log.close();
    const files = await rotated();
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const name of [...files, 'outcomes.jsonl']) expect((await fs.stat(path.join(eventsDir, name))).size).toBeLessThanOrEqual(rotateBytes);
    const { records, skipped } = await readEventLog(dataDir);
    expect(entryIds(records)).toEqual(Array.from({ length: 40 }, (_, i) => `e${i}`));
    expect(skipped).toBe(0);
  });

  it('rotates when the UTC day changes, naming the file by the rotation time', async () => {
    let clock = Date.parse('2026-11-30T23:59:00Z');
    const log = await EventLog.open({ dataDir, now: () => clock, flushMs: 0 });
    await log.append('c', answered(0));
    await log.append('c', answered(1));
    clock = Date.parse('2026-12-01T00:01:00Z');
    await log.append('c', answered(2));
    await log.close();
    expect(await rotated()).toEqual(['outcomes-2026-12-01T00-01-00-000Z.jsonl']);
    expect(await fs.readFile(path.join(eventsDir, 'outcomes-2026-12-01T00-01-00-000Z.jsonl'), 'utf8')).toContain('"at":"2026-11-30T23:59:00.000Z"');
    expect(await fs.readFile(eventLogPath(dataDir), 'utf8')).not.toContain('2026-11-30');
    expect(entryIds((await readEventLog(dataDir)).records)).toEqual(['e0', 'e1', 'e2']);
  });

  it('rotates on the first write of a new day after a restart (the day is read from the last line)', async () => {
    let clock = Date.parse('2026-11-30T18:00:00Z');
    const first = await EventLog.open({ dataDir, now: () => clock, flushMs: 0 });
    await first.append('c', answered(0));
    await first.close();
    clock = Date.parse('2026-12-01T09:00:00Z');
    const second = await EventLog.open({ dataDir, now: () => clock, flushMs: 0 });
    await second.append('c', answered(1));
    await second.close();
    expect(await rotated()).toEqual(['outcomes-2026-12-01T09-00-00-000Z.jsonl']);
    expect(entryIds((await readEventLog(dataDir)).records)).toEqual(['e0', 'e1']);
  });

  it('keeps appending to the same file after a restart on the same day', async () => {
    const clock = Date.parse('2026-11-30T18:00:00Z');
    for (let i = 0; i < 2; i++) {
      const log = await EventLog.open({ dataDir, now: () => clock, flushMs: 0 });
      await log.append('c', answered(i));
      await log.close();
    }
    expect(await rotated()).toEqual([]);
    expect(entryIds((await readEventLog(dataDir)).records)).toEqual(['e0', 'e1']);
  });

  it('gives two rotations in one millisecond (a frozen clock) different names', async () => {
    const clock = Date.parse('2026-11-30T10:00:00Z');
    const log = await EventLog.open({ dataDir, now: () => clock, flushMs: 0, rotateBytes: 1_024 });
    for (let i = 0; i < 30; i++) await log.append('c', answered(i));
    await log.close();
    const files = await rotated();
    expect(files.length).toBeGreaterThanOrEqual(2);
    expect(files[0]).toBe('outcomes-2026-11-30T10-00-00-000Z.jsonl');
    expect(files[1]).toBe('outcomes-2026-11-30T10-00-00-001Z.jsonl');
    expect(entryIds((await readEventLog(dataDir)).records)).toEqual(Array.from({ length: 30 }, (_, i) => `e${i}`));
  });

  it('is what openEventLog opens when the store is memory, with config.eventLog', async () => {
    let clock = Date.parse('2026-11-30T10:00:00Z');
    const log = await openEventLog({
      config: { dataDir, store: { kind: 'memory', idleMs: 1_000, maxConversations: 1 }, instance: { id: 'test', count: 1 }, eventLog: { flushMs: 0, rotateBytes: 1_024, retentionDays: 90 } },
      now: () => clock,
    });
    for (let i = 0; i < 20; i++) {
      clock += 1_000;
      await log.append('c', answered(i));
    }
    await log.close();
    expect((await rotated()).length).toBeGreaterThanOrEqual(1);
    expect((await readEventLog(dataDir)).records).toHaveLength(20);
  });
});

describe('EventLog retention', () => {
  it('deletes rotated files older than retentionDays at open and at each rotation, and nothing else', async () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    await fs.mkdir(eventsDir, { recursive: true });
    const expired = rotatedFileName(now - 91 * DAY);
    const expiresLater = rotatedFileName(now - 89 * DAY);
    const recent = rotatedFileName(now - DAY);
    for (const name of [expired, expiresLater, recent]) await fs.writeFile(path.join(eventsDir, name), line('2026-01-01T00:00:00.000Z', 0));
    await fs.writeFile(path.join(eventsDir, 'notes.txt'), 'operator notes');

    let clock = now;
    const log = await EventLog.open({ dataDir, now: () => clock, flushMs: 0, retentionDays: 90 });
    expect(await rotated()).toEqual([expiresLater, recent]);

    // Two days on, a day rotation runs retention again: the 89-day-old file is now 91 days old.
    await log.append('c', answered(0));
    clock = now + 2 * DAY;
    await log.append('c', answered(1));
    await log.close();
    expect(await rotated()).toEqual([recent, rotatedFileName(clock)]);
    expect(await fs.readFile(path.join(eventsDir, 'notes.txt'), 'utf8')).toBe('operator notes');
  });

  it('tells the operator when retention fails, and still opens', async () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    // A folder with a rotated file's name cannot be removed without recursion: retention reports it.
    await fs.mkdir(path.join(eventsDir, rotatedFileName(now - 100 * DAY), 'inside'), { recursive: true });
    await fs.writeFile(path.join(eventsDir, rotatedFileName(now - 95 * DAY)), line('2026-08-27T00:00:00.000Z', 0));
    const errors: string[] = [];
    const log = await EventLog.open({ dataDir, now: () => now, flushMs: 0, onMaintenanceError: (err) => errors.push(err.message) });
    await log.append('c', answered(0));
    await log.close();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^eventLog: retention in .*events failed: /);
    // The file beside it went all the same.
    expect(await rotated()).toEqual([rotatedFileName(now - 100 * DAY)]);
  });
});

describe('EventLog at open', () => {
  it('removes stale temporary files from the events folder, and only those', async () => {
    await fs.mkdir(eventsDir, { recursive: true });
    const stale = ['.outcomes.jsonl.4242.1764500000000.tmp', 'batch.tmp'];
    for (const name of stale) await fs.writeFile(path.join(eventsDir, name), 'half');
    await fs.writeFile(path.join(eventsDir, 'outcomes.jsonl'), line('2026-11-30T10:00:00.000Z', 0));
    const log = await EventLog.open({ dataDir, flushMs: 0 });
    await log.close();
    expect((await fs.readdir(eventsDir)).sort()).toEqual(['outcomes.jsonl']);
    expect((await readEventLog(dataDir)).records).toHaveLength(1);
  });

  it('starts a new line after a torn last line, so the next event is not lost with it', async () => {
    await fs.mkdir(eventsDir, { recursive: true });
    await fs.writeFile(eventLogPath(dataDir), `${line('2026-11-30T10:00:00.000Z', 0)}{"v":1,"at":"2026-11-3`);
    const log = await EventLog.open({ dataDir, now: () => Date.parse('2026-11-30T11:00:00Z'), flushMs: 0 });
    await log.append('c', answered(1));
    await log.close();
    const { records, skipped } = await readEventLog(dataDir);
    expect(entryIds(records)).toEqual(['e0', 'e1']);
    expect(skipped).toBe(1);
  });
});

describe('readEventLog across rotated files', () => {
  it('reads the rotated files oldest first, then the current one', async () => {
    await fs.mkdir(eventsDir, { recursive: true });
    await fs.writeFile(path.join(eventsDir, rotatedFileName(Date.parse('2026-11-29T00:00:00Z'))), line('2026-11-28T10:00:00.000Z', 0));
    await fs.writeFile(path.join(eventsDir, rotatedFileName(Date.parse('2026-11-30T00:00:00Z'))), line('2026-11-29T10:00:00.000Z', 1));
    await fs.writeFile(eventLogPath(dataDir), line('2026-11-30T10:00:00.000Z', 2));
    expect(entryIds((await readEventLog(dataDir)).records)).toEqual(['e0', 'e1', 'e2']);
  });

  it('with --since, does not even open rotated files rotated before it', async () => {
    await fs.mkdir(eventsDir, { recursive: true });
    // An unreadable old file would count as skipped lines if it were read.
    await fs.writeFile(path.join(eventsDir, rotatedFileName(Date.parse('2026-11-20T00:00:00Z'))), 'not json\nnot json either\n');
    await fs.writeFile(path.join(eventsDir, rotatedFileName(Date.parse('2026-11-30T00:00:00Z'))), line('2026-11-24T23:00:00.000Z', 0) + line('2026-11-29T10:00:00.000Z', 1));
    await fs.writeFile(eventLogPath(dataDir), line('2026-11-30T10:00:00.000Z', 2));
    const since = await readEventLog(dataDir, { since: new Date('2026-11-25T00:00:00Z') });
    expect(entryIds(since.records)).toEqual(['e1', 'e2']);
    expect(since.skipped).toBe(0);
    expect((await readEventLog(dataDir)).skipped).toBe(2);
  });

  it('names the module and the file when the folder cannot be read', async () => {
    await fs.mkdir(dataDir, { recursive: true });
    await fs.writeFile(eventsDir, 'a file where the folder should be');
    await expect(readEventLog(dataDir)).rejects.toThrow(/^eventLog: cannot read .*events: /);
  });
});
