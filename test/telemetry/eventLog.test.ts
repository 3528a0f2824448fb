import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventLog, eventLogPath, hashConversationId, readEventLog } from '../../src/telemetry/eventLog';
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
    expect(logger.lines).toEqual([{ level: 'error', fields: { kind: 'abstained', error: 'eventLog: append after close' }, message: 'telemetry: could not record an outcome' }]);
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
