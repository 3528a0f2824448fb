import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionStatus, DirectLine, type Activity } from 'botframework-directlinejs';
import { nodeAjax, type RecordedCall } from './nodeAjax';
import { ECHO_BOT_NAME, FakeClock, WELCOME_TEXT, startEchoStack, type EchoStack } from './echoStack';
import { waitUntil } from '../../support/waitUntil';

const POLL_MS = 200;

interface Client {
  readonly directLine: DirectLine;
  readonly activities: Activity[];
  readonly calls: RecordedCall[];
  waitFor(predicate: (a: Activity) => boolean, what: string): Promise<Activity>;
  waitForStatus(status: ConnectionStatus): Promise<void>;
}

const clients: DirectLine[] = [];
let stack: EchoStack | undefined;

afterEach(async () => {
  for (const c of clients.splice(0)) c.end();
  await stack?.close();
  stack = undefined;
});


/** The real botframework-directlinejs client in polling mode, subscribed. */
function connect(options: { token: string; domain: string; conversationId?: string; watermark?: string }): Client {
  const calls: RecordedCall[] = [];
  const directLine = new DirectLine({
    ...options,
    webSocket: false,
    pollingInterval: POLL_MS,
    ajax: nodeAjax(calls),
    // Node 20 has no WebSocket; polling mode never constructs one.
    WebSocket: class {} as unknown as typeof WebSocket,
  });
  clients.push(directLine);
  const activities: Activity[] = [];
  let status = ConnectionStatus.Uninitialized;
  // The stream errors when the conversation ends or cannot connect; the status tells the tests which.
  directLine.activity$.subscribe({ next: (a) => activities.push(a), error: () => undefined });
  directLine.connectionStatus$.subscribe((s) => {
    status = s;
  });
  return {
    directLine,
    activities,
    calls,
    waitFor: (predicate, what) => waitUntil(() => activities.find(predicate), what),
    waitForStatus: (wanted) => waitUntil(() => (status === wanted ? true : undefined), `connection status ${ConnectionStatus[wanted]}`).then(() => undefined),
  };
}

function post(client: Client, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    client.directLine.postActivity({ type: 'message', from: { id: 'user-1', name: 'テスト' }, text }).subscribe({ next: resolve, error: reject });
  });
}

