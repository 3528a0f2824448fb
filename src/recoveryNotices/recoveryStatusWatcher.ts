import type { ConversationReference, TurnContext } from 'botbuilder';
import type { AccountAdapter } from '../../dialogs/accountPort';
import { messages } from '../../dialogs/messages';
import { textReply } from '../../dialogs/replies';
import { DEFAULT_RECOVERY_WATCH_INTERVAL_MS } from '../config';
import type { Logger } from '../logger';
import { toConversationReference, type PendingNotice, type RecoveryNoticeStore } from './recoveryNoticeStore';

/** Failed deliveries of one notice before it is dropped (the chat may be gone for good). */
export const DEFAULT_MAX_DELIVERY_ATTEMPTS = 5;
/** A request still undecided this long after it was submitted is no longer followed: 30 days. */
export const DEFAULT_MAX_NOTICE_AGE_MS = 30 * 24 * 60 * 60_000;

/** The one CloudAdapter method the watcher needs (tests pass a fake). */
export interface ProactiveAdapter {
  continueConversationAsync(botAppId: string, reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void>;
}

export interface RecoveryStatusWatcherOptions {
  /** Asked for the status of each pending request. */
  account: Pick<AccountAdapter, 'getRecoveryStatus'>;
  /** The pending notices. */
  notices: RecoveryNoticeStore;
  /** Sends into a stored conversation (the app's CloudAdapter). */
  adapter: ProactiveAdapter;
  /** The bot's Microsoft App ID for continueConversationAsync; '' in anonymous mode. */
  botAppId: string;
  logger: Logger;
  /** Time between two checks in ms (default DEFAULT_RECOVERY_WATCH_INTERVAL_MS from config, a minute); 0: start() checks nothing. */
  intervalMs?: number;
  /** Failed deliveries of one notice before it is dropped (default DEFAULT_MAX_DELIVERY_ATTEMPTS). */
  maxDeliveryAttempts?: number;
  /** Undecided requests older than this are dropped, in ms (default DEFAULT_MAX_NOTICE_AGE_MS). */
  maxAgeMs?: number;
  /** Current time in ms since the epoch (default Date.now). */
  now?: () => number;
}

/** What one check did, for tests and the debug log. */
export interface WatchSummary {
  /** Requests asked about. */
  readonly checked: number;
  /** Users told of a decision. */
  readonly delivered: number;
  /** Deliveries that failed and will be tried again. */
  readonly retrying: number;
  /** Notices given up: delivery failed too often, too old, unknown ticket or unreadable. */
  readonly dropped: number;
}

/** The text of the notice: the request's number, then the same words as the status question's answer. */
export function recoveryNoticeText(ticketId: string, status: 'verified' | 'not-verified'): string {
  return `${messages.recoveryNotice.heading(ticketId)}\n\n${messages.recoveryStatus.status[status]}`;
}

/**
 * Polls the account service for the recovery requests users submitted in a chat and, when one
 * is decided, tells the user in that chat (a proactive message through continueConversationAsync),
 * then forgets the conversation. Checks never overlap: the next is scheduled when one ends.
 */
export class RecoveryStatusWatcher {
  private readonly log: Logger;
  private readonly intervalMs: number;
  private readonly maxDeliveryAttempts: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<WatchSummary> | undefined;
  private stopped = false;

  constructor(private readonly options: RecoveryStatusWatcherOptions) {
    this.log = options.logger.child({ component: 'recoveryNotices' });
    this.intervalMs = options.intervalMs ?? DEFAULT_RECOVERY_WATCH_INTERVAL_MS;
    this.maxDeliveryAttempts = options.maxDeliveryAttempts ?? DEFAULT_MAX_DELIVERY_ATTEMPTS;
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_NOTICE_AGE_MS;
    this.now = options.now ?? Date.now;
    if (!Number.isInteger(this.intervalMs) || this.intervalMs < 0) throw new RangeError(`recoveryStatusWatcher: intervalMs must be 0 or a positive integer (got ${this.intervalMs})`);
    if (!Number.isInteger(this.maxDeliveryAttempts) || this.maxDeliveryAttempts < 1) {
      throw new RangeError(`recoveryStatusWatcher: maxDeliveryAttempts must be a positive integer (got ${this.maxDeliveryAttempts})`);
    }
  }

  /** Checks every intervalMs until stop(); does nothing when intervalMs is 0. */
  start(): void {
    if (this.intervalMs === 0 || this.timer || this.stopped) return;
    this.schedule();
  }

