import { TestAdapter, TurnContext, type ConversationReference } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { messages } from '../../dialogs/messages';
import { ResetDoneNotices } from '../../src/account/resetDoneNotices';
import { captureLogger } from './helpers';

/** ResetDoneNotices on its own: a fake proactive adapter and a fake clock. */

function setup(options: { ttlMs?: number; maxLinks?: number; fail?: boolean } = {}) {
  let now = 1_000;
  const sent: { reference: Partial<ConversationReference>; texts: string[] }[] = [];
  const { logger, lines } = captureLogger();
  const notices = new ResetDoneNotices({
    adapter: {
      continueConversationAsync: async (_appId, reference, logic) => {
        if (options.fail) throw new Error('channel down');
        const texts: string[] = [];
        const context = new TurnContext(new TestAdapter(async () => undefined), { type: 'event', channelId: 'test', conversation: { id: 'x', isGroup: false, name: '', conversationType: 'personal' } });
        context.onSendActivities(async (_ctx, activities) => {
          for (const a of activities) texts.push(a.text ?? '');
          return activities.map(() => ({ id: 'r' }));
        });
        await logic(context);
        sent.push({ reference, texts });
      },
    },
    botAppId: '',
    logger,
    now: () => now,
    ...(options.ttlMs !== undefined ? { ttlMs: options.ttlMs } : {}),
    ...(options.maxLinks !== undefined ? { maxLinks: options.maxLinks } : {}),
  });
  const issue = async (conversationId: string, token: string) => {
    const adapter = new TestAdapter(async () => undefined);
    const context = new TurnContext(adapter, {
      type: 'message',
      channelId: 'directline',
      serviceUrl: 'http://127.0.0.1:3978/',
      conversation: { id: conversationId, isGroup: false, name: '', conversationType: 'personal' },
      from: { id: 'user-1', name: '山田 太郎' },
      recipient: { id: 'bot', name: 'マドグチ' },
      text: 'taro@example.com',
    });
    await notices.linkIssued(context, `http://127.0.0.1:3978/demo/reset/${token}`);
  };
  return { notices, sent, lines, issue, advance: (ms: number) => (now += ms) };
}

describe('ResetDoneNotices', () => {
  it('tells the conversation the link came from, once, without names in the reference', async () => {
    const { notices, sent, issue } = setup();
    await issue('conv-a', 'tok-a');
    await notices.passwordChanged('tok-a');
    await notices.passwordChanged('tok-a');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.texts).toEqual([messages.passwordReset.changed]);
    expect(sent[0]?.reference.conversation?.id).toBe('conv-a');
    expect(JSON.stringify(sent[0]?.reference)).not.toContain('山田');
  });

  it('says nothing for an unknown link or one past its lifetime', async () => {
    const { notices, sent, issue, advance } = setup({ ttlMs: 1_000 });
    await notices.passwordChanged('nobody');
    await issue('conv-a', 'tok-a');
    advance(1_001);
    await notices.passwordChanged('tok-a');
    expect(sent).toEqual([]);
  });

  it('follows at most maxLinks links, forgetting the oldest', async () => {
    const { notices, sent, issue } = setup({ maxLinks: 2 });
    await issue('conv-a', 'tok-a');
    await issue('conv-b', 'tok-b');
    await issue('conv-c', 'tok-c');
    for (const t of ['tok-a', 'tok-b', 'tok-c']) await notices.passwordChanged(t);
    expect(sent.map((s) => s.reference.conversation?.id)).toEqual(['conv-b', 'conv-c']);
  });

  it('logs, and does not throw, when the chat cannot be reached', async () => {
    const { notices, issue, lines } = setup({ fail: true });
    await issue('conv-a', 'tok-a');
    await expect(notices.passwordChanged('tok-a')).resolves.toBeUndefined();
    expect(lines.some((l) => l.includes('resetDoneNotices: could not tell the chat that the password was changed'))).toBe(true);
  });
});
