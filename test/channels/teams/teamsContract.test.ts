import { CardFactory, ConversationState, MemoryStorage, TestAdapter, type Activity, type HeroCard } from 'botbuilder';
import { beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../../dialogs/messages';
import { RootDialog } from '../../../dialogs/rootDialog';
import { MadoguchiBot } from '../../../src/bot/madoguchiBot';
import { TeamsChannelMiddleware } from '../../../src/channels/teams/teamsChannelMiddleware';
import { defaultKnowledgeDir } from '../../../src/kb/loader';
import { FaqEngine } from '../../../src/search/faqEngine';
import { CHANNEL_THREAD_ID, TEAMS_USER, teamsMembersAdded, teamsMessage } from './teamsActivities';

/** The real bot (FAQ engine, root dialog, activity handler) behind the Teams middleware. */
let engine: FaqEngine;
beforeAll(async () => {
  engine = await FaqEngine.create({ knowledgeDir: defaultKnowledgeDir() });
});

function teamsBot() {
  const conversationState = new ConversationState(new MemoryStorage());
  const bot = new MadoguchiBot({ conversationState, rootDialog: new RootDialog({ faq: engine }) });
  const adapter = new TestAdapter(async (context) => bot.run(context));
  adapter.use(new TeamsChannelMiddleware());
  return {
    /** Sends one activity and returns what the bot sent back during that turn. */
    async say(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
      adapter.activeQueue.length = 0;
      await adapter.processActivity(activity);
      return [...adapter.activeQueue];
    },
  };
}

function cardButtons(activity: Partial<Activity> | undefined) {
  return (activity?.attachments ?? [])
    .filter((a) => a.contentType === CardFactory.contentTypes.heroCard)
    .flatMap((a) => (a.content as HeroCard).buttons ?? []);
}

function answeredEntry(activity: Partial<Activity> | undefined): unknown {
  return (activity?.channelData as { madoguchi?: { entryId?: string } } | undefined)?.madoguchi?.entryId;
}

const forgotPasswordQuestion = () => engine.entry('forgot-password')?.question ?? '';

describe('Teams contract: a team channel', () => {
  it('answers 「@マドグチ パスワードを忘れました」 in the thread, with card buttons instead of suggested actions', async () => {
    const replies = await teamsBot().say(teamsMessage('パスワードを忘れました', { scope: 'channel', id: '1700000000123' }));
    expect(replies).toHaveLength(1);
    const [reply] = replies;
    expect(answeredEntry(reply)).toBe('forgot-password');
    expect(reply?.text).toContain(forgotPasswordQuestion());
    expect(reply?.suggestedActions).toBeUndefined();
    const related = (engine.entry('forgot-password')?.related ?? []).map((id) => engine.entry(id)?.question);
    expect(cardButtons(reply).map((b) => [b.type, b.title])).toEqual(related.map((q) => ['imBack', q]));
    expect(reply?.conversation?.id).toBe(CHANNEL_THREAD_ID);
    expect(reply?.replyToId).toBe('1700000000123');
  });

  it('follows a card button pressed in the channel (its text comes back with the mention)', async () => {
    const bot = teamsBot();
    const [answer] = await bot.say(teamsMessage('パスワードを忘れました', { scope: 'channel' }));
    const button = cardButtons(answer)[0];
    expect(button?.value).toEqual(expect.any(String));
    const [next] = await bot.say(teamsMessage(String(button?.value), { scope: 'channel', id: '1700000000124' }));
    expect(answeredEntry(next)).toBe(engine.entryByQuestion(String(button?.value))?.id);
    expect(answeredEntry(next)).not.toBe('forgot-password');
  });

  it('never sends suggested actions, whatever the reply (abstain: every topic on cards of at most six)', async () => {
    const replies = await teamsBot().say(teamsMessage('今日の天気はどうですか', { scope: 'channel' }));
    const abstain = replies.find((r) => (r.channelData as { madoguchi?: { kind?: string } })?.madoguchi?.kind === 'abstain-off-topic');
    expect(abstain).toBeDefined();
    expect(replies.every((r) => r.suggestedActions === undefined)).toBe(true);
    const cards = (abstain?.attachments ?? []).map((a) => ((a.content as HeroCard).buttons ?? []).length);
    expect(cards.reduce((a, b) => a + b, 0)).toBe(messages.abstain.topics.length);
    expect(cards.every((n) => n <= 6)).toBe(true);
  });
});

describe('Teams contract: a group chat', () => {
  it('strips the mention and answers with card buttons', async () => {
    const [reply] = await teamsBot().say(teamsMessage('パスワードを忘れました', { scope: 'groupChat' }));
    expect(answeredEntry(reply)).toBe('forgot-password');
    expect(reply?.suggestedActions).toBeUndefined();
    expect(cardButtons(reply).length).toBeGreaterThan(0);
  });
});

describe('Teams contract: personal chat', () => {
  it('answers with imBack suggested actions and no cards', async () => {
    const [reply] = await teamsBot().say(teamsMessage('パスワードを忘れました'));
    expect(answeredEntry(reply)).toBe('forgot-password');
    const actions = reply?.suggestedActions?.actions ?? [];
    expect(actions.length).toBeGreaterThan(0);
    expect(actions.length).toBeLessThanOrEqual(3);
    expect(actions.every((a) => a.type === 'imBack')).toBe(true);
    expect(reply?.attachments ?? []).toEqual([]);
  });

  it('welcomes a user who opens the chat with the three examples as imBack suggested actions', async () => {
    const replies = await teamsBot().say(teamsMembersAdded('personal', [TEAMS_USER]));
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toBe(messages.welcome.text);
    expect(replies[0]?.suggestedActions?.actions.map((a) => [a.type, a.title])).toEqual(messages.welcome.examples.map((e) => ['imBack', e]));
  });

  it('moves more than three choices (abstain offers six) to cards so none is hidden', async () => {
    const replies = await teamsBot().say(teamsMessage('今日の天気はどうですか'));
    const abstain = replies.find((r) => (r.channelData as { madoguchi?: { kind?: string } })?.madoguchi?.kind === 'abstain-off-topic');
    expect(abstain?.suggestedActions).toBeUndefined();
    expect(cardButtons(abstain).map((b) => b.title)).toEqual([...messages.abstain.topics]);
  });
});
