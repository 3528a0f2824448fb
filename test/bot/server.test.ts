import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../dialogs/messages';
import { defaultKnowledgeDir } from '../../src/kb/loader';
import { FaqEngine } from '../../src/search/faqEngine';
import { ExpectRepliesClient, buttonTitles, startBot, type RunningBot } from '../support/botServer';
import { BAD_ACTIVITY_MESSAGE } from '../../src/server';

let bot: RunningBot;
const engine = FaqEngine.create({ knowledgeDir: defaultKnowledgeDir() });

beforeAll(async () => {
  bot = await startBot({}, engine);
  await bot.app.ready;
});
afterAll(async () => {
  await bot.close();
});

describe('HTTP host', () => {
  it('GET /healthz and /readyz report the process up and ready', async () => {
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${bot.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('answers 503 on /readyz and /api/messages until the analyzer and index are loaded', async () => {
    let release: (e: FaqEngine) => void = () => undefined;
    const pending = new Promise<FaqEngine>((resolve) => {
      release = resolve;
    });
    const loading = await startBot({}, pending);
    try {
      expect((await fetch(`${loading.url}/readyz`)).status).toBe(503);
      const { status } = await new ExpectRepliesClient(loading.url).send({ type: 'message', text: 'こんにちは' });
      expect(status).toBe(503);
      const raw = await fetch(`${loading.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(raw.headers.get('retry-after')).toBe('2');
      expect(await raw.json()).toEqual({ error: 'madoguchi: not ready yet (loading the analyzer and the index)', message: messages.httpErrors.unavailable });
      release(await engine);
      await loading.app.ready;
      expect((await fetch(`${loading.url}/readyz`)).status).toBe(200);
    } finally {
      await loading.close();
    }
  });

  it('rejects unauthenticated requests when an app id is configured', async () => {
    // The demo account service runs beside an app id only with DEMO_MODE on loopback (config.ts).
    const secured = await startBot({ MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'not-a-real-secret', DEMO_MODE: 'true', HOST: '127.0.0.1' }, engine);
    try {
      await secured.app.ready;
      const { status } = await new ExpectRepliesClient(secured.url).send({ type: 'message', text: 'パスワードを忘れました' });
      expect(status).toBe(401);
    } finally {
      await secured.close();
    }
  });
});

describe('a conversation through /api/messages (expectReplies)', () => {
  it('welcomes a new member with example questions as buttons', async () => {
    const [welcome] = await new ExpectRepliesClient(bot.url).join();
    expect(welcome?.text).toBe(messages.welcome.text);
    expect(buttonTitles(welcome)).toEqual([...messages.welcome.examples]);
  });

  it('answers a FAQ question with the title, the Markdown answer and related questions', async () => {
    const [answer] = await new ExpectRepliesClient(bot.url).say('パスワードを忘れてしまいました');
    const entry = (await engine).entry('forgot-password');
    expect(answer?.textFormat).toBe('markdown');
    expect(answer?.text).toContain(`**${entry?.question}**`);
    expect(answer?.text).toContain('https://account.live.com/');
    const relatedQuestions = (entry?.related ?? []).map((id) => engine.then((e) => e.entry(id)?.question));
    expect(buttonTitles(answer)).toEqual(expect.arrayContaining([await relatedQuestions[0]]));
  });

  it('asks which one when the question is ambiguous, and answers the pick', async () => {
    const client = new ExpectRepliesClient(bot.url);
    const [clarify] = await client.say('アカウント');
    expect(clarify?.text).toBe(messages.clarify.text);
    const choices = buttonTitles(clarify);
    expect(choices.length).toBeGreaterThanOrEqual(3);
    expect(choices.at(-1)).toBe(messages.clarify.noneOfThese);
    const [picked] = await client.say(choices[0] as string);
    expect(picked?.text).toContain(`**${choices[0]}**`);
    const [none] = await client.say(messages.clarify.noneOfThese);
    expect(none?.text).toBe(messages.clarify.noneOfTheseReply);
  });

  it('abstains honestly on an out-of-scope question and lists what it can help with', async () => {
    const [reply] = await new ExpectRepliesClient(bot.url).say('明日の東京の天気を教えて');
    expect(reply?.text).toBe(messages.abstain.text);
    expect(buttonTitles(reply)).toEqual([...messages.abstain.topics]);
  });

  it.each([
    ['こんにちは', messages.greeting],
    ['ありがとうございました！', messages.thanks],
    ['ヘルプ', messages.help.text],
  ])('handles small talk: %s', async (text, expected) => {
    const [reply] = await new ExpectRepliesClient(bot.url).say(text);
    expect(reply?.text).toBe(expected);
  });

  it('asks for text when a message has none', async () => {
    const { activities } = await new ExpectRepliesClient(bot.url).send({ type: 'message', text: '', attachments: [{ contentType: 'image/png', contentUrl: 'http://127.0.0.1:9/x.png' }] });
    expect(activities[0]?.text).toBe(messages.nonText);
  });

  it('answers a very long message, saying only the start was read', async () => {
    // 9,012 characters: far beyond what the analyzer reads (1,000), within MAX_TEXT_LENGTH.
    const replies = await new ExpectRepliesClient(bot.url).say(`パスワードを忘れました。${'とても困っています。'.repeat(900)}`);
    expect(replies[0]?.text).toBe(messages.tooLong);
    expect(replies[1]?.text).toContain('パスワードを忘れてしまったのですが?');
  });
});

describe('the smallest activity /api/messages answers (the README example)', () => {
  /** The README's minimal body. */
  const minimal = { type: 'message', channelId: 'api', conversation: { id: 'readme-1' }, from: { id: 'user-1' }, text: 'パスワードを忘れました', deliveryMode: 'expectReplies' };

  async function post(body: unknown): Promise<{ status: number; json: { activities?: { text?: string }[]; error?: string; message?: string } }> {
    const res = await fetch(`${bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as { activities?: { text?: string }[]; error?: string; message?: string } };
  }

  it('answers the minimal body with the FAQ answer', async () => {
    const { status, json } = await post(minimal);
    expect(status).toBe(200);
    expect(json.activities?.[0]?.text).toContain('パスワードを忘れてしまったのですが?');
  });

  it.each([
    [{ text: 'こんにちは', deliveryMode: 'expectReplies' }, 'type, channelId, conversation, from'],
    [{ ...minimal, type: undefined }, 'type'],
    [{ ...minimal, conversation: {} }, 'conversation.id'],
    [{ ...minimal, deliveryMode: undefined }, 'serviceUrl'],
    [{ ...minimal, text: 42 }, 'text'],
  ])('refuses %j with a 400 naming %s, never a turn error', async (body, fields) => {
    const { status, json } = await post(body);
    expect(status).toBe(400);
    expect(json.error).toBe(`madoguchi: the activity is missing or has invalid fields: ${fields}`);
    expect(json.message).toBe(BAD_ACTIVITY_MESSAGE);
  });
});
