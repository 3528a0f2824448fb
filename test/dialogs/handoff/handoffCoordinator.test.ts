import { ActivityTypes, ConversationState, EventFactory, MemoryStorage, TestAdapter, type Activity, type Transcript, type TurnContext } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { HISTORY_STATE_KEY, isoInstant, redactedAgain, withAccount, type ConversationHistory } from '../../../dialogs/handoff/conversationHistory';
import type { HandoffContext } from '../../../dialogs/handoff/handoffContext';
import { HandoffCoordinator } from '../../../dialogs/handoff/handoffCoordinator';
import type { HandoffProvider, HandoffSubmitted } from '../../../dialogs/handoff/handoffPort';
import { HistoryMiddleware, markSensitive, noteAccount } from '../../../dialogs/handoff/historyMiddleware';
import { messages } from '../../../dialogs/messages';
import type { OutcomeEvent } from '../../../dialogs/outcomes';
import type { FaqEntryView } from '../../../dialogs/ports';

const candidate: FaqEntryView = { id: 'forgot-password', question: 'パスワードを忘れた', answer: '…', related: [] };

class FakeProvider implements HandoffProvider {
  readonly submitted: HandoffContext[] = [];
  constructor(private readonly answer: HandoffSubmitted = { ok: true, ticketId: 'MDG-20261125-ABCD', delivery: 'stored' }) {}
  async submit(context: HandoffContext): Promise<HandoffSubmitted> {
    this.submitted.push(context);
    return this.answer;
  }
}

/** A root-dialog stand-in wired the way the lead will wire the real one. */
function harness(options: { provider?: FakeProvider; omnichannel?: boolean } = {}) {
  const state = new ConversationState(new MemoryStorage());
  const history = state.createProperty<ConversationHistory>(HISTORY_STATE_KEY);
  const recorded: [string, OutcomeEvent][] = [];
  const provider = options.provider ?? new FakeProvider();
  const coordinator = new HandoffCoordinator({ provider, history, recorder: { record: async (c, e) => void recorded.push([c, e]) }, omnichannel: options.omnichannel ?? false });
  const snapshots: ConversationHistory[] = [];
  const logic = async (context: TurnContext) => {
    snapshots.push(await history.get(context, { turns: [] }));
    if (context.activity.type === ActivityTypes.Event) {
      await coordinator.onHandoffStatus(context);
    } else {
      const text = context.activity.text ?? '';
      if (text.startsWith('秘密 ')) markSensitive(context, text.slice(3));
      const decision = await coordinator.onMessage(context, text);
      if (decision.kind === 'handoff') await coordinator.handOver(context, decision.reason);
      else if (decision.kind === 'declined') await coordinator.decline(context);
      else if (await coordinator.withAgent(context)) {
        // An agent has the conversation: the bot stays quiet.
      } else {
        await context.sendActivity(messages.abstain.text);
        const after = await coordinator.record(context, { kind: 'abstained', question: text });
        if (after.kind === 'offer') await coordinator.offer(context, after.reason, after.withHelp ? [candidate] : []);
      }
    }
    await state.saveChanges(context, false);
  };
  const adapter = new TestAdapter(logic);
  adapter.use(new HistoryMiddleware({ history, state }));
  return { adapter, provider, recorded, snapshots };
}

const buttons = (a: Partial<Activity>) => a.suggestedActions?.actions.map((b) => b.title) ?? [];

