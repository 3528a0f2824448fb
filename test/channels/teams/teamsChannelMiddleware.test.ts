import { ActivityHandler, ActivityTypes, CardFactory, TestAdapter, type Activity, type HeroCard } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { TeamsChannelMiddleware } from '../../../src/channels/teams/teamsChannelMiddleware';
import { CHANNEL_THREAD_ID, TEAMS_BOT, TEAMS_USER, mentionOf, teamsMessage } from './teamsActivities';

/** A bot that repeats what it read and offers two choices as suggested actions. */
class EchoBot extends ActivityHandler {
  readonly seen: string[] = [];
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      this.seen.push(context.activity.text);
      await context.sendActivity({
        type: ActivityTypes.Message,
        text: `受け付けました: ${context.activity.text}`,
        suggestedActions: { to: [], actions: [{ type: 'imBack', title: 'はい', value: 'はい' }, { type: 'imBack', title: 'いいえ', value: 'いいえ' }] },
      });
      await next();
    });
  }
}

async function run(incoming: Partial<Activity>) {
  const bot = new EchoBot();
  const adapter = new TestAdapter(async (context) => bot.run(context));
  adapter.use(new TeamsChannelMiddleware());
  await adapter.processActivity(incoming);
  return { seen: bot.seen, sent: adapter.activeQueue };
}

function cardButtonTitles(activity: Partial<Activity> | undefined): string[] {
  return (activity?.attachments ?? [])
    .filter((a) => a.contentType === CardFactory.contentTypes.heroCard)
    .flatMap((a) => ((a.content as HeroCard).buttons ?? []).map((b) => b.title));
}

describe('TeamsChannelMiddleware: incoming messages', () => {
  it.each(['channel', 'groupChat'] as const)('strips the bot @mention in %s before the bot reads the text', async (scope) => {
    const { seen } = await run(teamsMessage('パスワードを忘れました', { scope }));
    expect(seen).toEqual(['パスワードを忘れました']);
  });

  it('strips every mention of the bot but keeps mentions of other people', async () => {
    const other = { id: '29:2other', name: '佐藤 花子' };
    const incoming = teamsMessage('', { scope: 'channel', mentionBot: false });
    incoming.text = `<at>マドグチ</at> <at>佐藤 花子</at> さんのパスワードについて <at>マドグチ</at>`;
    incoming.entities = [mentionOf(TEAMS_BOT), mentionOf(other), mentionOf(TEAMS_BOT)];
    const { seen } = await run(incoming);
    expect(seen).toEqual(['<at>佐藤 花子</at> さんのパスワードについて']);
  });

  it('leaves a personal message without a mention as it is', async () => {
    const { seen } = await run(teamsMessage('こんにちは'));
    expect(seen).toEqual(['こんにちは']);
  });
});

describe('TeamsChannelMiddleware: outgoing activities', () => {
  it('keeps imBack suggested actions in personal chat', async () => {
    const { sent } = await run(teamsMessage('テスト'));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.suggestedActions?.actions.map((a) => [a.type, a.title])).toEqual([['imBack', 'はい'], ['imBack', 'いいえ']]);
    expect(sent[0]?.attachments ?? []).toEqual([]);
  });

  it.each(['channel', 'groupChat'] as const)('sends choices as hero card buttons in %s', async (scope) => {
    const { sent } = await run(teamsMessage('テスト', { scope }));
    expect(sent[0]?.suggestedActions).toBeUndefined();
    expect(sent[0]?.text).toBe('受け付けました: テスト');
    expect(cardButtonTitles(sent[0])).toEqual(['はい', 'いいえ']);
  });

  it('answers a channel message in its thread: same conversation id, replying to the message', async () => {
    const { sent } = await run(teamsMessage('テスト', { scope: 'channel', id: '1700000000999' }));
    expect(sent[0]?.conversation?.id).toBe(CHANNEL_THREAD_ID);
    expect(sent[0]?.replyToId).toBe('1700000000999');
    expect(sent[0]?.recipient?.id).toBe(TEAMS_USER.id);
  });

  it('changes nothing on other channels', async () => {
    const incoming = { ...teamsMessage('テスト', { scope: 'channel' }), channelId: 'webchat' };
    const { seen, sent } = await run(incoming);
    expect(seen).toEqual(['<at>マドグチ</at> テスト']);
    expect(sent[0]?.suggestedActions?.actions).toHaveLength(2);
    expect(sent[0]?.attachments).toBeUndefined();
  });
});

describe('TeamsChannelMiddleware: options', () => {
  it('rejects a card with no room for buttons', () => {
    expect(() => new TeamsChannelMiddleware({ maxCardButtons: 0 })).toThrow('teamsActivityShaping: maxCardButtons must be a positive integer (got 0)');
  });
});
