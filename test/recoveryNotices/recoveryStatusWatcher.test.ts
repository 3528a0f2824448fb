import { BotAdapter, ConversationState, MemoryStorage, TurnContext, type Activity, type ConversationReference, type ResourceResponse } from 'botbuilder';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RecoveryStatus } from '../../dialogs/accountPort';
import { messages } from '../../dialogs/messages';
import { createBotMiddleware } from '../../src/botStack';
import { RecoveryNoticeStore } from '../../src/recoveryNotices/recoveryNoticeStore';
import { DEFAULT_MAX_NOTICE_AGE_MS, RecoveryStatusWatcher, recoveryNoticeText, type ProactiveAdapter, type RecoveryStatusWatcherOptions } from '../../src/recoveryNotices/recoveryStatusWatcher';
import { FakeClock, captureLogger } from '../account/helpers';
import { BoundedMemoryStorage } from '../../src/state/boundedMemoryStorage';
import { TEAMS_REFERENCE, TEAMS_REFERENCE_AS_SENT } from './references';

/**
 * A BotAdapter that runs a continuation through its middleware pipeline as CloudAdapter does
 * (so an error escaping the logic reaches onTurnError) and records what is sent.
 */
class RecordingBotAdapter extends BotAdapter {
  readonly sent: Partial<Activity>[] = [];
  readonly turnErrors: Error[] = [];
  /** The next sends fail with these errors, as a 404 from a conversation that is gone would. */
  failures: Error[] = [];

  constructor() {
    super();
    this.onTurnError = async (_context, error) => void this.turnErrors.push(error);
  }

  async runContinuation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const activity = TurnContext.applyConversationReference({ type: 'event', name: 'ContinueConversation' }, reference, true);
    await this.runMiddleware(new TurnContext(this, activity), logic);
  }

  override async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push(...activities);
    return activities.map((_, i) => ({ id: `sent-${this.sent.length + i}` }));
  }

  override async updateActivity(): Promise<void> {
    throw new Error('RecordingBotAdapter: not supported');
  }

  override async deleteActivity(): Promise<void> {
    throw new Error('RecordingBotAdapter: not supported');
  }

  override async continueConversation(): Promise<void> {
    throw new Error('RecordingBotAdapter: use runContinuation');
  }
}

/** What the watcher gets instead of CloudAdapter: records each call and runs it on the recording adapter. */
class FakeProactiveAdapter implements ProactiveAdapter {
  readonly calls: { botAppId: string; reference: Partial<ConversationReference> }[] = [];
  readonly bot = new RecordingBotAdapter();

  get sent(): Partial<Activity>[] {
    return this.bot.sent;
  }

  get turnErrors(): Error[] {
    return this.bot.turnErrors;
  }

  set failures(errors: Error[]) {
    this.bot.failures = errors;
  }

  async continueConversationAsync(botAppId: string, reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    this.calls.push({ botAppId, reference });
    await this.bot.runContinuation(reference, logic);
  }
}

/** The account service's answers, changed by the test as the review goes on. */
class FakeRecoveryService {
  readonly statuses = new Map<string, RecoveryStatus>();
  readonly asked: string[] = [];

  set(ticketId: string, status: 'received' | 'in-review' | 'verified' | 'not-verified'): void {
    this.statuses.set(ticketId, { ok: true, status, updatedAt: '2026-11-30T01:00:00.000Z' });
  }

  async getRecoveryStatus(request: { ticketId: string }): Promise<RecoveryStatus> {
    this.asked.push(request.ticketId);
    return this.statuses.get(request.ticketId) ?? { ok: false, reason: 'not-found' };
  }
}