describe('HandoffCoordinator.handOver', () => {
  it('asking for a person: ticket number for the user, handoff.initiate with context and transcript, outcome recorded', async () => {
    const { adapter, provider, recorded } = harness();
    const replies: Partial<Activity>[] = [];
    await adapter.send('パスワードを忘れました。taro@example.com です').startTest();
    adapter.activeQueue.splice(0);
    await adapter.send('オペレーターと話したい');
    replies.push(...adapter.activeQueue.splice(0));
    expect(replies.map((r) => r.type)).toEqual([ActivityTypes.Message, ActivityTypes.Event]);
    expect(replies[0]?.text).toBe(messages.handoff.ticketCreated('MDG-20261125-ABCD'));
    const event = replies[1] as Activity;
    expect(event.name).toBe('handoff.initiate');
    expect(event.value).toEqual(provider.submitted[0]);
    const transcript = event.attachments?.[0]?.content as Transcript;
    expect(transcript.activities.map((a) => a.text)).toContain('パスワードを忘れました。[メール] です');
    expect(JSON.stringify(replies)).not.toContain('taro@example.com');
    expect(provider.submitted[0]?.reason).toBe('user-request');
    expect(provider.submitted[0]?.questions).toEqual(['パスワードを忘れました。[メール] です', 'オペレーターと話したい']);
    expect(recorded.map(([, e]) => e)).toContainEqual({ kind: 'handedOver', reason: 'user-request', ticketId: 'MDG-20261125-ABCD' });
  });

  it('with Omnichannel, the ticket message and the event carry the Escalate tag', async () => {
    const { adapter } = harness({ omnichannel: true });
    await adapter.send('担当者と話したい');
    const [message, event] = adapter.activeQueue.splice(0);
    for (const a of [message, event]) expect(JSON.parse((a?.channelData as { tags: string }).tags)).toMatchObject({ type: 'Escalate', context: { madoguchiTicket: 'MDG-20261125-ABCD', madoguchiReason: 'user-request' } });
  });

  it('when the ticket cannot be stored: a Japanese apology, no event, no handover recorded', async () => {
    const { adapter, recorded } = harness({ provider: new FakeProvider({ ok: false, reason: 'unavailable' }) });
    await adapter.send('人と話したい');
    const replies = adapter.activeQueue.splice(0);
    expect(replies.map((r) => r.text)).toEqual([messages.handoff.unavailable]);
    expect(recorded).toEqual([]);
  });
});

describe('offer before handing over', () => {
  it('two misses offer the best candidate and a person; accepting hands over with that reason', async () => {
    const { adapter, provider } = harness();
    await adapter.send('ぜんぜん関係ない質問');
    adapter.activeQueue.splice(0);
    await adapter.send('やっぱり関係ない質問');
    const replies = adapter.activeQueue.splice(0);
    expect(replies.map((r) => r.text)).toEqual([messages.abstain.text, `${messages.handoff.offer['repeated-abstention']}\n\n${messages.handoff.offerHelpIntro}`]);
    expect(buttons(replies[1] as Partial<Activity>)).toEqual(['パスワードを忘れた', '担当者と話す', 'このまま続ける']);
    await adapter.send('担当者と話す');
    expect(provider.submitted.map((c) => c.reason)).toEqual(['repeated-abstention']);
  });

  it('the user can decline, and is not offered again without fresh evidence', async () => {
    const { adapter, provider } = harness();
    for (const q of ['質問その一', '質問その二']) await adapter.send(q);
    adapter.activeQueue.splice(0);
    await adapter.send('このまま続ける');
    expect(adapter.activeQueue.splice(0).map((r) => r.text)).toEqual([messages.handoff.declined]);
    await adapter.send('質問その三');
    expect(adapter.activeQueue.splice(0).map((r) => r.text)).toEqual([messages.abstain.text]);
    await adapter.send('質問その四');
    const again = adapter.activeQueue.splice(0);
    expect(again[1]?.text).toBe(messages.handoff.offer['repeated-abstention']);
    expect(buttons(again[1] as Partial<Activity>)).toEqual(['担当者と話す', 'このまま続ける']);
    expect(provider.submitted).toEqual([]);
  });
});

describe('handoff.status', () => {
  // As an agent hub sends it (EventFactory.createHandoffStatus), on the test adapter's conversation.
  const status = (state: string): Partial<Activity> => {
    const { type, name, value } = EventFactory.createHandoffStatus({ id: 'x', isGroup: false, conversationType: 'personal', name: '' }, state);
    return { type, name, value };
  };

  it('accepted: the user is told and the bot goes quiet; completed: the bot is back', async () => {
    const { adapter } = harness();
    await adapter.send('オペレーターと話したい');
    adapter.activeQueue.splice(0);
    await adapter.send(status('accepted'));
    expect(adapter.activeQueue.splice(0).map((r) => r.text)).toEqual([messages.handoff.status.accepted]);
    await adapter.send('もしもし');
    expect(adapter.activeQueue.splice(0)).toEqual([]);
    await adapter.send(status('completed'));
    expect(adapter.activeQueue.splice(0).map((r) => r.text)).toEqual([messages.handoff.status.completed]);
    await adapter.send('まだ質問があります');
    expect(adapter.activeQueue.splice(0).map((r) => r.text)).toEqual([messages.abstain.text]);
  });

  it('failed: the user is told and the bot carries on', async () => {
    const { adapter } = harness();
    await adapter.send(status('failed'));
    expect(adapter.activeQueue.splice(0).map((r) => r.text)).toEqual([messages.handoff.status.failed]);
  });
});

