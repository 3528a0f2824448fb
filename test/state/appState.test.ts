import type { Activity, TurnContext } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../dialogs/messages';
import { defaultKnowledgeDir } from '../../src/kb/loader';
import { FaqEngine } from '../../src/search/faqEngine';
import { captureLogger } from '../account/helpers';
import { useAzurite } from '../support/azurite';
import { ExpectRepliesClient, startBot, type RunningBot } from '../support/botServer';

/**
 * Issue 11 through the real app (/api/messages, expectReplies): no step of a conversation is
 * lost when two of its turns run at once, in one instance (the per-conversation lock) or in two
 * (the optimistic conversation state), and the state survives a restart with STATE_STORE=blob.
 */

const engine = FaqEngine.create({ knowledgeDir: defaultKnowledgeDir() });
const azurite = useAzurite();
let containers = 0;


/** What a message the FAQ cannot answer gets the first time, and the second time in a row (an offer of a person). */
const MISS = 'サインインの画面の色が変';
const firstMiss = (activities: Partial<Activity>[]) => activities[0]?.text?.startsWith(messages.abstain.nearMiss) ?? false;
const secondMiss = (activities: Partial<Activity>[]) => activities[0]?.text?.startsWith(messages.handoff.offer['repeated-abstention']) ?? false;

function blobEnv(container: string): Record<string, string> {
  return { STATE_STORE: 'blob', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString, STORAGE_CONTAINER: container };
}

/** The same conversation as `client`, sent to another bot (another instance). */
function sameConversation(client: ExpectRepliesClient, url: string) {
  const other = new ExpectRepliesClient(url);
  return (text: string) => other.send({ type: 'message', text, conversation: { id: client.conversationId, isGroup: false, conversationType: 'personal', name: '' } });
}

describe('one instance: two turns of one conversation at once', () => {
  let bot: RunningBot;
  beforeAll(async () => {
    bot = await startBot({}, engine);
    await bot.app.ready;
  });
  afterAll(async () => {
    await bot?.close();
  });

  it('both take effect: of two misses posted together, one is the first miss and the other the second (the offer)', async () => {
    const client = new ExpectRepliesClient(bot.url);
    const replies = await Promise.all([client.say(MISS), client.say(MISS)]);
    // Without the lock both turns would start from no miss, and the later save would be refused.
    expect(replies.filter(firstMiss)).toHaveLength(1);
    expect(replies.filter(secondMiss)).toHaveLength(1);
    expect(replies.flat().map((a) => a.text)).not.toContain(messages.stateConflict);
  });

  it('two conversations posting at once: both turns of each take effect', async () => {
    const [first, second] = [new ExpectRepliesClient(bot.url), new ExpectRepliesClient(bot.url)];
    const replies = await Promise.all([first.say(MISS), second.say(MISS), first.say(MISS), second.say(MISS)]);
    expect(replies.filter(firstMiss)).toHaveLength(2);
    expect(replies.filter(secondMiss)).toHaveLength(2);
  });
});

describe('two instances over one blob container (Azurite)', () => {
  it('a turn that raced another instance gets the Japanese request to resend with a 200, and the other turn\'s state is kept', async () => {
    const container = `app-state-${++containers}`;
    const captured = captureLogger();
    const [botA, botB] = [await startBot(blobEnv(container), engine, captured.logger), await startBot(blobEnv(container), engine)];
    try {
      await Promise.all([botA.app.ready, botB.app.ready]);
      const client = new ExpectRepliesClient(botA.url);
      const onB = sameConversation(client, botB.url);
      let racedReplies: Partial<Activity>[] | undefined;
      // After A's middleware loaded the conversation, and before A's bot saves it, a whole turn
      // of the same conversation runs on B: the race two instances behind a load balancer can have.
      botA.app.adapter.use({
        onTurn: async (context: TurnContext, next: () => Promise<void>) => {
          if (context.activity.text === MISS && racedReplies === undefined) {
            const raced = await onB(MISS);
            expect(raced.status).toBe(200);
            racedReplies = raced.activities;
          }
          await next();
        },
      });
      const { status, activities } = await client.send({ type: 'message', text: MISS });
      expect(status).toBe(200);
      expect(activities.at(-1)?.text).toBe(messages.stateConflict);
      expect(racedReplies && firstMiss(racedReplies)).toBe(true);
      const warnings = captured.lines.map((line) => JSON.parse(line) as { level: number; msg: string });
      expect(warnings.filter((l) => l.msg === 'stateStore: conflicting turns in one conversation; the user was asked to resend')).toHaveLength(1);
      expect(warnings.map((l) => l.msg)).not.toContain('bot: unhandled error in turn');
      // B's turn (one miss) was kept, not cleared: the message sent again is the second miss in a row.
      expect(secondMiss(await client.say(MISS))).toBe(true);
    } finally {
      await botA.close();
      await botB.close();
    }
  });

  it('a conversation goes on after a restart (a new process over the same container)', async () => {
    const container = `app-state-${++containers}`;
    const first = await startBot(blobEnv(container), engine);
    const client = new ExpectRepliesClient(first.url);
    try {
      await first.app.ready;
      expect((await client.say('パスワードをリセットしたい')).at(-1)?.text).toContain('Microsoft アカウント (メール アドレス、電話番号、または Skype 名) を入力してください');
    } finally {
      await first.close();
    }
    const restarted = await startBot(blobEnv(container), engine);
    try {
      await restarted.app.ready;
      const { status, activities } = await sameConversation(client, restarted.url)('taro@example.com');
      expect(status).toBe(200);
      expect(activities.at(-1)?.text).toContain('確認コードをどの方法で受け取りますか？');
    } finally {
      await restarted.close();
    }
  });

  it('a storage that refuses the bot at start fails `ready` with one line naming the container, and nothing is answered', async () => {
    const wrongKey = azurite.wrongKeyConnectionString;
    const bot = await startBot({ STATE_STORE: 'blob', AZURE_STORAGE_CONNECTION_STRING: wrongKey, STORAGE_CONTAINER: 'refused' }, engine);
    try {
      await expect(bot.app.ready).rejects.toThrow('sharedContainer: cannot open container "refused": status 403 AuthorizationFailure');
      const { status } = await new ExpectRepliesClient(bot.url).send({ type: 'message', text: MISS });
      expect(status).toBe(503);
    } finally {
      await bot.close();
    }
  });
});
