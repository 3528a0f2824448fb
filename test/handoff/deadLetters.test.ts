import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandoffStores, type HandoffStores } from '../../src/handoff/createHandoffProvider';
import type { DeadLetter } from '../../src/handoff/webhookOutbox';
import { WebhookHandoffProvider, type WebhookProviderOptions } from '../../src/handoff/webhookProvider';
import { BotMetrics } from '../../src/telemetry/metrics';
import { memoryLogger, sampleContext, waitFor } from './sampleContext';

const HOUR = 3_600_000;
const START = Date.parse('2026-11-25T10:00:00Z');

/** A webhook that answers what the test says, and remembers each attempt's headers. */
function fakeWebhook() {
  const attempts: { delivery: string | null; attempt: string | null }[] = [];
  let answer: () => Response | Promise<Response> = () => new Response(null, { status: 503 });
  const fetchImpl: typeof fetch = async (_url, init) => {
    const headers = new Headers(init?.headers);
    attempts.push({ delivery: headers.get('x-madoguchi-delivery'), attempt: headers.get('x-madoguchi-attempt') });
    return answer();
  };
  return {
    fetch: fetchImpl,
    attempts,
    answer: (f: () => Response | Promise<Response>) => {
      answer = f;
    },
  };
}

let dataDir: string;
let stores: HandoffStores;
let clock: number;
let webhook: ReturnType<typeof fakeWebhook>;
const providers: WebhookHandoffProvider[] = [];

function provider(overrides: Partial<WebhookProviderOptions> = {}) {
  const p = new WebhookHandoffProvider({
    store: stores.tickets,
    outbox: stores.outbox,
    deadLetters: stores.deadLetters,
    url: 'https://hooks.example.com/madoguchi',
    secret: 'secret',
    logger: memoryLogger(),
    fetch: webhook.fetch,
    now: () => clock,
    ...overrides,
  });
  providers.push(p);
  return p;
}

async function submitOne(p: WebhookHandoffProvider): Promise<string> {
  const result = await p.submit(sampleContext());
  if (!result.ok) throw new Error('submit failed');
  return result.ticketId;
}

beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'madoguchi-dead-'));
  stores = createHandoffStores({ dataDir });
  clock = START;
  webhook = fakeWebhook();
});
afterEach(async () => {
  for (const p of providers.splice(0)) await p.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('WebhookHandoffProvider bounded retries', () => {
  it('moves a ticket to the dead letters after maxAttempts failed attempts, with its last error, a log line and onDeadLetter', async () => {
    const logger = memoryLogger();
    const dead: DeadLetter[] = [];
    const metrics = new BotMetrics();
    const p = provider({
      maxAttempts: 3,
      logger,
      // As src/app.ts wires it.
      onDeadLetter: (letter) => {
        dead.push(letter);
        metrics.countDeadLetter();
      },
    });
    const id = await submitOne(p);
    for (let i = 0; i < 2; i++) {
      await p.flush();
      clock += HOUR;
    }
    expect(await p.pending()).toEqual([id]);
    expect((await stores.deadLetters.list()).letters).toEqual([]);

    await p.flush();
    expect(webhook.attempts).toEqual(['1', '2', '3'].map((attempt) => ({ delivery: id, attempt })));
    expect(await p.pending()).toEqual([]);
    const { letters } = await stores.deadLetters.list();
    expect(letters).toEqual([{ ticketId: id, body: expect.stringContaining(`"id":"${id}"`), attempts: 3, queuedAt: START, deadAt: START + 2 * HOUR, lastError: 'HTTP 503' }]);
    expect(dead).toEqual(letters);
    expect(await metrics.registry.metrics()).toMatch(/^madoguchi_handoff_dead_letters_total 1$/m);
    const line = logger.lines.find((l) => l.message.startsWith(`webhookHandoff: ticket ${id} moved`));
    expect(line).toEqual({ level: 'error', fields: { ticketId: id, attempts: 3, error: 'HTTP 503' }, message: `webhookHandoff: ticket ${id} moved to dead letters after 3 attempts: HTTP 503` });
    // The ticket itself stays readable for operators.
    expect((await stores.tickets.get(id))?.id).toBe(id);

    // Nothing is attempted any more.
    clock += HOUR;
    await p.flush();
    expect(webhook.attempts).toHaveLength(3);
  });

  it('moves a ticket older than maxAgeMs to the dead letters at its next failure, whatever its attempts', async () => {
    const logger = memoryLogger();
    const p = provider({ maxAttempts: 20, maxAgeMs: HOUR, logger });
    const id = await submitOne(p);
    webhook.answer(() => {
      throw new TypeError('fetch failed');
    });
    await p.flush();
    clock += 40 * 60_000;
    await p.flush();
    expect(await p.pending()).toEqual([id]);
    clock += 40 * 60_000;
    await p.flush();
    expect(await p.pending()).toEqual([]);
    expect((await stores.deadLetters.list()).letters.map((l) => [l.ticketId, l.attempts, l.lastError])).toEqual([[id, 3, 'fetch failed']]);
    expect(logger.lines.map((l) => l.message)).toContain(`webhookHandoff: ticket ${id} moved to dead letters after 3 attempts: fetch failed`);
  });

  it('still delivers a ticket older than maxAgeMs whose attempt succeeds', async () => {
    const p = provider({ maxAgeMs: HOUR });
    const id = await submitOne(p);
    await p.flush();
    clock += 2 * HOUR;
    webhook.answer(() => new Response(null, { status: 204 }));
    await p.flush();
    expect(await p.pending()).toEqual([]);
    expect((await stores.deadLetters.list()).letters).toEqual([]);
    expect(webhook.attempts).toEqual([
      { delivery: id, attempt: '1' },
      { delivery: id, attempt: '2' },
    ]);
  });

  it('refuses options that would let a claim expire during an attempt', () => {
    expect(() => provider({ claimMs: 5_000, timeoutMs: 5_000 })).toThrow('webhookHandoff: claimMs (5000) must be longer than timeoutMs (5000)');
    expect(() => provider({ maxAttempts: 0 })).toThrow('webhookHandoff: maxAttempts must be at least 1 (got 0)');
  });
});

describe('retry from the dead letters', () => {
  async function deadTicket(): Promise<string> {
    const p = provider({ maxAttempts: 1 });
    const id = await submitOne(p);
    await p.flush();
    expect((await stores.deadLetters.list()).letters.map((l) => l.ticketId)).toEqual([id]);
    return id;
  }

  it('moves the entry back to the outbox, due now, attempts reset and its age counted afresh', async () => {
    const id = await deadTicket();
    clock += 30 * HOUR;
    expect(await stores.deadLetters.retry(id, stores.outbox, clock)).toBe('moved');
    expect((await stores.deadLetters.list()).letters).toEqual([]);
    const { entries } = await stores.outbox.list();
    expect(entries.map((e) => e.entry)).toEqual([{ ticketId: id, body: expect.any(String), attempts: 0, nextAttemptAt: clock, queuedAt: clock, lastError: 'HTTP 503' }]);

    webhook.answer(() => new Response(null, { status: 200 }));
    const p = provider({ maxAgeMs: HOUR });
    await p.flush();
    expect(webhook.attempts.map((a) => a.attempt)).toEqual(['1', '1']);
    expect(await p.pending()).toEqual([]);
  });

  it('says a damaged dead letter is unreadable when asked for it', async () => {
    await fs.mkdir(path.join(dataDir, 'handoff-dead-letters'), { recursive: true });
    await fs.writeFile(path.join(dataDir, 'handoff-dead-letters', 'MDG-20261125-ABCD.json'), JSON.stringify({ ticketId: 'MDG-20261125-ABCD', body: '{}', attempts: 'many' }));
    await expect(stores.deadLetters.retry('MDG-20261125-ABCD', stores.outbox, clock)).rejects.toThrow('webhookOutbox: dead letter MDG-20261125-ABCD is unreadable: attempts: ');
    expect((await stores.outbox.list()).entries).toEqual([]);
  });

  it('says missing for an unknown ticket, and pending when the outbox has it already', async () => {
    expect(await stores.deadLetters.retry('MDG-20261125-ABCD', stores.outbox, clock)).toBe('missing');
    const id = await deadTicket();
    await stores.outbox.put({ ticketId: id, body: '{}', attempts: 4, nextAttemptAt: clock, queuedAt: clock });
    expect(await stores.deadLetters.retry(id, stores.outbox, clock)).toBe('pending');
    expect((await stores.deadLetters.list()).letters).toEqual([]);
    expect((await stores.outbox.list()).entries.map((e) => e.entry.attempts)).toEqual([4]);
  });

  it('is picked up by a running provider at its next periodic scan, with nothing else queued', async () => {
    const id = await deadTicket();
    webhook.answer(() => new Response(null, { status: 200 }));
    const running = provider({ scanIntervalMs: 20, now: Date.now });
    await running.start();
    await stores.deadLetters.retry(id, stores.outbox, Date.now());
    await waitFor(async () => (await running.pending()).length === 0 && webhook.attempts.length === 2, 5_000, 'delivery after the rescan');
    expect(webhook.attempts[1]).toEqual({ delivery: id, attempt: '1' });
  });
});

describe('outbox claims', () => {
  it('leaves an entry another instance claimed until the claim expires, then takes it over', async () => {
    webhook.answer(() => new Response(null, { status: 200 }));
    const p = provider();
    await stores.outbox.put({ ticketId: 'MDG-20261125-ABCD', body: '{}', attempts: 1, nextAttemptAt: clock, queuedAt: clock, claimedBy: 'other-instance', claimedUntil: clock + 60_000 });
    await p.flush();
    expect(webhook.attempts).toEqual([]);
    clock += 61_000;
    await p.flush();
    expect(webhook.attempts).toEqual([{ delivery: 'MDG-20261125-ABCD', attempt: '2' }]);
    expect(await p.pending()).toEqual([]);
  });

  it('writes its claim before the attempt and clears it after a failure', async () => {
    let seen: unknown;
    webhook.answer(async () => {
      seen = (await stores.outbox.list()).entries[0]?.entry;
      return new Response(null, { status: 500 });
    });
    const p = provider({ instanceId: 'instance-a', claimMs: 60_000 });
    const id = await submitOne(p);
    await p.flush();
    expect(seen).toMatchObject({ ticketId: id, claimedBy: 'instance-a', claimedUntil: START + 60_000 });
    const [after] = (await stores.outbox.list()).entries;
    expect(after?.entry).toEqual({ ticketId: id, body: expect.any(String), attempts: 1, nextAttemptAt: START + 1_000, queuedAt: START, lastError: 'HTTP 500' });
  });

  it('reports an unreadable outbox entry once and leaves it in place', async () => {
    const logger = memoryLogger();
    const p = provider({ logger });
    await fs.mkdir(path.join(dataDir, 'handoff-outbox'), { recursive: true });
    await fs.writeFile(path.join(dataDir, 'handoff-outbox', 'MDG-20261125-ABCD.json'), '{"ticketId": "MDG-20261125-ABCD"}');
    await p.flush();
    await p.flush();
    const lines = logger.lines.filter((l) => l.message === 'webhookHandoff: unreadable outbox entry left in place');
    expect(lines).toEqual([{ level: 'error', fields: { file: 'MDG-20261125-ABCD.json', problem: expect.stringMatching(/^body: /) }, message: 'webhookHandoff: unreadable outbox entry left in place' }]);
    expect(await fs.readdir(path.join(dataDir, 'handoff-outbox'))).toEqual(['MDG-20261125-ABCD.json']);
  });

  it('reads an entry written before queuedAt existed, its age counted from the ticket', async () => {
    const body = JSON.stringify({ id: 'MDG-20261124-ABCD', createdAt: '2026-11-24T10:00:00.000Z', context: {} });
    await fs.mkdir(path.join(dataDir, 'handoff-outbox'), { recursive: true });
    await fs.writeFile(path.join(dataDir, 'handoff-outbox', 'MDG-20261124-ABCD.json'), JSON.stringify({ ticketId: 'MDG-20261124-ABCD', body, attempts: 2, nextAttemptAt: START }));
    const p = provider({ maxAgeMs: 12 * HOUR });
    await p.flush();
    expect((await stores.deadLetters.list()).letters.map((l) => [l.ticketId, l.attempts, l.queuedAt])).toEqual([['MDG-20261124-ABCD', 3, Date.parse('2026-11-24T10:00:00.000Z')]]);
  });
});
