import type { AddressInfo } from 'node:net';
import restify from 'restify';
import { afterEach, describe, expect, it } from 'vitest';
import { messages } from '../../dialogs/messages';
import { DRAIN_RETRY_AFTER_SECONDS, RequestDrain } from '../../src/http/drain';

let server: restify.Server | undefined;

afterEach(async () => {
  server?.server.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A server whose /slow answers when the test says so. */
async function serve(drain: RequestDrain): Promise<{ url: string; release: () => void }> {
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  server = restify.createServer();
  server.pre(drain.handler);
  server.get('/slow', async (_req, res) => {
    await gate;
    res.json(200, { done: true });
  });
  server.get('/healthz', async (_req, res) => {
    res.json(200, { status: 'ok' });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, release };
}

describe('RequestDrain', () => {
  it('counts requests in flight and is idle at once when none are', async () => {
    const drain = new RequestDrain();
    const { url, release } = await serve(drain);
    const slow = fetch(`${url}/slow`);
    while (drain.active === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(drain.active).toBe(1);
    release();
    expect((await slow).status).toBe(200);
    expect(await drain.idle(1_000)).toBe(true);
    expect(drain.active).toBe(0);
  });

  it('once draining: new requests get 503 with Retry-After, /healthz still answers, the one in flight finishes', async () => {
    const drain = new RequestDrain();
    const { url, release } = await serve(drain);
    const slow = fetch(`${url}/slow`);
    while (drain.active === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    drain.begin();
    expect(drain.isDraining).toBe(true);
    const refused = await fetch(`${url}/slow`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe(String(DRAIN_RETRY_AFTER_SECONDS));
    expect(await refused.json()).toEqual({ error: 'madoguchi: shutting down; retry on another instance', message: messages.httpErrors.unavailable });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const idle = drain.idle(5_000);
    release();
    expect((await slow).status).toBe(200);
    expect(await idle).toBe(true);
  });

  it('idle() says false when the deadline passes with a request still running', async () => {
    const drain = new RequestDrain();
    const { url, release } = await serve(drain);
    const slow = fetch(`${url}/slow`);
    while (drain.active === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    drain.begin();
    expect(await drain.idle(20)).toBe(false);
    release();
    await slow;
  });
});
