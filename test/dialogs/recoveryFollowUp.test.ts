import { TestAdapter, type ConversationReference, type TurnContext } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import type { FlowResult } from '../../dialogs/flows/flowResult';
import { messages } from '../../dialogs/messages';
import { RecoveryFollowUp, submittedRecoveryTicket, type RecoveryWatchList } from '../../dialogs/recoveryFollowUp';

class FakeWatchList implements RecoveryWatchList {
  readonly remembered: [string, Partial<ConversationReference>][] = [];
  constructor(private readonly answer: boolean | Error = true) {}
  async remember(ticketId: string, reference: Partial<ConversationReference>): Promise<boolean> {
    if (this.answer instanceof Error) throw this.answer;
    this.remembered.push([ticketId, reference]);
    return this.answer;
  }
}

/** One turn that ends a flow with `result`; returns the texts sent. */
async function endFlow(followUp: RecoveryFollowUp, result: FlowResult): Promise<(string | undefined)[]> {
  const adapter = new TestAdapter(async (context: TurnContext) => followUp.onFlowEnded(context, result));
  await adapter.send('送信する');
  return adapter.activeQueue.splice(0).map((a) => a.text);
}

const submitted: FlowResult = { outcome: 'completed', flow: 'recoverAccount', step: 'submit', ticketId: 'RR-ABCDEFGH' };

describe('submittedRecoveryTicket', () => {
  it.each<[string, FlowResult, string | undefined]>([
    ['a submitted recovery request', submitted, 'RR-ABCDEFGH'],
    ['recovery run from password reset (via)', { ...submitted, via: 'passwordReset' }, 'RR-ABCDEFGH'],
    ['a completed password reset', { outcome: 'completed', flow: 'passwordReset', step: 'reset-link' }, undefined],
    ['a status question answered', { outcome: 'completed', flow: 'recoveryStatus', step: 'status' }, undefined],
    ['recovery cancelled', { outcome: 'cancelled', flow: 'recoverAccount', step: 'summary' }, undefined],
    ['recovery failed', { outcome: 'failed', flow: 'recoverAccount', step: 'submit', reason: 'unavailable' }, undefined],
  ])('%s → %s', (_what, result, ticket) => {
    expect(submittedRecoveryTicket(result)).toBe(ticket);
  });
});

describe('RecoveryFollowUp.onFlowEnded', () => {
  it('remembers the conversation by ticket and says the result will also come here', async () => {
    const watchList = new FakeWatchList();
    const texts = await endFlow(new RecoveryFollowUp({ watchList }), { ...submitted, via: 'unblockAccount' });
    expect(texts).toEqual([messages.recoveryNotice.willNotify]);
    expect(watchList.remembered.map(([id, ref]) => [id, ref.channelId, ref.conversation?.id])).toEqual([['RR-ABCDEFGH', 'test', 'Convo1']]);
  });

  it('other flow ends: nothing remembered, nothing said', async () => {
    const watchList = new FakeWatchList();
    expect(await endFlow(new RecoveryFollowUp({ watchList }), { outcome: 'completed', flow: 'passwordReset', step: 'reset-link' })).toEqual([]);
    expect(watchList.remembered).toEqual([]);
  });

  it('a full watch list: no promise to the user', async () => {
    expect(await endFlow(new RecoveryFollowUp({ watchList: new FakeWatchList(false) }), submitted)).toEqual([]);
  });

  it('storage failing: the error is reported, the turn goes on, no promise', async () => {
    const errors: Error[] = [];
    const texts = await endFlow(new RecoveryFollowUp({ watchList: new FakeWatchList(new Error('storage down')), onError: (e) => void errors.push(e) }), submitted);
    expect(texts).toEqual([]);
    expect(errors.map((e) => e.message)).toEqual(['storage down']);
  });
});