describe('HistoryMiddleware', () => {
  it('keeps user and bot texts redacted, including values a flow marked sensitive during the turn', async () => {
    const { adapter, snapshots, recorded } = harness();
    await adapter.send('秘密 ポチ');
    await adapter.send('電話は 090-1234-5678 です');
    await adapter.send('next');
    const h = snapshots[snapshots.length - 1] as ConversationHistory;
    const texts = h.turns.flatMap((t) => (t.kind === 'user' || t.kind === 'bot' ? [`${t.kind}: ${t.text}`] : []));
    expect(texts.slice(0, 4)).toEqual(['user: 秘密 [個人情報]', `bot: ${messages.abstain.text}`, 'user: 電話は [電話番号] です', `bot: ${messages.abstain.text}`]);
    expect(JSON.stringify(h)).not.toMatch(/ポチ|090-1234/);
    expect(JSON.stringify(recorded)).not.toMatch(/ポチ|090-1234/);
  });
});

describe('HandoffCoordinator.onFeedback', () => {
  const entries: Record<string, FaqEntryView> = {
    'forgot-password': candidate,
    'account-blocked': { id: 'account-blocked', question: 'アカウントがブロックされた', answer: '…', related: [] },
  };
  function feedbackHarness() {
    const state = new ConversationState(new MemoryStorage());
    const history = state.createProperty<ConversationHistory>(HISTORY_STATE_KEY);
    const recorded: OutcomeEvent[] = [];
    const coordinator = new HandoffCoordinator({ provider: new FakeProvider(), history, recorder: { record: async (_c, e) => void recorded.push(e) } });
    const adapter = new TestAdapter(async (context) => {
      const text = context.activity.text ?? '';
      const verdict = text === '役に立った' ? 'helpful' : text === '役に立たなかった' ? 'not-helpful' : undefined;
      if (verdict) {
        if (!(await coordinator.onFeedback(context, verdict, (id) => entries[id]))) await context.sendActivity('nothing to rate');
      } else if (text === 'わからない') {
        await context.sendActivity(messages.abstain.text);
        await coordinator.record(context, { kind: 'abstained', question: text });
      } else {
        await context.sendActivity('answer');
        await coordinator.record(context, { kind: 'answered', entryId: 'forgot-password', confidence: 0.8, alternatives: ['account-blocked', 'gone'] });
      }
      await state.saveChanges(context, false);
    });
    return { adapter, recorded };
  }

  it('役に立った: recorded for the last answer, thanked', async () => {
    const { adapter, recorded } = feedbackHarness();
    await adapter.send('パスワード');
    await adapter.send('役に立った');
    expect(adapter.activeQueue.splice(0).map((a) => a.text)).toEqual(['answer', messages.feedback.thanks]);
    expect(recorded).toContainEqual({ kind: 'feedback', entryId: 'forgot-password', helpful: true });
  });

  it('役に立たなかった: the next best entries and a person', async () => {
    const { adapter, recorded } = feedbackHarness();
    await adapter.send('パスワード');
    await adapter.send('役に立たなかった');
    const reply = adapter.activeQueue.splice(0)[1] as Partial<Activity>;
    expect(reply.text).toBe(messages.feedback.notHelpfulWithCandidates);
    expect(buttons(reply)).toEqual(['アカウントがブロックされた', '担当者と話す']);
    expect(recorded).toContainEqual({ kind: 'feedback', entryId: 'forgot-password', helpful: false });
  });

  it('a second "not helpful" after one already: the policy offers a person', async () => {
    const { adapter } = feedbackHarness();
    await adapter.send('パスワード');
    await adapter.send('役に立たなかった');
    await adapter.send('パスワード');
    adapter.activeQueue.splice(0);
    await adapter.send('役に立たなかった');
    const [offer] = adapter.activeQueue.splice(0);
    expect(offer?.text).toBe(`${messages.handoff.offer['not-helpful']}\n\n${messages.handoff.offerHelpIntro}`);
    expect(buttons(offer as Partial<Activity>)).toEqual(['アカウントがブロックされた', '担当者と話す', 'このまま続ける']);
  });

  it('with no answer to rate, does nothing', async () => {
    const { adapter, recorded } = feedbackHarness();
    await adapter.send('役に立った');
    expect(adapter.activeQueue.splice(0).map((a) => a.text)).toEqual(['nothing to rate']);
    expect(recorded).toEqual([]);
  });
});