function setup(options: Partial<RecoveryStatusWatcherOptions> = {}) {
  const clock = new FakeClock(Date.parse('2026-11-30T01:00:00Z'));
  const storage = new MemoryStorage();
  const notices = new RecoveryNoticeStore({ storage, now: clock.now });
  const account = new FakeRecoveryService();
  const adapter = new FakeProactiveAdapter();
  const { logger, lines } = captureLogger();
  const watcher = new RecoveryStatusWatcher({ account, notices, adapter, botAppId: '', logger, now: clock.now, ...options });
  const logs = (msg: string) => lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => typeof l.msg === 'string' && l.msg.startsWith(msg));
  return { clock, notices, account, adapter, watcher, logs };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('RecoveryStatusWatcher.check', () => {
  it('waits while the request is received or in review, then tells the user once and forgets the conversation', async () => {
    const { notices, account, adapter, watcher, logs } = setup();
    await notices.remember('RR-ABCDEFGH', TEAMS_REFERENCE);
    account.set('RR-ABCDEFGH', 'received');
    expect(await watcher.check()).toEqual({ checked: 1, delivered: 0, retrying: 0, dropped: 0 });
    account.set('RR-ABCDEFGH', 'in-review');
    expect(await watcher.check()).toEqual({ checked: 1, delivered: 0, retrying: 0, dropped: 0 });
    expect(adapter.sent).toEqual([]);

    account.set('RR-ABCDEFGH', 'verified');
    expect(await watcher.check()).toEqual({ checked: 1, delivered: 1, retrying: 0, dropped: 0 });
    expect(adapter.sent.map((a) => a.text)).toEqual([`復旧リクエスト **RR-ABCDEFGH** の確認結果をお知らせします。\n\n${messages.recoveryStatus.status.verified}`]);
    // Into the stored chat, with the app id ('' in anonymous mode) and no name.
    expect(adapter.calls).toEqual([
      {
        botAppId: '',
        reference: TEAMS_REFERENCE_AS_SENT,
      },
    ]);
    expect(adapter.sent[0]).toMatchObject({ conversation: { id: 'a:1personalChatId' }, recipient: { id: '29:1abcUserOpaqueId' } });
    expect(logs('recoveryStatusWatcher: told the user')).toEqual([
      expect.objectContaining({ level: 30, component: 'recoveryNotices', ticketId: 'RR-ABCDEFGH', status: 'verified', channelId: 'msteams' }),
    ]);

    expect((await notices.pending()).notices).toEqual([]);
    expect(await watcher.check()).toEqual({ checked: 0, delivered: 0, retrying: 0, dropped: 0 });
    expect(adapter.sent).toHaveLength(1);
  });

  it('runs through the app\'s middleware (sensitive input, Teams shaping, history) on a Teams reference', async () => {
    const { notices, account, adapter, watcher } = setup();
    const { logger } = captureLogger();
    for (const m of createBotMiddleware({ logger, conversationState: new ConversationState(new MemoryStorage()) })) adapter.bot.use(m);
    await notices.remember('RR-TEAMS001', TEAMS_REFERENCE);
    account.set('RR-TEAMS001', 'verified');
    expect((await watcher.check()).delivered).toBe(1);
    expect(adapter.sent.map((a) => a.text)).toEqual([recoveryNoticeText('RR-TEAMS001', 'verified')]);
    expect(adapter.turnErrors).toEqual([]);
  });

  it('tells a not-verified decision with the status answer\'s words', async () => {
    const { notices, account, adapter, watcher } = setup();
    await notices.remember('RR-NOTVERIF', TEAMS_REFERENCE);
    account.set('RR-NOTVERIF', 'not-verified');
    await watcher.check();
    expect(adapter.sent.map((a) => a.text)).toEqual([recoveryNoticeText('RR-NOTVERIF', 'not-verified')]);
    expect(adapter.sent[0]?.text).toContain(messages.recoveryStatus.status['not-verified']);
  });

  it('a failed delivery is retried at the next check, without reaching onTurnError (which would clear the chat state)', async () => {
    const { notices, account, adapter, watcher, logs } = setup();
    await notices.remember('RR-RETRYME', TEAMS_REFERENCE);
    account.set('RR-RETRYME', 'verified');
    adapter.failures = [new Error('Conversation not found')];
    expect(await watcher.check()).toEqual({ checked: 1, delivered: 0, retrying: 1, dropped: 0 });
    expect(adapter.turnErrors).toEqual([]);
    expect(logs('recoveryStatusWatcher: could not deliver')).toEqual([
      expect.objectContaining({
        level: 40,
        msg: 'recoveryStatusWatcher: could not deliver a recovery decision; will try again at the next check',
        ticketId: 'RR-RETRYME',
        attempt: 1,
        maxAttempts: 5,
        err: expect.objectContaining({ message: 'Conversation not found', name: 'Error' }),
      }),
    ]);
    expect(await watcher.check()).toEqual({ checked: 1, delivered: 1, retrying: 0, dropped: 0 });
    expect(adapter.sent).toHaveLength(1);
  });

  it('gives up after maxDeliveryAttempts failures, logs an error and forgets the conversation', async () => {
    const { notices, account, adapter, watcher, logs } = setup({ maxDeliveryAttempts: 3 });
    await notices.remember('RR-GONECHAT', TEAMS_REFERENCE);
    account.set('RR-GONECHAT', 'not-verified');
    adapter.failures = [1, 2, 3, 4].map(() => new Error('Forbidden'));
    expect((await watcher.check()).retrying).toBe(1);
    expect((await watcher.check()).retrying).toBe(1);
    expect(await watcher.check()).toEqual({ checked: 1, delivered: 0, retrying: 0, dropped: 1 });
    expect(logs('recoveryStatusWatcher: could not deliver').map((l) => [l.level, l.attempt])).toEqual([
      [40, 1],
      [40, 2],
      [50, 3],
    ]);
    expect(logs('recoveryStatusWatcher: could not deliver').at(-1)?.msg).toBe(
      'recoveryStatusWatcher: could not deliver a recovery decision; gave up (the user still gets the mail and can ask in the chat)',
    );
    expect((await notices.pending()).notices).toEqual([]);
    expect(await watcher.check()).toEqual({ checked: 0, delivered: 0, retrying: 0, dropped: 0 });
    expect(adapter.sent).toEqual([]);
  });

  it('keeps the request while the account service is down, with one warning per check', async () => {
    const { notices, account, watcher, logs } = setup();
    await notices.remember('RR-1', TEAMS_REFERENCE);
    await notices.remember('RR-2', TEAMS_REFERENCE);
    for (const id of ['RR-1', 'RR-2']) account.statuses.set(id, { ok: false, reason: 'unavailable' });
    expect(await watcher.check()).toEqual({ checked: 2, delivered: 0, retrying: 0, dropped: 0 });
    expect(logs('recoveryStatusWatcher: the account service was unavailable')).toEqual([expect.objectContaining({ level: 40, requests: 2 })]);
    expect((await notices.pending()).notices).toHaveLength(2);
  });

  it('drops a request the service does not know (the demo restarted)', async () => {
    const { notices, watcher, logs } = setup();
    await notices.remember('RR-UNKNOWN1', TEAMS_REFERENCE);
    expect(await watcher.check()).toEqual({ checked: 1, delivered: 0, retrying: 0, dropped: 1 });
    expect(logs('recoveryStatusWatcher: the account service does not know the request')).toHaveLength(1);
    expect((await notices.pending()).notices).toEqual([]);
  });

  it('drops a request still undecided after maxAgeMs', async () => {
    const { clock, notices, account, adapter, watcher } = setup();
    await notices.remember('RR-FOREVER1', TEAMS_REFERENCE);
    account.set('RR-FOREVER1', 'in-review');
    clock.advance(DEFAULT_MAX_NOTICE_AGE_MS - 1);
    expect((await watcher.check()).dropped).toBe(0);
    clock.advance(1);
    expect((await watcher.check()).dropped).toBe(1);
    expect(adapter.sent).toEqual([]);
  });

  it('one request whose check throws does not stop the others', async () => {
    const { notices, account, adapter, watcher, logs } = setup();
    await notices.remember('RR-THROWS1', TEAMS_REFERENCE);
    await notices.remember('RR-FINE0001', TEAMS_REFERENCE);
    account.set('RR-FINE0001', 'verified');
    const real = account.getRecoveryStatus.bind(account);
    account.getRecoveryStatus = async (request) => (request.ticketId === 'RR-THROWS1' ? Promise.reject(new Error('socket hang up')) : real(request));
    expect(await watcher.check()).toEqual({ checked: 2, delivered: 1, retrying: 0, dropped: 0 });
    expect(adapter.sent).toHaveLength(1);
    expect(logs('recoveryStatusWatcher: checking a request failed')).toEqual([expect.objectContaining({ level: 50, ticketId: 'RR-THROWS1', err: expect.objectContaining({ message: 'socket hang up', name: 'Error' }) })]);
  });
});

