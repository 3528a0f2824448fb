import type { AddressInfo } from 'node:net';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { INTERNAL_ERROR, INTERNAL_ERROR_MESSAGE, processBotRequest } from '../../src/http/botRequest';
import { createServer } from '../../src/server';
import { captureLogger } from '../account/helpers';

/** The minimal body the README shows, answered in the response. */
const body = { type: 'message', channelId: 'api', conversation: { id: 'c-1' }, from: { id: 'u-1' }, text: 'こんにちは', deliveryMode: 'expectReplies' };

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** The real server in anonymous mode around a bot whose turn is `run`, and whose turn errors escape the adapter. */
async function serve(run: (context: TurnContext) => Promise<void>) {
  const { logger, lines } = captureLogger();
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  // No onTurnError: an exception leaves the turn, as when the turn-error handler itself fails.
  server = createServer({ adapter, bot: () => ({ run }), logger });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const post = async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, text: await res.text() };
  };
  return { post, lines };
}

describe('processBotRequest', () => {
  it('forwards what the adapter answers (200 with the replies)', async () => {
    const { post } = await serve(async (context) => {
      await context.sendActivity('はい');
    });
    const { status, text } = await post();
    expect(status).toBe(200);
    expect((JSON.parse(text) as { activities: { text: string }[] }).activities[0]?.text).toBe('はい');
  });

  it('turns an error that escapes the turn into a plain 500: no message, no stack, one log line', async () => {
    const { post, lines } = await serve(async () => {
      throw new Error('secret internal detail at /srv/madoguchi/x.ts');
    });
    const { status, text } = await post();
    expect(status).toBe(500);
    expect(JSON.parse(text)).toEqual({ error: INTERNAL_ERROR, message: INTERNAL_ERROR_MESSAGE });
    expect(text).not.toContain('secret internal detail');
    const failures = lines.filter((l) => l.includes('botRequest: the adapter failed after authentication (500)'));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toContain('"err":{');
  });

  it('writes nothing when the response was already sent (answers exactly once)', async () => {
    const { logger, lines } = captureLogger();
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    const written: string[] = [];
    const res = {
      headersSent: true,
      socket: null,
      header: () => written.push('header'),
      json: () => written.push('json'),
      send: () => written.push('send'),
      status: () => written.push('status'),
      end: () => written.push('end'),
    };
    const req = { headers: {}, body, method: 'POST' };
    await processBotRequest(req as unknown as Request, res as unknown as Response, { adapter, logic: async () => undefined, logger });
    expect(written).toEqual([]);
    expect(lines.filter((l) => l.includes('botRequest: the response was already sent'))).toHaveLength(1);
  });

  it('arms the identity provider timeout only for a request with a token (without one there are no keys to fetch)', async () => {
    const { logger } = captureLogger();
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    // A delay no other timer of a turn uses, so the spy's calls can be told apart.
    const authTimeoutMs = 12_345;
    const timers = vi.spyOn(globalThis, 'setTimeout');
    try {
      const answer = async (headers: Record<string, string>) => {
        const statuses: number[] = [];
        const res = { headersSent: false, socket: null, header: () => undefined, json: (s: number) => statuses.push(s), send: (s: number) => statuses.push(s), status: (s: number) => statuses.push(s), end: () => undefined };
        const req = { headers, body: { ...body }, method: 'POST' };
        await processBotRequest(req as unknown as Request, res as unknown as Response, { adapter, logic: async () => undefined, logger, authTimeoutMs });
        return { statuses, armed: timers.mock.calls.filter((call) => call[1] === authTimeoutMs).length };
      };
      expect(await answer({})).toEqual({ statuses: [200], armed: 0 });
      // Anonymous mode accepts a token without checking it, but the timer is armed as for any token.
      expect(await answer({ authorization: 'Bearer abc.def.ghi' })).toEqual({ statuses: [200], armed: 1 });
    } finally {
      timers.mockRestore();
    }
  });
});
