import { describe, expect, it } from 'vitest';
import { ConversationStore, MAX_TOKENS_PER_CONVERSATION, activityId } from '../../../src/channels/directline/conversationStore';
import { FakeClock } from './echoStack';

function created(store: ConversationStore) {
  const result = store.create();
  if (!result.ok) throw new Error(result.reason);
  return result;
}

describe('ConversationStore', () => {
  it('rejects limits that are not positive integers, naming the option', () => {
    expect(() => new ConversationStore({ maxConversations: 0 })).toThrow('directline: maxConversations must be a positive integer (got 0)');
    expect(() => new ConversationStore({ tokenTtlMs: 1.5 })).toThrow('directline: tokenTtlMs must be a positive integer (got 1.5)');
  });

  it(`keeps at most ${MAX_TOKENS_PER_CONVERSATION} live tokens per conversation: refreshing more revokes the oldest`, () => {
    const store = new ConversationStore();
    const { conversation, token } = created(store);
    const issued = [token.token];
    for (let i = 0; i < MAX_TOKENS_PER_CONVERSATION; i++) issued.push(store.issueToken(conversation).token);
    expect(store.check(issued[0]).ok).toBe(false);
    for (const t of issued.slice(1)) expect(store.check(t, conversation.id).ok).toBe(true);
  });

  it('answers 404 for a live token whose conversation idled out, 403 once the token itself expires', () => {
    const clock = new FakeClock();
    const store = new ConversationStore({ now: clock.now, conversationIdleMs: 1_000, tokenTtlMs: 5_000 });
    const { conversation, token } = created(store);
    clock.advance(1_000);
    expect(store.check(token.token, conversation.id)).toEqual({ ok: false, status: 404, reason: 'unknown-conversation' });
    clock.advance(4_000);
    expect(store.check(token.token, conversation.id)).toEqual({ ok: false, status: 403, reason: 'invalid-token' });
  });

  it('numbers activities like Azure and returns those after a watermark', () => {
    const store = new ConversationStore();
    const { conversation } = created(store);
    const a = store.append(conversation, { type: 'message', text: 'a' });
    store.append(conversation, { type: 'message', text: 'b' });
    expect(a.id).toBe(activityId(conversation.id, 0));
    expect(a.id).toBe(`${conversation.id}|0000000`);
    expect(store.since(conversation, '0')).toEqual({ ok: true, activities: [expect.objectContaining({ text: 'b' })], watermark: '1' });
    expect(store.since(conversation, '')).toMatchObject({ ok: true, watermark: '1' });
    expect(store.since(conversation, '-1')).toEqual({ ok: false, reason: 'bad-watermark' });
  });

  it('answers an empty stream with an empty watermark', () => {
    const store = new ConversationStore();
    const { conversation } = created(store);
    expect(store.since(conversation, undefined)).toEqual({ ok: true, activities: [], watermark: '' });
  });
});
