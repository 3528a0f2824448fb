import { afterEach, describe, expect, it } from 'vitest';
import { ConversationStore, activityId, isActivityOf } from '../../../src/channels/directline/conversationStore';
import { startEchoStack, type EchoStack } from './echoStack';

/**
 * A proactive message (CloudAdapter.continueConversationAsync) "replies" to the id of the
 * continuation activity the SDK made up. Web Chat holds a reply back until the activity it
 * answers has arrived (up to 5 s), so the local Direct Line keeps only replyToIds of its own.
 */

let stack: EchoStack | undefined;

afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

async function startedConversation(s: EchoStack): Promise<{ conversationId: string; token: string }> {
  const generated = (await (await fetch(`${s.domain}/tokens/generate`, { method: 'POST' })).json()) as { conversationId: string; token: string };
  await fetch(`${s.domain}/conversations`, { method: 'POST', headers: { authorization: `Bearer ${generated.token}` } });
  // The bot's welcome is activity 0 once the conversationUpdate has been delivered.
  await s.endpoint.idle();
  return generated;
}

/** Posts as the bot's connector client does (replyToActivity), returns what the client then reads. */
async function botReply(s: EchoStack, conversationId: string, token: string, replyTo: string): Promise<Record<string, unknown> | undefined> {
  const res = await fetch(`${s.baseUrl}/v3/conversations/${encodeURIComponent(conversationId)}/activities/${encodeURIComponent(replyTo)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'message', text: 'notice', replyToId: replyTo, from: { id: 'madoguchi' } }),
  });
  expect(res.status).toBe(200);
  const page = (await (await fetch(`${s.domain}/conversations/${conversationId}/activities`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
    activities: Record<string, unknown>[];
  };
  return page.activities.filter((a) => a.text === 'notice').at(-1);
}

describe('local Direct Line: replyToId of the bot\'s activities', () => {
  it('drops an id this conversation never had (a proactive message)', async () => {
    stack = await startEchoStack();
    const { conversationId, token } = await startedConversation(stack);
    const stored = await botReply(stack, conversationId, token, '5b2c7f0e-0000-4000-8000-000000000000');
    expect(stored).toMatchObject({ type: 'message', text: 'notice', conversation: { id: conversationId } });
    expect(stored).not.toHaveProperty('replyToId');
  });

  it('keeps the id of an activity of this conversation (an ordinary reply)', async () => {
    stack = await startEchoStack();
    const { conversationId, token } = await startedConversation(stack);
    const own = activityId(conversationId, 0);
    expect(await botReply(stack, conversationId, token, own)).toMatchObject({ replyToId: own });
  });
});

describe('isActivityOf', () => {
  it('knows ids it gave out, also those dropped from the stream since, and nothing else', () => {
    const store = new ConversationStore({ maxActivitiesPerConversation: 1 });
    const created = store.create();
    if (!created.ok) throw new Error('test: no conversation');
    const { conversation } = created;
    store.append(conversation, { type: 'message' });
    store.append(conversation, { type: 'message' });
    expect(isActivityOf(conversation, activityId(conversation.id, 0))).toBe(true);
    expect(isActivityOf(conversation, activityId(conversation.id, 1))).toBe(true);
    expect(isActivityOf(conversation, activityId(conversation.id, 2))).toBe(false);
    expect(isActivityOf(conversation, activityId('another', 0))).toBe(false);
    expect(isActivityOf(conversation, '5b2c7f0e-0000-4000-8000-000000000000')).toBe(false);
    expect(isActivityOf(conversation, `${conversation.id}|abc`)).toBe(false);
  });
});