describe('RecoveryStatusWatcher.start and stop', () => {
  it('checks every intervalMs, never two at once, and not after stop()', async () => {
    vi.useFakeTimers();
    const { notices, account, watcher } = setup({ intervalMs: 1_000 });
    await notices.remember('RR-TIMED001', TEAMS_REFERENCE);
    account.set('RR-TIMED001', 'in-review');
    watcher.start();
    watcher.start(); // a second start does not double the checks
    await vi.advanceTimersByTimeAsync(999);
    expect(account.asked).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(account.asked).toEqual(['RR-TIMED001']);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(account.asked).toHaveLength(3);
    await watcher.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(account.asked).toHaveLength(3);
  });

  it('intervalMs 0 is off: start() schedules nothing', async () => {
    vi.useFakeTimers();
    const { notices, account, watcher } = setup({ intervalMs: 0 });
    await notices.remember('RR-OFF00001', TEAMS_REFERENCE);
    watcher.start();
    await vi.advanceTimersByTimeAsync(24 * 60 * 60_000);
    expect(account.asked).toEqual([]);
  });

  it('refuses impossible options with the module name', () => {
    expect(() => setup({ intervalMs: -1 })).toThrow(new RangeError('recoveryStatusWatcher: intervalMs must be 0 or a positive integer (got -1)'));
    expect(() => setup({ maxDeliveryAttempts: 0 })).toThrow(new RangeError('recoveryStatusWatcher: maxDeliveryAttempts must be a positive integer (got 0)'));
  });
});