async function json(url: string, init: { method?: string; token?: string; body?: unknown } = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.body ? { 'content-type': 'application/json' } : {}) },
    body: init.body ? JSON.stringify(init.body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function generate(s: EchoStack, userId?: string): Promise<{ token: string; conversationId: string; expires_in: number }> {
  const res = await json(`${s.domain}/tokens/generate`, { method: 'POST', body: userId ? { user: { id: userId } } : undefined });
  expect(res.status).toBe(200);
  return res.body as { token: string; conversationId: string; expires_in: number };
}

const isText = (text: string) => (a: Activity) => a.type === 'message' && a.text === text;

describe('local Direct Line with botframework-directlinejs (polling)', () => {
  it('starts a conversation: the bot gets a conversationUpdate like Azure sends, and its welcome comes back', async () => {
    stack = await startEchoStack();
    const { token, conversationId, expires_in } = await generate(stack, 'web-user-1');
    expect(expires_in).toBe(1800);
    const client = connect({ token, domain: stack.domain });
    await client.waitFor(isText(WELCOME_TEXT), 'the welcome');

    const update = stack.bot.received.find((a) => a.type === 'conversationUpdate');
    expect(update).toMatchObject({
      channelId: 'directline',
      serviceUrl: stack.baseUrl,
      conversation: { id: conversationId },
      recipient: { id: 'madoguchi', name: ECHO_BOT_NAME },
      membersAdded: [{ id: 'madoguchi', name: ECHO_BOT_NAME }, { id: 'web-user-1' }],
    });
    expect(client.calls[0]).toMatchObject({ method: 'POST', url: `${stack.domain}/conversations`, status: 201 });
    // The first poll sends an empty watermark.
    expect(client.calls.find((c) => c.method === 'GET')?.url).toBe(`${stack.domain}/conversations/${conversationId}/activities?watermark=`);
  });

  it('posts a message: the id comes back, the user sees their own message and then the reply, with the watermark advancing', async () => {
    stack = await startEchoStack();
    const { token, conversationId } = await generate(stack);
    const client = connect({ token, domain: stack.domain });
    await client.waitFor(isText(WELCOME_TEXT), 'the welcome');

    const id = await post(client, 'こんにちは');
    expect(id).toMatch(new RegExp(`^${conversationId}\\|\\d{7}$`));
    const reply = await client.waitFor(isText('echo: こんにちは'), 'the echo');
    const own = client.activities.find(isText('こんにちは'));
    expect(own).toMatchObject({ id, from: { id: 'user-1', role: 'user' }, channelId: 'directline' });
    expect(client.activities.indexOf(own as Activity)).toBeLessThan(client.activities.indexOf(reply));
    expect(reply).toMatchObject({ replyToId: id, from: { id: 'madoguchi' }, conversation: { id: conversationId } });
    expect((reply as { suggestedActions?: { actions: { title: string }[] } }).suggestedActions?.actions[0]?.title).toBe('again');

    const message = stack.bot.received.find((a) => a.type === 'message');
    expect(message).toMatchObject({
      id,
      channelId: 'directline',
      serviceUrl: stack.baseUrl,
      text: 'こんにちは',
      from: { id: 'user-1', name: 'テスト', role: 'user' },
      recipient: { id: 'madoguchi', name: ECHO_BOT_NAME },
      conversation: { id: conversationId },
    });

    // Later polls carry the last watermark, and every activity arrives exactly once.
    await waitUntil(() => client.calls.find((c) => /watermark=\d+$/.test(c.url)), 'a poll with a watermark');
    expect(client.activities.filter(isText('echo: こんにちは'))).toHaveLength(1);
  });

  it('reconnects with a conversation id and watermark: only newer activities are delivered', async () => {
    stack = await startEchoStack();
    const { token, conversationId } = await generate(stack);
    const first = connect({ token, domain: stack.domain });
    await first.waitFor(isText(WELCOME_TEXT), 'the welcome');
    await post(first, 'one');
    await first.waitFor(isText('echo: one'), 'the first echo');
    first.directLine.end();
    const page = await json(`${stack.domain}/conversations/${conversationId}/activities?watermark=`, { token });
    const watermark = page.body.watermark as string;

    const second = connect({ token, domain: stack.domain, conversationId, watermark });
    await second.waitForStatus(ConnectionStatus.Online);
    expect(second.calls[0]).toMatchObject({ method: 'GET', url: `${stack.domain}/conversations/${conversationId}?watermark=${watermark}`, status: 200 });
    await post(second, 'two');
    await second.waitFor(isText('echo: two'), 'the second echo');
    expect(second.activities.map((a) => (a as { text?: string }).text)).toEqual(['two', 'echo: two']);
  });

  it('refreshes a token: the new one works, for the same conversation only', async () => {
    stack = await startEchoStack();
    const a = await generate(stack);
    const b = await generate(stack);
    const refreshed = await json(`${stack.domain}/tokens/refresh`, { method: 'POST', token: a.token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ conversationId: a.conversationId, expires_in: 1800 });
    const newToken = refreshed.body.token as string;
    expect(newToken).not.toBe(a.token);
    expect((await json(`${stack.domain}/conversations/${a.conversationId}/activities`, { token: newToken })).status).toBe(200);
    expect((await json(`${stack.domain}/conversations/${b.conversationId}/activities`, { token: newToken })).status).toBe(403);
  });

  it('answers 403 when a token belongs to another conversation (token isolation)', async () => {
    stack = await startEchoStack();
    const a = await generate(stack);
    const b = await generate(stack);
    for (const [method, path] of [
      ['GET', `/conversations/${b.conversationId}`],
      ['GET', `/conversations/${b.conversationId}/activities?watermark=`],
      ['POST', `/conversations/${b.conversationId}/activities`],
    ] as const) {
      const res = await json(`${stack.domain}${path}`, { method, token: a.token, body: method === 'POST' ? { type: 'message', text: 'x' } : undefined });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.body).toEqual({ error: { code: 'Forbidden', message: 'directline: the token is not valid for this conversation' } });
    }
    expect(stack.bot.received.filter((x) => x.type === 'message')).toHaveLength(0);
  });

  it('answers 403 for a missing or made-up token, and the client reports ExpiredToken', async () => {
    stack = await startEchoStack();
    const { conversationId } = await generate(stack);
    const none = await json(`${stack.domain}/conversations`, { method: 'POST' });
    expect(none.status).toBe(403);
    expect(none.body).toEqual({ error: { code: 'TokenExpired', message: 'directline: the token is missing, invalid or expired' } });
    expect((await json(`${stack.domain}/conversations/${conversationId}/activities`, { token: 'made-up' })).status).toBe(403);
    expect((await json(`${stack.domain}/tokens/refresh`, { method: 'POST', token: 'made-up' })).status).toBe(403);

    const client = connect({ token: 'made-up', domain: stack.domain, conversationId });
    await client.waitForStatus(ConnectionStatus.FailedToConnect);
  });

  it('expires tokens after their lifetime: 403, and the polling client reports ExpiredToken', async () => {
    const clock = new FakeClock();
    stack = await startEchoStack({ store: { now: clock.now, tokenTtlMs: 60_000, conversationIdleMs: 600_000 } });
    const { token, conversationId } = await generate(stack);
    expect((await json(`${stack.domain}/conversations`, { method: 'POST', token })).status).toBe(201);
    expect((await json(`${stack.domain}/conversations`, { method: 'POST', token })).status).toBe(200);

    clock.advance(59_000);
    const refreshed = (await json(`${stack.domain}/tokens/refresh`, { method: 'POST', token })).body.token as string;
    clock.advance(2_000);
    expect((await json(`${stack.domain}/conversations/${conversationId}/activities`, { token })).status).toBe(403);
    expect((await json(`${stack.domain}/tokens/refresh`, { method: 'POST', token })).status).toBe(403);
    expect((await json(`${stack.domain}/conversations/${conversationId}/activities`, { token: refreshed })).status).toBe(200);

    const client = connect({ token: refreshed, domain: stack.domain, conversationId });
    await client.waitForStatus(ConnectionStatus.Online);
    clock.advance(60_000);
    await client.waitForStatus(ConnectionStatus.ExpiredToken);
  });

  it('answers 404 when the token is valid but its conversation has idled out', async () => {
    const clock = new FakeClock();
    stack = await startEchoStack({ store: { now: clock.now, tokenTtlMs: 600_000, conversationIdleMs: 60_000 } });
    const { token, conversationId } = await generate(stack);
    const client = connect({ token, domain: stack.domain });
    await client.waitFor(isText(WELCOME_TEXT), 'the welcome');
    clock.advance(60_000);
    const gone = await json(`${stack.domain}/conversations/${conversationId}/activities`, { token });
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({ error: { code: 'NotFound', message: 'directline: the conversation does not exist or has expired' } });
    await client.waitForStatus(ConnectionStatus.Ended);
    expect(stack.endpoint.store.size).toBe(0);
  });

  it('refuses new conversations beyond the limit with 429, and makes room as they expire', async () => {
    const clock = new FakeClock();
    stack = await startEchoStack({ store: { now: clock.now, maxConversations: 2, conversationIdleMs: 60_000 } });
    await generate(stack);
    await generate(stack);
    const third = await json(`${stack.domain}/tokens/generate`, { method: 'POST' });
    expect(third.status).toBe(429);
    expect(third.body).toEqual({ error: { code: 'TooManyConversations', message: 'directline: too many conversations (limit 2); try again later' } });
    clock.advance(60_000);
    expect((await json(`${stack.domain}/tokens/generate`, { method: 'POST' })).status).toBe(200);
  });

  it('keeps only the newest activities per conversation while the watermark keeps counting', async () => {
    stack = await startEchoStack({ store: { maxActivitiesPerConversation: 3 } });
    const { token, conversationId } = await generate(stack);
    const client = connect({ token, domain: stack.domain });
    await client.waitFor(isText(WELCOME_TEXT), 'the welcome');
    await post(client, 'a');
    await post(client, 'b');
    const page = await json(`${stack.domain}/conversations/${conversationId}/activities?watermark=`, { token });
    const texts = (page.body.activities as { text: string }[]).map((a) => a.text);
    expect(texts).toEqual(['echo: a', 'b', 'echo: b']);
    expect(page.body.watermark).toBe('4');
    const none = await json(`${stack.domain}/conversations/${conversationId}/activities?watermark=4`, { token });
    expect(none.body).toEqual({ activities: [], watermark: '4' });
  });

  it('rejects a bad watermark and a bad activity with 400, and an unknown conversation on the connector routes with 404', async () => {
    stack = await startEchoStack();
    const { token, conversationId } = await generate(stack);
    const bad = await json(`${stack.domain}/conversations/${conversationId}/activities?watermark=abc`, { token });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toEqual({ code: 'BadArgument', message: 'directline: watermark must be empty or a number from a previous answer' });
    const badType = await json(`${stack.domain}/conversations/${conversationId}/activities`, { method: 'POST', token, body: { type: 'invoke' } });
    expect(badType.status).toBe(400);
    expect(badType.body.error).toEqual({ code: 'BadArgument', message: 'directline: activity type must be one of message, typing, event' });
    const badUser = await json(`${stack.domain}/tokens/generate`, { method: 'POST', body: { user: { id: 'dl_forged' } } });
    expect(badUser.status).toBe(400);
    const unknown = await json(`${stack.baseUrl}/v3/conversations/nope/activities/x`, { method: 'POST', body: { type: 'message', text: 'hi' } });
    expect(unknown.status).toBe(404);
  });

  it('drops trace activities from the bot, as Azure does', async () => {
    stack = await startEchoStack();
    const { token, conversationId } = await generate(stack);
    const trace = await json(`${stack.baseUrl}/v3/conversations/${conversationId}/activities`, { method: 'POST', body: { type: 'trace', name: 'x' } });
    expect(trace.status).toBe(200);
    const page = await json(`${stack.domain}/conversations/${conversationId}/activities`, { token });
    expect(page.body.activities).toEqual([]);
  });

  it('answers 503 when the bot stays unavailable, after keeping the user message in the stream', async () => {
    stack = await startEchoStack({ deliveryTimeoutMs: 600 });
    stack.setReady(false);
    const { token, conversationId } = await generate(stack);
    const res = await json(`${stack.domain}/conversations/${conversationId}/activities`, { method: 'POST', token, body: { type: 'message', text: 'early' } });
    expect(res.status).toBe(503);
    expect((res.body.error as { code: string }).code).toBe('ServiceUnavailable');
    const page = await json(`${stack.domain}/conversations/${conversationId}/activities`, { token });
    expect((page.body.activities as { text: string }[]).map((a) => a.text)).toEqual(['early']);
  });

  it('delivers a message sent while the bot is loading once it is ready (503 is retried)', async () => {
    stack = await startEchoStack();
    stack.setReady(false);
    const { token, conversationId } = await generate(stack);
    const pending = json(`${stack.domain}/conversations/${conversationId}/activities`, { method: 'POST', token, body: { type: 'message', text: 'soon' } });
    setTimeout(() => stack?.setReady(true), 300);
    expect((await pending).status).toBe(200);
    const page = await json(`${stack.domain}/conversations/${conversationId}/activities`, { token });
    expect((page.body.activities as { text: string }[]).map((a) => a.text)).toEqual(['soon', 'echo: soon']);
  });
});
