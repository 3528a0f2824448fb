import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutcomeEvent } from '../../dialogs/outcomes';
import type { CliIo } from '../../src/cli/io';
import { main } from '../../src/cli/main';
import type { Config } from '../../src/config';
import { createHandoffStores } from '../../src/handoff/createHandoffProvider';
import { BLOB_PREFIXES, openSharedContainer, type SharedContainer } from '../../src/storage/sharedContainer';
import { eventBlobName } from '../../src/telemetry/blobEventSink';
import { MIN_BLOB_EVENT_FLUSH_MS, blobFlushMs, eventLogPlace, hashConversationId, openEventLog, readEventLog } from '../../src/telemetry/eventLog';
import type { DeflectionReport } from '../../src/telemetry/report';
import { sampleContext } from '../handoff/sampleContext';
import { useAzurite } from '../support/azurite';

const azurite = useAzurite();

let dataDir: string;
let containerName: string;
beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'madoguchi-eventblob-'));
  containerName = `events-${randomBytes(6).toString('hex')}`;
});
afterEach(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

const DAY = 86_400_000;
const answered = (i: number): OutcomeEvent => ({ kind: 'answered', entryId: `e${i}`, confidence: 1 });
const entryIds = (records: readonly { event: OutcomeEvent }[]) => records.map((r) => (r.event.kind === 'answered' ? r.event.entryId : r.event.kind));

function blobConfig(instanceId: string, retentionDays = 90): Pick<Config, 'dataDir' | 'store' | 'instance' | 'eventLog'> {
  return {
    dataDir,
    store: { kind: 'blob', connectionString: azurite.connectionString, container: containerName },
    instance: { id: instanceId, count: 2 },
    eventLog: { flushMs: 0, rotateBytes: 1_024, retentionDays },
  };
}

/** Another client on the same container, as another instance or the CLI would open it. */
function container(): SharedContainer {
  return openSharedContainer(azurite.connectionString, containerName);
}

async function blobNames(prefix: string = BLOB_PREFIXES.events): Promise<string[]> {
  const names: string[] = [];
  for await (const blob of container().client.listBlobsFlat({ prefix })) names.push(blob.name);
  return names.sort();
}

describe('blob event log names and flush', () => {
  it('names a batch by day folder, instance, time and sequence, so one instance sorts in write order', () => {
    const ms = Date.parse('2026-11-30T13:05:00.123Z');
    expect(eventBlobName('web-1', ms, 42)).toBe('events/2026-11-30/web-1-T130500.123Z-000042.jsonl');
    expect(eventBlobName('web-1', ms, 9) < eventBlobName('web-1', ms, 10)).toBe(true);
    expect(eventBlobName('web-1', ms, 99) < eventBlobName('web-1', ms + 1, 0)).toBe(true);
  });

  it('flushes blobs at least MIN_BLOB_EVENT_FLUSH_MS apart, more when configured', () => {
    expect(MIN_BLOB_EVENT_FLUSH_MS).toBe(200);
    expect(blobFlushMs(20)).toBe(200);
    expect(blobFlushMs(0)).toBe(200);
    expect(blobFlushMs(500)).toBe(500);
  });
});

describe('EventLog on the shared blob container', () => {
  it('two instances write to one container, one blob per batch; readEventLog sees both, merged by time', async () => {
    let clock = Date.parse('2026-11-30T10:00:00Z');
    const now = () => clock;
    const one = await openEventLog({ config: blobConfig('web-1'), now });
    const two = await openEventLog({ config: blobConfig('web-2'), now });
    // 30 events at once on web-1: group commit makes them one or two blobs.
    await Promise.all(Array.from({ length: 30 }, (_, i) => one.append('a', answered(i))));
    clock += 1_000;
    await two.append('b', answered(30));
    clock += 1_000;
    await one.append('a', answered(31));
    await Promise.all([one.close(), two.close()]);

    const names = await blobNames();
    const ofOne = names.filter((n) => n.startsWith('events/2026-11-30/web-1-'));
    const ofTwo = names.filter((n) => n.startsWith('events/2026-11-30/web-2-'));
    expect(ofOne.length).toBeGreaterThanOrEqual(2);
    expect(ofOne.length).toBeLessThanOrEqual(3);
    expect(ofTwo).toHaveLength(1);
    expect(names).toHaveLength(ofOne.length + ofTwo.length);

    const { records, skipped } = await readEventLog(eventLogPlace(blobConfig('cli'), container()));
    expect(skipped).toBe(0);
    expect(entryIds(records)).toEqual([...Array.from({ length: 30 }, (_, i) => `e${i}`), 'e30', 'e31']);
    expect(new Set(records.map((r) => r.conversation))).toEqual(new Set([hashConversationId('a'), hashConversationId('b')]));
  });

  it('with --since lists only the day folders from that day on', async () => {
    let clock = Date.parse('2026-11-28T10:00:00Z');
    const log = await openEventLog({ config: blobConfig('web-1'), now: () => clock });
    await log.append('a', answered(0));
    clock = Date.parse('2026-11-30T10:00:00Z');
    await log.append('a', answered(1));
    await log.close();
    // A damaged blob in an earlier day folder counts as skipped lines only if it is read.
    const damaged = 'events/2026-11-29/web-9-T000000.000Z-000000.jsonl';
    await container().client.getBlockBlobClient(damaged).upload('not json\n', 9);
    const place = eventLogPlace(blobConfig('cli'), container());
    const recent = await readEventLog(place, { since: new Date('2026-11-30T00:00:00Z') });
    expect(entryIds(recent.records)).toEqual(['e1']);
    expect(recent.skipped).toBe(0);
    const all = await readEventLog(place);
    expect(entryIds(all.records)).toEqual(['e0', 'e1']);
    expect(all.skipped).toBe(1);
  });

  it('deletes the day folders older than retentionDays when it opens, and keeps the rest', async () => {
    const now = Date.parse('2026-11-30T10:00:00Z');
    const writeOn = async (day: number) => {
      const log = await openEventLog({ config: blobConfig('old', 36_500), now: () => now - day * DAY });
      await log.append('a', answered(day));
      await log.close();
    };
    await writeOn(91); // 2026-08-31: ended more than 90 days ago
    await writeOn(90); // 2026-09-01: holds events younger than 90 days
    await writeOn(89);
    await container().client.getBlockBlobClient('state/unrelated.json').upload('{}', 2);
    const log = await openEventLog({ config: blobConfig('web-1', 90), now: () => now });
    await log.close(); // waits for the retention started at open
    expect((await blobNames()).map((n) => n.slice(0, 'events/2026-09-01/'.length))).toEqual(['events/2026-09-01/', 'events/2026-09-02/']);
    expect(await blobNames('state/')).toEqual(['state/unrelated.json']);
  });

  it('rejects the appends of a batch the service refuses, with the module name, the blob and the status', async () => {
    const log = await openEventLog({ config: blobConfig('web-1'), now: () => Date.parse('2026-11-30T10:00:00Z') });
    await container().client.delete();
    await expect(log.append('a', answered(0))).rejects.toThrow(/^eventLog: write failed: blob events\/2026-11-30\/web-1-T100000\.000Z-000000\.jsonl: status 404 ContainerNotFound$/);
    await log.close();
  });

  it('fails to open with the module name when the container cannot be used', async () => {
    const refusing: SharedContainer = { client: container().client, ready: () => Promise.reject(new Error(`sharedContainer: cannot open container "${containerName}": status 403 AuthorizationFailure`)) };
    await expect(openEventLog({ config: blobConfig('web-1'), container: refusing })).rejects.toThrow(
      `eventLog: cannot open the blob container: sharedContainer: cannot open container "${containerName}": status 403 AuthorizationFailure`,
    );
  });

  it('fails to read with the module name, the prefix and the status, never the request', async () => {
    const wrongKey = azurite.wrongKeyConnectionString;
    const place = eventLogPlace(blobConfig('cli'), openSharedContainer(wrongKey, containerName));
    await expect(readEventLog(place)).rejects.toThrow(new RegExp(`^eventLog: cannot read events/ in container "${containerName}": status 403 AuthorizationFailure$`));
  });

  it('tells the operator when retention fails, without failing the log', async () => {
    const wrongKey = azurite.wrongKeyConnectionString;
    const unauthorized: SharedContainer = { client: openSharedContainer(wrongKey, containerName).client, ready: () => Promise.resolve() };
    const errors: string[] = [];
    const log = await openEventLog({ config: blobConfig('web-1'), container: unauthorized, onMaintenanceError: (err) => errors.push(err.message) });
    await log.close();
    expect(errors).toEqual(['eventLog: retention of events/ failed: status 403 AuthorizationFailure']);
  });

  it('reads an empty log from a container that does not exist yet', async () => {
    expect(await readEventLog(eventLogPlace(blobConfig('cli'), container()))).toEqual({ records: [], skipped: 0 });
  });
});

describe('madoguchi report with STATE_STORE=blob', () => {
  function memoryIo() {
    const out: string[] = [];
    const err: string[] = [];
    const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), lines: async function* () {} };
    return { io, out, err };
  }

  it('reads the events and the tickets from the shared container, and counts a ticket whose event was lost', async () => {
    const config = blobConfig('web-1');
    const tickets = createHandoffStores(config).tickets;
    const recorded = await tickets.create(sampleContext({ reason: 'user-request', conversation: hashConversationId('conv-a') }));
    // The server stored this ticket and died before its handedOver event was written.
    await tickets.create(sampleContext({ reason: 'flow-failure', conversation: hashConversationId('conv-b') }));
    const log = await openEventLog({ config });
    await log.append('conv-a', { kind: 'handedOver', reason: 'user-request', ticketId: recorded.id });
    await log.append('conv-c', answered(0));
    await log.close();

    const env = { STATE_STORE: 'blob', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, STORAGE_CONTAINER: containerName, DATA_DIR: dataDir };
    const json = memoryIo();
    expect(await main(['report', '--json'], json.io, env)).toBe(0);
    expect(json.err).toEqual([]);
    const report = JSON.parse(json.out[0] as string) as DeflectionReport;
    expect([report.events, report.conversations, report.handedOver, report.handoffsRecoveredFromTickets]).toEqual([2, 3, 2, 1]);
    expect(report.handoffsByReason).toEqual({ 'user-request': 1, 'flow-failure': 1 });
    // Nothing was read from (or written to) the local data folder.
    expect(await fs.readdir(dataDir)).toEqual([]);

    const text = memoryIo();
    expect(await main(['report'], text.io, env)).toBe(0);
    expect(text.out).toContain('  recovered from tickets:   1  (tickets with no handedOver event, e.g. after a crash; counted above)');
  });
});
