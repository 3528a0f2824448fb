import { ConversationState, MemoryStorage, TestAdapter, type Activity, type TurnContext } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { HISTORY_STATE_KEY, type ConversationHistory } from '../../../dialogs/handoff/conversationHistory';
import type { HandoffAvailability } from '../../../dialogs/handoff/handoffAvailability';
import type { HandoffContext } from '../../../dialogs/handoff/handoffContext';
import { HandoffCoordinator } from '../../../dialogs/handoff/handoffCoordinator';
import type { HandoffProvider, HandoffSubmitted } from '../../../dialogs/handoff/handoffPort';
import { messages } from '../../../dialogs/messages';
import { BusinessHours } from '../../../src/handoff/businessHours';

const TICKET = 'MDG-20261128-WXYZ';
const a = messages.handoff.afterHours;

class FakeProvider implements HandoffProvider {
  readonly submitted: HandoffContext[] = [];
  async submit(context: HandoffContext): Promise<HandoffSubmitted> {
    this.submitted.push(context);
    return { ok: true, ticketId: TICKET, delivery: 'stored' };
  }
}

/** A coordinator at a fixed time; each message asks for a person, except 「相談」, which gets the offer. */
function harness(options: { availability?: HandoffAvailability; at?: string }) {
  const state = new ConversationState(new MemoryStorage());
  const provider = new FakeProvider();
  const at = options.at;
  const coordinator = new HandoffCoordinator({
    provider,
    history: state.createProperty<ConversationHistory>(HISTORY_STATE_KEY),
    ...(options.availability ? { availability: options.availability } : {}),
    ...(at ? { now: () => new Date(at) } : {}),
  });
  const adapter = new TestAdapter(async (context: TurnContext) => {
    if (context.activity.text === '相談') await coordinator.offer(context, 'repeated-abstention');
    else await coordinator.handOver(context, 'user-request');
    await state.saveChanges(context, false);
  });
  const replies = async (text: string): Promise<Partial<Activity>[]> => {
    await adapter.send(text);
    return adapter.activeQueue.splice(0);
  };
  return { provider, replies };
}

describe('HandoffCoordinator outside business hours', () => {
  it('Friday night in Tokyo: the ticket is created and the user is told a person reads it on Monday at 9:00', async () => {
    const { provider, replies } = harness({ availability: new BusinessHours(), at: '2025-11-28T19:00:00+09:00' });
    const [ticket] = await replies('担当者と話したい');
    expect(ticket?.text).toBe(a.ticketCreated(TICKET, '受付時間外のため、担当者は 12月1日(月) 9:00 以降に確認します。'));
    expect(ticket?.text).not.toContain('担当者からのご連絡をお待ちください');
    expect(provider.submitted).toHaveLength(1);
  });

  it('on 元日: after the New Year weekend', async () => {
    const { replies } = harness({ availability: new BusinessHours(), at: '2027-01-01T10:00:00+09:00' });
    const [ticket] = await replies('担当者と話したい');
    expect(ticket?.text).toContain('担当者は 1月4日(月) 9:00 以降に確認します。');
  });

  it('during business hours: the usual message, as without hours', async () => {
    const { replies } = harness({ availability: new BusinessHours(), at: '2025-11-27T10:00:00+09:00' });
    const [ticket] = await replies('担当者と話したい');
    expect(ticket?.text).toBe(messages.handoff.ticketCreated(TICKET));
  });

  it('without an availability collaborator: always open (the default)', async () => {
    const { replies } = harness({ at: '2027-01-01T03:00:00+09:00' });
    const [ticket] = await replies('担当者と話したい');
    expect(ticket?.text).toBe(messages.handoff.ticketCreated(TICKET));
  });

  it('closed with no opening scheduled: the ticket is taken and no time is promised', async () => {
    const { replies } = harness({ availability: { at: () => ({ open: false }) } });
    const [ticket] = await replies('担当者と話したい');
    expect(ticket?.text).toBe(a.ticketCreated(TICKET, '受付時間外のため、担当者が確認するまでお時間をいただきます。'));
  });

  it('the offer of a person says when one will read it, so the user decides knowing it', async () => {
    const { replies } = harness({ availability: new BusinessHours(), at: '2025-11-29T12:00:00+09:00' });
    const [offer] = await replies('相談');
    expect(offer?.text).toBe(`${messages.handoff.offer['repeated-abstention']}\n\n※ 受付時間外のため、担当者は 12月1日(月) 9:00 以降に確認します。`);
    expect(offer?.suggestedActions?.actions.map((b) => b.title)).toEqual([messages.handoff.offerButton, messages.handoff.declineButton]);
  });

  it('the offer in business hours is unchanged', async () => {
    const { replies } = harness({ availability: new BusinessHours(), at: '2025-11-27T10:00:00+09:00' });
    const [offer] = await replies('相談');
    expect(offer?.text).toBe(messages.handoff.offer['repeated-abstention']);
  });
});