describe('RecoveryStatusWatcher: several instances watching one store (issue 11)', () => {
  it('a decided request is told once, by whichever instance claims it first', async () => {
    const clock = new FakeClock(Date.parse('2026-11-30T01:00:00Z'));
    const storage = new BoundedMemoryStorage();
    const account = new FakeRecoveryService();
    const { logger } = captureLogger();
    const instances = [0, 1].map(() => {
      const adapter = new FakeProactiveAdapter();
      const notices = new RecoveryNoticeStore({ storage, now: clock.now });
      return { adapter, notices, watcher: new RecoveryStatusWatcher({ account, notices, adapter, botAppId: '', logger, now: clock.now }) };
    });
    await instances[0]?.notices.remember('RR-TWICE001', TEAMS_REFERENCE);
    account.set('RR-TWICE001', 'verified');
    // Both check at once, as two instances on their own timers would.
    const summaries = await Promise.all(instances.map((i) => i.watcher.check()));
    expect(summaries.map((s) => s.delivered).sort()).toEqual([0, 1]);
    expect(instances.flatMap((i) => i.adapter.sent).map((a) => a.text)).toEqual([recoveryNoticeText('RR-TWICE001', 'verified')]);
    expect((await instances[1]?.notices.pending())?.notices).toEqual([]);
  });

  it('a failed delivery is put back for the next check, on any instance', async () => {
    const clock = new FakeClock(Date.parse('2026-11-30T01:00:00Z'));
    const storage = new BoundedMemoryStorage();
    const account = new FakeRecoveryService();
    const { logger } = captureLogger();
    const first = new FakeProactiveAdapter();
    const second = new FakeProactiveAdapter();
    const notices = new RecoveryNoticeStore({ storage, now: clock.now });
    await notices.remember('RR-AGAIN001', TEAMS_REFERENCE);
    account.set('RR-AGAIN001', 'verified');
    first.failures = [new Error('Conversation not found')];
    expect((await new RecoveryStatusWatcher({ account, notices, adapter: first, botAppId: '', logger, now: clock.now }).check()).retrying).toBe(1);
    const other = new RecoveryNoticeStore({ storage, now: clock.now });
    expect((await new RecoveryStatusWatcher({ account, notices: other, adapter: second, botAppId: '', logger, now: clock.now }).check()).delivered).toBe(1);
    expect(second.sent.map((a) => a.text)).toEqual([recoveryNoticeText('RR-AGAIN001', 'verified')]);
  });
});
