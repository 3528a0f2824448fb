import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../dialogs/messages';
import { DemoAccountAdapter } from '../../src/account/demoAccountAdapter';
import { defaultKnowledgeDir } from '../../src/kb/loader';
import { FaqEngine } from '../../src/search/faqEngine';
import { postResetForm } from '../e2e/e2eKit';
import { startBot, type RunningBot } from '../support/botServer';
import { DirectLineUser, endDirectLineUsers, waitUntilSaid } from '../support/directLineUser';
import { captureLogger } from './helpers';

/**
 * Issue 9: after the demo reset page changes the password, the chat where the link was issued
 * says what to do next, on its own (a proactive message), through the real app and the
 * official Direct Line client as Web Chat uses it.
 */

const POLL_MS = 200;
const v = messages.verification;
const pr = messages.passwordReset;

let bot: RunningBot;
let demo: DemoAccountAdapter;

beforeAll(async () => {
  const { logger } = captureLogger();
  // Links point at this test's server, known only once it listens.
  let baseUrl = '';
  demo = new DemoAccountAdapter({ logger, minLatencyMs: 0, publicBaseUrl: () => baseUrl });
  bot = await startBot({}, FaqEngine.create({ knowledgeDir: defaultKnowledgeDir() }), logger, { account: { kind: 'demo', adapter: demo, demo } });
  baseUrl = bot.url;
  await bot.app.ready;
}, 30_000);

afterAll(async () => {
  endDirectLineUsers();
  await bot?.close();
});

describe('the chat hears when the reset page changed the password', () => {
  it('a password reset typed in words, the link opened and used: the chat then says what to do next, once', async () => {
    const user = await DirectLineUser.connect(`${bot.url}/v3/directline`, POLL_MS);
    await user.expectNext([messages.welcome.text], 'the welcome');
    await user.say('パスワードをリセットしたいです', [pr.intro, pr.askAccount]);
    await user.say('taro@example.com です', [v.askMethod]);
    await user.say('ショートメールで', [v.askPhone]);
    await user.say('090-1234-5678', [v.codeSent, v.askCode]);
    const code = demo.outbox().find((m) => m.to === '090-1234-5678' && m.kind === 'security-code')?.code ?? '';
    const [done, card] = await waitUntilSaid(user, `コードは${code}です`, 2);
    expect(done?.text).toBe(pr.done);
    const hero = card?.attachments?.[0] as { content?: { buttons?: { value?: string }[] } } | undefined;
    const link = hero?.content?.buttons?.[0]?.value ?? '';
    expect(link).toMatch(/\/demo\/reset\/[A-Za-z0-9_-]+$/);
    expect(user.unseen()).toEqual([]);

    const page = await postResetForm(link, 'Sakura-2025x', 'Sakura-2025x');
    expect(page.status).toBe(200);
    await user.expectNext([pr.changed], 'the note after the password changed');
    // Used once: posting again is refused by the page and says nothing more in the chat.
    expect((await postResetForm(link, 'Sakura-2025y', 'Sakura-2025y')).status).toBe(410);
    await new Promise((r) => setTimeout(r, POLL_MS * 4));
    expect(user.unseen()).toEqual([]);
  }, 60_000);
});