describe('HistoryMiddleware and noteAccount', () => {
  it('keeps the account only masked and redacts its clear value', async () => {
    const state = new ConversationState(new MemoryStorage());
    const history = state.createProperty<ConversationHistory>(HISTORY_STATE_KEY);
    const snapshots: ConversationHistory[] = [];
    const adapter = new TestAdapter(async (context) => {
      snapshots.push(await history.get(context, { turns: [] }));
      if (context.activity.text === 'taro_live') noteAccount(context, 'taro_live');
      await context.sendActivity('ok');
      await state.saveChanges(context, false);
    });
    adapter.use(new HistoryMiddleware({ history, state }));
    await adapter.send('taro_live');
    await adapter.send('next');
    const h = snapshots[1] as ConversationHistory;
    expect(h.maskedAccount).toBe('t***');
    expect(JSON.stringify(h)).not.toContain('taro_live');
  });

  it('saves the state again only when the values marked in the turn changed the history', async () => {
    const storage = new MemoryStorage();
    const state = new ConversationState(storage);
    let saves = 0;
    const save = state.saveChanges.bind(state);
    state.saveChanges = async (context, force) => {
      saves++;
      return save(context, force);
    };
    const history = state.createProperty<ConversationHistory>(HISTORY_STATE_KEY);
    const adapter = new TestAdapter(async (context) => {
      const text = context.activity.text ?? '';
      // The account once typed, then noted again in a turn that does not hold it (a later step of the flow).
      noteAccount(context, 'taro_live');
      await context.sendActivity(text === 'taro_live' ? 'ok' : 'next step');
      await state.saveChanges(context, false);
    });
    adapter.use(new HistoryMiddleware({ history, state }));
    await adapter.send('taro_live');
    // The bot's save, then the middleware's: the kept line lost the account, and the masked account was new.
    expect(saves).toBe(2);
    await adapter.send('はい');
    // Nothing kept holds taro_live any more and the masked account is the same: the bot's save only.
    expect(saves).toBe(3);
    const stored = JSON.stringify(await storage.read(['test/conversations/Convo1/']));
    expect(stored).not.toContain('taro_live');
    expect(stored).toContain('t***');
  });
});

describe('isoInstant (the time of each kept turn)', () => {
  it('is what toISOString gives, across milliseconds, seconds, days and years', () => {
    const base = Date.UTC(2026, 11, 31, 23, 59, 59, 998);
    const instants = [0, 1, 999, 1000, base, base + 1, base + 2, base + 1001, base - 1000, base + 86_400_000 * 400, Date.UTC(9999, 11, 31, 23, 59, 59, 999)];
    for (let i = 0; i < 200; i++) instants.push(Math.floor(base * Math.random() * 2));
    for (const ms of instants) expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
  });
});

describe('redactedAgain and withAccount', () => {
  const kept: ConversationHistory = {
    turns: [
      { kind: 'user', at: '2026-01-01T00:00:00.000Z', text: '[メール]' },
      { kind: 'outcome', at: '2026-01-01T00:00:00.000Z', event: { kind: 'abstained', question: 'ポチのこと' } },
    ],
    maskedAccount: 't***',
  };

  it('give the same history when nothing changes, so there is nothing to save', () => {
    expect(redactedAgain(kept, { sensitive: ['taro_live'] })).toBe(kept);
    expect(withAccount(kept, 'taro_live')).toBe(kept);
  });

  it('give a new history with the marked value redacted, or the new masked account', () => {
    const again = redactedAgain(kept, { sensitive: ['ポチ'] });
    expect(again).not.toBe(kept);
    expect(again.turns[0]).toBe(kept.turns[0]);
    expect(again.turns[1]).toEqual({ kind: 'outcome', at: '2026-01-01T00:00:00.000Z', event: { kind: 'abstained', question: '[個人情報]のこと' } });
    expect(withAccount(kept, 'hanako@example.com').maskedAccount).toBe('h***@example.com');
  });
});

