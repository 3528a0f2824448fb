import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultKnowledgeDir } from '../../src/kb/loader';
import { FORWARDED_CLIENT_HEADER } from '../../src/limits/clientAddress';
import { TOO_MANY_REQUESTS_MESSAGE } from '../../src/limits/tooManyRequests';
import { FaqEngine } from '../../src/search/faqEngine';
import { startBot, type RunningBot } from '../support/botServer';

/**
 * Issue 10 from outside, over real HTTP on loopback. A second "client" is a second loopback
 * source address (127.0.0.2): Linux routes all of 127/8 to the loopback interface.
 */

const engine = FaqEngine.create({ knowledgeDir: defaultKnowledgeDir() });
const bots: RunningBot[] = [];
async function bot(env: Record<string, string> = {}): Promise<RunningBot> {
  const started = await startBot(env, engine);
  bots.push(started);
  await started.app.ready;
  return started;
}
afterAll(async () => {
  for (const b of bots.splice(0)) await b.close();
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

/** One request from a chosen loopback source address. */
function request(url: string, options: { method?: string; body?: unknown; headers?: Record<string, string>; from?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = http.request(
      url,
      {
        method: options.method ?? (payload ? 'POST' : 'GET'),
        localAddress: options.from ?? '127.0.0.1',
        headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON (the metrics text)
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

function activity(conversationId: string, text = 'こんにちは') {
  return { type: 'message', channelId: 'api', conversation: { id: conversationId }, from: { id: 'user' }, text, deliveryMode: 'expectReplies' };
}

function expect429(answer: Answer, error: RegExp): void {
  expect(answer.status).toBe(429);
  expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0);
  expect(answer.body).toEqual({ error: expect.stringMatching(error), message: TOO_MANY_REQUESTS_MESSAGE });
}

describe('/api/messages rate limits in anonymous mode', () => {
  it('limits one client address across conversations, not another client', async () => {
    const b = await bot({ RATE_LIMIT_MESSAGES_PER_CLIENT: '3/1m' });
    for (let i = 0; i < 3; i++) expect((await request(`${b.url}/api/messages`, { body: activity(`c${i}`) })).status).toBe(200);
    expect429(await request(`${b.url}/api/messages`, { body: activity('c9') }), /^madoguchi: too many requests \(messages per client or per conversation\); retry after 20 s$/);
    expect((await request(`${b.url}/api/messages`, { body: activity('c9'), from: '127.0.0.2' })).status).toBe(200);
  });

  it('limits one conversation, not the same client in another conversation', async () => {
    const b = await bot({ RATE_LIMIT_MESSAGES_PER_CONVERSATION: '2/1m' });
    for (let i = 0; i < 2; i++) expect((await request(`${b.url}/api/messages`, { body: activity('same') })).status).toBe(200);
    expect429(await request(`${b.url}/api/messages`, { body: activity('same'), from: '127.0.0.2' }), /too many requests/);
    expect((await request(`${b.url}/api/messages`, { body: activity('other') })).status).toBe(200);
  });

  it('believes the forwarded client address only from loopback, and then leaves the limit to the Direct Line', async () => {
    const b = await bot({ RATE_LIMIT_MESSAGES_PER_CLIENT: '1/1m' });
    expect((await request(`${b.url}/api/messages`, { body: activity('x1') })).status).toBe(200);
    expect((await request(`${b.url}/api/messages`, { body: activity('x2'), headers: { [FORWARDED_CLIENT_HEADER]: '198.51.100.7' } })).status).toBe(200);
  });
});

describe('Direct Line limits per client', () => {
  const generate = (b: RunningBot, from?: string) => request(`${b.url}/v3/directline/tokens/generate`, { body: {}, ...(from ? { from } : {}) });

  it('token generation: one client reaching its limit does not lock another out', async () => {
    const b = await bot({ RATE_LIMIT_DIRECTLINE_TOKENS_PER_CLIENT: '2/1h' });
    expect((await generate(b)).status).toBe(200);
    expect((await generate(b)).status).toBe(200);
    expect429(await generate(b), /^madoguchi: too many requests \(directline token generation per client\); retry after 1800 s$/);
    expect((await generate(b, '127.0.0.2')).status).toBe(200);
  });

  it('caps the conversations one client holds, per client', async () => {
    const b = await bot({ DIRECTLINE_MAX_CONVERSATIONS_PER_CLIENT: '2' });
    expect((await generate(b)).status).toBe(200);
    expect((await generate(b)).status).toBe(200);
    expect429(await generate(b), /directline conversations per client, limit 2/);
    expect((await generate(b, '127.0.0.2')).status).toBe(200);
  });

  it('limits conversation starts and activities posted', async () => {
    const b = await bot({ RATE_LIMIT_DIRECTLINE_STARTS_PER_CLIENT: '1/1h', RATE_LIMIT_MESSAGES_PER_CONVERSATION: '1/1m' });
    const { token, conversationId } = (await generate(b)).body as { token: string; conversationId: string };
    const auth = { authorization: `Bearer ${token}` };
    expect((await request(`${b.url}/v3/directline/conversations`, { body: {}, headers: auth })).status).toBe(201);
    expect429(await request(`${b.url}/v3/directline/conversations/${conversationId}`, { headers: auth }), /directline conversation starts per client/);
    const post = () => request(`${b.url}/v3/directline/conversations/${conversationId}/activities`, { body: { type: 'message', from: { id: 'web-user' }, text: 'こんにちは' }, headers: auth });
    expect((await post()).status).toBe(200);
    expect429(await post(), /messages per client or per conversation/);
  });
});

describe('GET /metrics', () => {
  const forwarded = { 'x-forwarded-for': '203.0.113.9' };

  it('answers a loopback client, and refuses one that came through a proxy or tunnel', async () => {
    const b = await bot();
    expect((await request(`${b.url}/metrics`)).status).toBe(200);
    const refused = await request(`${b.url}/metrics`, { headers: forwarded });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ error: 'metrics: /metrics is served to loopback clients only (set METRICS_TOKEN)' });
  });

  it('answers anyone with the METRICS_TOKEN bearer, and nobody remote without it', async () => {
    const token = 'scrape-token-0123456789';
    const b = await bot({ METRICS_TOKEN: token });
    const ok = await request(`${b.url}/metrics`, { headers: { ...forwarded, authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(String(ok.body)).toContain('madoguchi_turn_latency_seconds');
    expect((await request(`${b.url}/metrics`, { headers: { ...forwarded, authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(403);
    expect((await request(`${b.url}/metrics`, { headers: forwarded })).status).toBe(403);
  });
});

describe('the demo inbox per Direct Line conversation', () => {
  let b: RunningBot;
  beforeAll(async () => {
    b = await bot();
  });

  /** A Web Chat page's conversation: a token, the start, then messages typed in order. */
  async function webChatUser(from: string) {
    const { token, conversationId } = (await request(`${b.url}/v3/directline/tokens/generate`, { body: {}, from })).body as { token: string; conversationId: string };
    const auth = { authorization: `Bearer ${token}` };
    await request(`${b.url}/v3/directline/conversations`, { body: {}, headers: auth, from });
    return {
      token,
      say: async (text: string) => {
        const res = await request(`${b.url}/v3/directline/conversations/${conversationId}/activities`, { body: { type: 'message', from: { id: 'web-user' }, text }, headers: auth, from });
        expect(res.status).toBe(200);
      },
      inbox: () => request(`${b.url}/demo/inbox`, { headers: auth, from }),
    };
  }

  it('shows each conversation only its own codes; /demo/outbox still shows all on loopback', async () => {
    const a = await webChatUser('127.0.0.1');
    const c = await webChatUser('127.0.0.2');
    for (const text of ['パスワードをリセットしたい', 'taro@example.com', 'メール', 'taro.backup@example.net']) await a.say(text);
    for (const text of ['アカウントのブロックを解除したい', 'hanako@example.com', '080-9876-5432']) await c.say(text);

    const mine = (await a.inbox()).body as { to: string; code?: string }[];
    const theirs = (await c.inbox()).body as { to: string; code?: string }[];
    expect(mine.map((m) => m.to)).toEqual(['taro.backup@example.net']);
    expect(theirs.map((m) => m.to)).toEqual(['080-9876-5432']);
    expect(mine[0]?.code).toMatch(/^\d{6}$/);
    // Nothing in the page's JSON names a conversation.
    expect(Object.keys(mine[0] ?? {}).sort()).toEqual(['at', 'code', 'kind', 'to']);

    const all = await request(`${b.url}/demo/outbox`);
    expect(all.status).toBe(200);
    expect((all.body as { to: string }[]).map((m) => m.to).sort()).toEqual(['080-9876-5432', 'taro.backup@example.net']);
  });

  it('refuses the inbox without a live Direct Line token, and the outbox to a proxied client', async () => {
    const none = await request(`${b.url}/demo/inbox`);
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ error: 'demoRoutes: /demo/inbox needs Authorization: Bearer <a live Direct Line token>' });
    expect((await request(`${b.url}/demo/inbox`, { headers: { authorization: 'Bearer not-a-token' } })).status).toBe(401);
    const proxied = await request(`${b.url}/demo/outbox`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(proxied.status).toBe(403);
    expect(proxied.body).toEqual({ error: 'demoRoutes: /demo/outbox is served to loopback clients only; the Web Chat page reads /demo/inbox' });
  });

  it('uses the person\'s address, forwarded by the Direct Line, for the per-client code limit', async () => {
    const limited = await bot({ RATE_LIMIT_CODE_REQUESTS_PER_CLIENT: '1/15m' });
    b = limited;
    const first = await webChatUser('127.0.0.3');
    for (const text of ['パスワードをリセットしたい', 'taro@example.com', 'メール', 'taro.backup@example.net']) await first.say(text);
    const other = await webChatUser('127.0.0.4');
    for (const text of ['アカウントのブロックを解除したい', 'hanako@example.com', '080-9876-5432']) await other.say(text);
    // Both got their code: the Direct Line reached the bot from 127.0.0.1 for both, but each counted as itself.
    expect(((await first.inbox()).body as unknown[]).length).toBe(1);
    expect(((await other.inbox()).body as unknown[]).length).toBe(1);
    // A second code for the first person is refused (their one request is spent).
    const again = await webChatUser('127.0.0.3');
    for (const text of ['パスワードをリセットしたい', 'hanako@example.com', 'SMS', '080-9876-5432']) await again.say(text);
    expect(((await again.inbox()).body as unknown[]).length).toBe(0);
    expect(((await request(`${b.url}/demo/outbox`)).body as unknown[]).length).toBe(2);
  });
});
