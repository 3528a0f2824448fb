import { createHmac } from 'node:crypto';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHandoffStores } from '../../src/handoff/createHandoffProvider';
import { TicketStore, type HandoffTicket } from '../../src/handoff/ticketStore';
import { WebhookHandoffProvider, backoffDelay } from '../../src/handoff/webhookProvider';
import { signBody, verifySignature } from '../../src/handoff/webhookSignature';
import { memoryLogger, sampleContext, waitFor } from './sampleContext';

const SECRET = 'test-secret-不要';

interface Received {
  readonly raw: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly status: number;
}

/** A webhook receiver on loopback whose answer the test controls. */
async function startReceiver() {
  const received: Received[] = [];
  let respond: () => number = () => 200;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = respond();
      received.push({ raw: Buffer.concat(chunks).toString('utf8'), headers: req.headers, status });
      // Two calls: restify, once loaded in the same worker, replaces ServerResponse#writeHead with one that returns nothing.
      res.writeHead(status);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/handoff`,
    received,
    setResponder: (f: () => number) => {
      respond = f;
    },
    delivered: () => received.filter((r) => r.status >= 200 && r.status < 300),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let dataDir: string;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const providers: WebhookHandoffProvider[] = [];

function provider(overrides: Partial<ConstructorParameters<typeof WebhookHandoffProvider>[0]> = {}) {
  const { tickets, outbox, deadLetters } = createHandoffStores({ dataDir });
  const p = new WebhookHandoffProvider({ store: tickets, outbox, deadLetters, url: receiver.url, secret: SECRET, logger: memoryLogger(), backoffBaseMs: 20, backoffMaxMs: 80, ...overrides });
  providers.push(p);
  return p;
}

beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'madoguchi-webhook-'));
  receiver = await startReceiver();
});
afterEach(async () => {
  for (const p of providers.splice(0)) await p.stop();
  await receiver.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('webhook signature', () => {
  it('is sha256=<hex HMAC-SHA256 of the raw body> and verifies in constant time', () => {
    const body = '{"id":"MDG-20261125-ABCD","本文":"こんにちは"}';
    const expected = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    expect(signBody(SECRET, body)).toBe(expected);
    expect(verifySignature(SECRET, body, expected)).toBe(true);
    expect(verifySignature(SECRET, `${body} `, expected)).toBe(false);
    expect(verifySignature('other', body, expected)).toBe(false);
    expect(verifySignature(SECRET, body, undefined)).toBe(false);
    expect(verifySignature(SECRET, body, expected.replace('sha256=', 'sha1='))).toBe(false);
  });
});

describe('backoffDelay', () => {
  it('doubles from the base and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, 1000, 10_000))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });
});

describe('WebhookHandoffProvider', () => {
  it('POSTs the stored ticket as JSON, signed over the raw body, with the documented headers', async () => {
    const p = provider();
    await p.start();
    const result = await p.submit(sampleContext());
    expect(result.ok && result.delivery).toBe('queued');
    await waitFor(() => receiver.delivered().length === 1, 5_000, 'delivery');
    const [hit] = receiver.received;
    if (!hit || !result.ok) throw new Error('no delivery');
    expect(hit.headers['content-type']).toBe('application/json');
    expect(hit.headers['x-madoguchi-signature']).toBe(`sha256=${createHmac('sha256', SECRET).update(hit.raw).digest('hex')}`);
    expect(hit.headers['x-madoguchi-delivery']).toBe(result.ticketId);
    expect(hit.headers['x-madoguchi-attempt']).toBe('1');
    expect(Math.abs(Number(hit.headers['x-madoguchi-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    const ticket = JSON.parse(hit.raw) as HandoffTicket;
    expect(ticket.id).toBe(result.ticketId);
    expect(ticket.context.reason).toBe('user-request');
    expect(hit.raw).not.toContain('taro@example.com');
    await waitFor(async () => (await p.pending()).length === 0, 2_000, 'outbox emptied');
  });

  it('retries with backoff until the webhook answers 2xx, then delivers exactly once', async () => {
    let calls = 0;
    receiver.setResponder(() => (++calls <= 2 ? 503 : 204));
    const logger = memoryLogger();
    const p = provider({ logger });
    await p.start();
    await p.submit(sampleContext());
    await waitFor(() => receiver.delivered().length === 1, 5_000, 'delivery after retries');
    expect(receiver.received.map((r) => [r.status, r.headers['x-madoguchi-attempt']])).toEqual([
      [503, '1'],
      [503, '2'],
      [204, '3'],
    ]);
    expect(logger.lines.filter((l) => l.message === 'webhookHandoff: delivery failed, will retry')).toHaveLength(2);
    await waitFor(async () => (await p.pending()).length === 0, 2_000, 'outbox emptied');
    await new Promise((r) => setTimeout(r, 150));
    expect(receiver.received).toHaveLength(3);
  });

  it('keeps tickets while the webhook is down and delivers every one after a process restart', async () => {
    receiver.setResponder(() => 503);
    const first = provider();
    await first.start();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await first.submit(sampleContext({ questions: [`質問 ${i}`] }));
      if (!r.ok) throw new Error('submit failed');
      ids.push(r.ticketId);
    }
    // Down for a while: every ticket is tried more than once and stays in the outbox.
    await waitFor(() => ids.every((id) => receiver.received.filter((r) => r.headers['x-madoguchi-delivery'] === id).length >= 2), 5_000, 'retries while down');
    await first.stop();
    expect((await first.pending()).sort()).toEqual([...ids].sort());
    const attemptsBeforeRestart = receiver.received.length;

    // The process is gone; the webhook comes back; a new process starts over the same dataDir.
    receiver.setResponder(() => 200);
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.received.length).toBe(attemptsBeforeRestart);
    const second = provider();
    await second.start();
    await waitFor(async () => (await second.pending()).length === 0, 5_000, 'outbox drained after restart');

    const delivered = receiver.delivered();
    expect(delivered.map((d) => d.headers['x-madoguchi-delivery']).sort()).toEqual([...ids].sort());
    for (const d of delivered) {
      expect(verifySignature(SECRET, d.raw, d.headers['x-madoguchi-signature'] as string)).toBe(true);
      expect(Number(d.headers['x-madoguchi-attempt'])).toBeGreaterThanOrEqual(3);
    }
    expect(delivered.map((d) => (JSON.parse(d.raw) as HandoffTicket).context.questions[0]).sort()).toEqual(['質問 0', '質問 1', '質問 2']);
    // Operators could read every ticket the whole time.
    expect((await new TicketStore({ dataDir }).list()).map((t) => t.id).sort()).toEqual([...ids].sort());
  });

  it('stores the ticket and answers queued even when the webhook is unreachable', async () => {
    await receiver.close();
    const p = provider({ timeoutMs: 500 });
    await p.start();
    const result = await p.submit(sampleContext());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(await p.pending()).toEqual([result.ticketId]);
    receiver = await startReceiver();
  });

  it('answers unavailable when the ticket cannot be stored', async () => {
    const blocked = path.join(dataDir, 'file');
    await fs.writeFile(blocked, 'x');
    const logger = memoryLogger();
    const { tickets, outbox, deadLetters } = createHandoffStores({ dataDir: blocked });
    const p = new WebhookHandoffProvider({ store: tickets, outbox, deadLetters, url: receiver.url, secret: SECRET, logger });
    expect(await p.submit(sampleContext())).toEqual({ ok: false, reason: 'unavailable' });
    expect(logger.lines.map((l) => l.message)).toContain('webhookHandoff: could not store the ticket');
  });
});
