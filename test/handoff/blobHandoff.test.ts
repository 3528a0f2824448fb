import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handoffCommand } from '../../src/cli/handoffCommand';
import type { CliIo } from '../../src/cli/io';
import { loadConfig } from '../../src/config';
import { createHandoffProvider, createHandoffStores } from '../../src/handoff/createHandoffProvider';
import { TicketStore } from '../../src/handoff/ticketStore';
import { WebhookHandoffProvider } from '../../src/handoff/webhookProvider';
import { BlobDocumentStore } from '../../src/storage/blobDocumentStore';
import { BLOB_PREFIXES, openSharedContainer } from '../../src/storage/sharedContainer';
import { useAzurite } from '../support/azurite';
import { memoryLogger, sampleContext, suffixes } from './sampleContext';

const azurite = useAzurite();

let container: string;
let dataDir: string;
beforeEach(async () => {
  container = `handoff-${randomBytes(6).toString('hex')}`;
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'madoguchi-blob-handoff-'));
});
afterEach(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

/** The configuration of one instance with STATE_STORE=blob. */
function blobConfig() {
  return { dataDir, store: { kind: 'blob' as const, connectionString: azurite.connectionString, container } };
}

/** Stores as another instance would open them: its own client on the same container. */
function instanceStores() {
  return createHandoffStores(blobConfig());
}

function memoryIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), lines: async function* () {} };
  return { io, out, err };
}

const at = () => Date.parse('2026-11-25T10:00:00Z');

describe('tickets in the shared container', () => {
  it('keeps ticket numbers unique across two instances that draw the same number', async () => {
    const one = new TicketStore({ documents: new BlobDocumentStore(openSharedContainer(azurite.connectionString, container), BLOB_PREFIXES.tickets), now: at, random: suffixes(0, 1, 3) });
    const two = new TicketStore({ documents: new BlobDocumentStore(openSharedContainer(azurite.connectionString, container), BLOB_PREFIXES.tickets), now: at, random: suffixes(0, 2, 1, 3) });
    // Sequential: the second finds …-2222 taken and moves on.
    expect((await one.create(sampleContext())).id).toBe('MDG-20261125-2222');
    expect((await two.create(sampleContext())).id).toBe('MDG-20261125-4444');
    // Concurrent: both draw …-3333; exactly one gets it, the other draws again (…-5555).
    const [a, b] = await Promise.all([one.create(sampleContext({ questions: ['one'] })), two.create(sampleContext({ questions: ['two'] }))]);
    expect([a.id, b.id].sort()).toEqual(['MDG-20261125-3333', 'MDG-20261125-5555']);
    const ids = (await one.list()).map((t) => t.id);
    expect(ids.sort()).toEqual(['MDG-20261125-2222', 'MDG-20261125-4444', a.id, b.id].sort());
    expect(new Set(ids).size).toBe(4);
  });

  it('is where createHandoffProvider puts tickets with STATE_STORE=blob, and what handoff list shows', async () => {
    const loaded = loadConfig({ DATA_DIR: dataDir, STATE_STORE: 'blob', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, STORAGE_CONTAINER: container });
    if (!loaded.ok) throw new Error(loaded.error);
    const { provider } = createHandoffProvider(loaded.config, memoryLogger());
    const result = await provider.submit(sampleContext());
    if (!result.ok) throw new Error('submit failed');
    // Nothing on the local disk: the ticket is in the container.
    expect(await fs.readdir(dataDir)).toEqual([]);
    const names: string[] = [];
    for await (const blob of openSharedContainer(azurite.connectionString, container).client.listBlobsFlat()) names.push(blob.name);
    expect(names).toEqual([`tickets/${result.ticketId}.json`]);

    const { io, out } = memoryIo();
    expect(await handoffCommand(['list'], io, loaded.config)).toBe(0);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(new RegExp(`^${result.ticketId}  \\S+  user-request\\s+t\\*\\*\\*@example.com\\s+パスワードを忘れました。\\[メール\\] です$`));
    const shown = memoryIo();
    expect(await handoffCommand(['show', result.ticketId], shown.io, loaded.config)).toBe(0);
    expect(shown.out[0]).toBe(`ticket:       ${result.ticketId}`);
  });

  it('says which container it looked in when there are none', async () => {
    const { io, out } = memoryIo();
    expect(await handoffCommand(['list'], io, blobConfig())).toBe(0);
    expect(out).toEqual([`no handoff tickets in ${container}/tickets/`]);
  });
});

describe('webhook delivery from a shared outbox', () => {
  it('two instances scanning one outbox at once deliver each ticket exactly once', async () => {
    const posted: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slowFetch: typeof fetch = async (_url, init) => {
      posted.push(new Headers(init?.headers).get('x-madoguchi-delivery') ?? '');
      await gate;
      return new Response(null, { status: 204 });
    };
    const instance = (name: string) => {
      const stores = instanceStores();
      return new WebhookHandoffProvider({ store: stores.tickets, outbox: stores.outbox, deadLetters: stores.deadLetters, url: 'https://hooks.example.com/h', secret: 's', logger: memoryLogger(), fetch: slowFetch, instanceId: name });
    };
    const a = instance('instance-a');
    const b = instance('instance-b');
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await (i % 2 === 0 ? a : b).submit(sampleContext());
      if (!r.ok) throw new Error('submit failed');
      ids.push(r.ticketId);
    }
    const passes = Promise.all([a.flush(), b.flush(), a.flush(), b.flush()]);
    // Let both passes reach their claims before any delivery finishes.
    await new Promise((r) => setTimeout(r, 200));
    release();
    await passes;
    await Promise.all([a.flush(), b.flush()]);
    expect(posted.sort()).toEqual([...ids].sort());
    expect(await a.pending()).toEqual([]);
  });

  it('moves a ticket to the dead-letters prefix, and the CLI lists and retries it', async () => {
    let clock = at();
    const stores = instanceStores();
    const failing: typeof fetch = async () => new Response(null, { status: 502 });
    const p = new WebhookHandoffProvider({ store: stores.tickets, outbox: stores.outbox, deadLetters: stores.deadLetters, url: 'https://hooks.example.com/h', secret: 's', logger: memoryLogger(), fetch: failing, maxAttempts: 2, now: () => clock });
    const r = await p.submit(sampleContext());
    if (!r.ok) throw new Error('submit failed');
    await p.flush();
    clock += 60_000;
    await p.flush();
    const names: string[] = [];
    for await (const blob of openSharedContainer(azurite.connectionString, container).client.listBlobsFlat()) names.push(blob.name);
    expect(names.sort()).toEqual([`dead-letters/${r.ticketId}.json`, `tickets/${r.ticketId}.json`]);

    clock += 3 * 3_600_000;
    const listed = memoryIo();
    expect(await handoffCommand(['dead-letters', 'list'], listed.io, blobConfig(), { now: () => clock })).toBe(0);
    expect(listed.out).toEqual([`${r.ticketId}  age 3h 1m     attempts 2     HTTP 502`]);

    const retried = memoryIo();
    expect(await handoffCommand(['dead-letters', 'retry', r.ticketId], retried.io, blobConfig(), { now: () => clock })).toBe(0);
    expect(retried.out[0]).toBe(`${r.ticketId}: back in the outbox, attempts reset`);
    expect(await p.pending()).toEqual([r.ticketId]);
    expect((await stores.deadLetters.list()).letters).toEqual([]);
  });
});