describe('handoff.initiate on channels', () => {
  function send(channelId: string, failEvents = false) {
    const state = new ConversationState(new MemoryStorage());
    const errors: Error[] = [];
    const coordinator = new HandoffCoordinator({ provider: new FakeProvider(), history: state.createProperty<ConversationHistory>(HISTORY_STATE_KEY), onProtocolError: (e) => errors.push(e) });
    const adapter = new TestAdapter(async (context) => {
      if (failEvents) {
        context.onSendActivities(async (_c, activities, next) => {
          if (activities.some((a) => a.type === ActivityTypes.Event)) throw new Error('channel: unknown activity type');
          return next();
        });
      }
      await coordinator.handOver(context, 'user-request');
    });
    adapter.template.channelId = channelId;
    return { adapter, errors };
  }

  it('is not sent on Teams (no agent hub there); the ticket message is', async () => {
    const { adapter } = send('msteams');
    await adapter.send('x');
    expect(adapter.activeQueue.map((a) => a.type)).toEqual([ActivityTypes.Message]);
  });

  it('a channel refusing the event does not undo the handover; the error is reported', async () => {
    const { adapter, errors } = send('directline', true);
    await adapter.send('x');
    expect(adapter.activeQueue.map((a) => a.text)).toEqual([messages.handoff.ticketCreated('MDG-20261125-ABCD')]);
    expect(errors.map((e) => e.message)).toEqual(['channel: unknown activity type']);
  });
});

describe('durability of recorded outcomes (issue 11, cost per turn)', () => {
  /** A recorder whose events become durable only when the test says so. */
  function gatedRecorder() {
    const pending: { event: OutcomeEvent; settle: () => void }[] = [];
    const recorder = {
      record: (_conversationId: string, event: OutcomeEvent) =>
        new Promise<void>((resolve) => {
          pending.push({ event, settle: resolve });
        }),
    };
    return { recorder, pending };
  }

  it('record: the turn goes on before the event is durable, and the policy sees the outcome at once', async () => {
    const state = new ConversationState(new MemoryStorage());
    const history = state.createProperty<ConversationHistory>(HISTORY_STATE_KEY);
    const { recorder, pending } = gatedRecorder();
    const coordinator = new HandoffCoordinator({ provider: new FakeProvider(), history, recorder });
    let decided: string | undefined;
    const adapter = new TestAdapter(async (context) => {
      decided = (await coordinator.record(context, { kind: 'abstained', question: context.activity.text ?? '' })).kind;
      await context.sendActivity('next');
      await state.saveChanges(context);
    });
    await adapter.send('a').assertReply('next');
    // Nothing was settled: the turn finished with its event still waiting for its batch.
    expect(pending.map((p) => p.event.kind)).toEqual(['abstained']);
    expect(decided).toBe('continue');
    // The second miss in a row: the history kept the first one although it never became durable.
    await adapter.send('b').assertReply('next');
    expect(decided).toBe('offer');
  });

  it('handOver: the ticket number is shown only once its handoff event is durable', async () => {
    const state = new ConversationState(new MemoryStorage());
    const { recorder, pending } = gatedRecorder();
    const coordinator = new HandoffCoordinator({ provider: new FakeProvider(), history: state.createProperty<ConversationHistory>(HISTORY_STATE_KEY), recorder, protocolEvents: false });
    const adapter = new TestAdapter(async (context) => {
      await coordinator.handOver(context, 'user-request');
    });
    const turn = adapter.send('x');
    while (pending.length === 0) await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 20));
    // Recorded, not yet durable: nothing has been said.
    expect(pending.map((p) => p.event.kind)).toEqual(['handedOver']);
    expect(adapter.activeQueue).toEqual([]);
    pending[0]?.settle();
    await turn;
    expect(adapter.activeQueue.map((a) => a.text)).toEqual([messages.handoff.ticketCreated('MDG-20261125-ABCD')]);
  });
});