  /** No further checks; resolves when a check in progress has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One pass over the pending requests (start() runs it on a timer; tests call it directly). */
  async check(): Promise<WatchSummary> {
    const counts = { checked: 0, delivered: 0, retrying: 0, dropped: 0 };
    const { notices, unreadable } = await this.options.notices.pending();
    for (const ticketId of unreadable) {
      this.log.warn({ ticketId }, 'recoveryStatusWatcher: dropped a notice whose stored item is missing or unreadable');
      await this.options.notices.forget(ticketId);
      counts.dropped++;
    }
    let unavailable = 0;
    for (const notice of notices) {
      if (this.stopped) break;
      counts.checked++;
      try {
        const outcome = await this.checkOne(notice);
        if (outcome === 'unavailable') unavailable++;
        else if (outcome !== 'pending') counts[outcome]++;
      } catch (err) {
        // One request whose check throws (storage down) must not stop the others.
        this.log.error({ ticketId: notice.ticketId, err: errorFields(err) }, 'recoveryStatusWatcher: checking a request failed; will try again at the next check');
      }
    }
    // One line per check, not per request, while the account service is down.
    if (unavailable > 0) this.log.warn({ requests: unavailable }, 'recoveryStatusWatcher: the account service was unavailable; will ask again at the next check');
    return counts;
  }

  private async checkOne(notice: PendingNotice): Promise<'pending' | 'unavailable' | 'delivered' | 'retrying' | 'dropped'> {
    const { ticketId } = notice;
    const status = await this.options.account.getRecoveryStatus({ ticketId });
    if (!status.ok) {
      if (status.reason === 'unavailable') return 'unavailable';
      this.log.warn({ ticketId }, 'recoveryStatusWatcher: the account service does not know the request; dropped its notice');
      await this.options.notices.forget(ticketId);
      return 'dropped';
    }
    if (status.status !== 'verified' && status.status !== 'not-verified') {
      if (this.now() - Date.parse(notice.rememberedAt) < this.maxAgeMs) return 'pending';
      this.log.warn({ ticketId, status: status.status }, 'recoveryStatusWatcher: the request is still undecided after the longest wait; dropped its notice');
      await this.options.notices.forget(ticketId);
      return 'dropped';
    }
    // Another instance watching the same store may have taken it already: one notice, one message.
    if (!(await this.options.notices.claim(ticketId))) return 'pending';
    try {
      await this.deliver(notice, status.status);
    } catch (err) {
      const updated = await this.options.notices.recordFailedDelivery(notice);
      const attempts = { ticketId, channelId: notice.reference.channelId, attempt: updated.failedDeliveries, maxAttempts: this.maxDeliveryAttempts };
      if (updated.failedDeliveries < this.maxDeliveryAttempts) {
        await this.options.notices.release(ticketId);
        this.log.warn({ ...attempts, err: errorFields(err) }, 'recoveryStatusWatcher: could not deliver a recovery decision; will try again at the next check');
        return 'retrying';
      }
      this.log.error({ ...attempts, err: errorFields(err) }, 'recoveryStatusWatcher: could not deliver a recovery decision; gave up (the user still gets the mail and can ask in the chat)');
      await this.options.notices.forget(ticketId);
      return 'dropped';
    }
    await this.options.notices.forget(ticketId);
    this.log.info({ ticketId, status: status.status, channelId: notice.reference.channelId }, 'recoveryStatusWatcher: told the user of a recovery decision');
    return 'delivered';
  }

  /** Sends the notice into the stored conversation; throws when it did not get there. */
  private async deliver(notice: PendingNotice, status: 'verified' | 'not-verified'): Promise<void> {
    let failure: unknown;
    await this.options.adapter.continueConversationAsync(this.options.botAppId, toConversationReference(notice.reference), async (context) => {
      // Caught here: an error escaping the turn would reach the adapter's onTurnError, which
      // apologizes and clears the conversation's state, and the watcher would think it delivered.
      try {
        await context.sendActivity(textReply(recoveryNoticeText(notice.ticketId, status)));
      } catch (err) {
        failure = err;
      }
    });
    if (failure !== undefined) throw failure instanceof Error ? failure : new Error(String(failure));
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.check();
      this.running
        .then(
          (summary) => {
            if (summary.checked > 0 || summary.dropped > 0) this.log.debug({ ...summary }, 'recoveryStatusWatcher: checked pending recovery requests');
          },
          (err: unknown) => this.log.error({ err: errorFields(err) }, 'recoveryStatusWatcher: a check failed; will try again at the next one'),
        )
        .finally(() => {
          this.running = undefined;
          if (!this.stopped) this.schedule();
        });
    }, this.intervalMs);
    // The watcher alone never keeps the process alive (tests, the CLI).
    this.timer.unref();
  }
}

/** An error as the logger can carry it (the logger's redaction turns an Error object into {}). */
function errorFields(err: unknown): { message: string; name?: string } {
  return err instanceof Error ? { message: err.message, name: err.name } : { message: String(err) };
}
