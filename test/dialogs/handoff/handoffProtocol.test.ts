import { ActivityTypes, EventFactory, TestAdapter, TurnContext, type Activity, type Transcript } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { emptyHistory, withBotText, withOutcome, withUserText } from '../../../dialogs/handoff/conversationHistory';
import { HandoffContextBuilder } from '../../../dialogs/handoff/handoffContext';
import {
  TRANSCRIPT_ATTACHMENT_NAME,
  createHandoffInitiation,
  isHandoffStatus,
  omnichannelEndConversation,
  omnichannelEscalationMessage,
  readHandoffStatus,
  transcriptFromHistory,
} from '../../../dialogs/handoff/handoffProtocol';
import { messages } from '../../../dialogs/messages';

function turnContext(): TurnContext {
  const adapter = new TestAdapter();
  return new TurnContext(adapter, {
    type: ActivityTypes.Message,
    id: 'act-1',
    text: 'オペレーターと話したい',
    channelId: 'test',
    serviceUrl: 'https://test.invalid',
    from: { id: 'user-1', name: 'User' },
    recipient: { id: 'bot', name: 'Bot' },
    conversation: { id: 'conv-1', isGroup: false, conversationType: 'personal', name: '' },
  });
}

const history = [
  (h: ReturnType<typeof emptyHistory>) => withUserText(h, 'パスワードを忘れました。taro@example.com です', {}, '2026-11-25T10:00:00.000Z'),
  (h: ReturnType<typeof emptyHistory>) => withBotText(h, 'パスワードのリセット手順をご案内します。', '2026-11-25T10:00:01.000Z'),
  (h: ReturnType<typeof emptyHistory>) => withOutcome(h, { kind: 'answered', entryId: 'forgot-password', confidence: 0.9 }, '2026-11-25T10:00:01.000Z'),
  (h: ReturnType<typeof emptyHistory>) => withUserText(h, 'オペレーターと話したい', {}, '2026-11-25T10:00:05.000Z'),
].reduce((h, f) => f(h), emptyHistory());

const handoff = new HandoffContextBuilder().build(history, { reason: 'user-request', conversation: 'c_abc', createdAt: '2026-11-25T10:00:06.000Z' });

describe('createHandoffInitiation', () => {
  it('is the handoff.initiate event with the context as value and the redacted transcript attached', () => {
    const context = turnContext();
    const transcript = transcriptFromHistory(history, 'conv-1');
    const event = createHandoffInitiation(context, handoff, transcript);
    expect(event.type).toBe(ActivityTypes.Event);
    expect(event.name).toBe('handoff.initiate');
    expect(event.value).toEqual(handoff);
    expect(event.conversation.id).toBe('conv-1');
    expect(event.replyToId).toBe('act-1');
    expect(event.relatesTo?.conversation.id).toBe('conv-1');
    expect(event.attachments).toHaveLength(1);
    const [attachment] = event.attachments ?? [];
    expect(attachment?.name).toBe(TRANSCRIPT_ATTACHMENT_NAME);
    // What botbuilder's EventFactory produces, so protocol receivers parse it as they expect.
    expect(attachment?.contentType).toBe(EventFactory.createHandoffInitiation(context, {}, { activities: [] }).attachments?.[0]?.contentType);
    const activities = (attachment?.content as Transcript).activities;
    expect(activities.map((a) => [a.from.role, a.text])).toEqual([
      ['user', 'パスワードを忘れました。[メール] です'],
      ['bot', 'パスワードのリセット手順をご案内します。'],
      ['user', 'オペレーターと話したい'],
    ]);
    expect(JSON.stringify(event)).not.toContain('taro@example.com');
    expect(event.channelData).toBeUndefined();
  });

  it('with omnichannel, carries channelData.tags = {"type":"Escalate","context":{…}} as a JSON string', () => {
    const event = createHandoffInitiation(turnContext(), handoff, transcriptFromHistory(history, 'conv-1'), { omnichannel: true, ticketId: 'MDG-20261125-ABCD' });
    const tags = JSON.parse((event.channelData as { tags: string }).tags) as { type: string; context: Record<string, string> };
    expect(tags.type).toBe('Escalate');
    expect(tags.context).toEqual({ madoguchiReason: 'user-request', madoguchiSummary: handoff.summary, madoguchiTicket: 'MDG-20261125-ABCD' });
  });
});

describe('Omnichannel messages', () => {
  it('escalation message: a message activity with the Escalate tag', () => {
    const message = omnichannelEscalationMessage('担当者におつなぎします。', handoff);
    expect(message.type).toBe(ActivityTypes.Message);
    expect(JSON.parse((message.channelData as { tags: string }).tags)).toEqual({ type: 'Escalate', context: { madoguchiReason: 'user-request', madoguchiSummary: handoff.summary } });
  });

  it('EndConversation when the bot closes the conversation', () => {
    const message = omnichannelEndConversation('ご利用ありがとうございました。');
    expect(JSON.parse((message.channelData as { tags: string }).tags)).toEqual({ type: 'EndConversation', context: {} });
  });
});

describe('readHandoffStatus', () => {
  const status = (state: string): Partial<Activity> => EventFactory.createHandoffStatus({ id: 'conv-1', isGroup: false, conversationType: 'personal', name: '' }, state);

  it.each([
    ['accepted', messages.handoff.status.accepted, false],
    ['failed', messages.handoff.status.failed, true],
    ['completed', messages.handoff.status.completed, true],
    ['Completed', messages.handoff.status.completed, true],
  ])('%s → Japanese message, bot active = %s', (state, reply, botActive) => {
    expect(isHandoffStatus(status(state))).toBe(true);
    expect(readHandoffStatus(status(state))).toEqual({ ok: true, state: state.toLowerCase(), reply, botActive });
  });

  it('refuses unknown states and other activities', () => {
    expect(readHandoffStatus(status('exploded'))).toEqual({ ok: false, reason: 'unknown-state' });
    expect(readHandoffStatus({ type: ActivityTypes.Event, name: 'other' })).toEqual({ ok: false, reason: 'not-a-status' });
    expect(readHandoffStatus({ type: ActivityTypes.Message, text: 'handoff.status' })).toEqual({ ok: false, reason: 'not-a-status' });
  });
});
