import type { HandoffContext } from '../../dialogs/handoff/handoffContext';
import type { HandoffProvider, HandoffSubmitted } from '../../dialogs/handoff/handoffPort';
import type { OperatorLog } from './operatorLog';
import type { HandoffTicket, TicketStore } from './ticketStore';
import { WebhookOutbox, type OutboxEntry } from './webhookOutbox';
import { ATTEMPT_HEADER, DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signBody } from './webhookSignature';

/** First retry delay; doubles on each failure. */
export const DEFAULT_BACKOFF_BASE_MS = 1_000;
/** Longest wait between attempts: a webhook down for hours is retried every 5 minutes. */
export const DEFAULT_BACKOFF_MAX_MS = 5 * 60_000;
/** How long one POST may take. */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;

export interface WebhookProviderOptions {
  /** Where tickets are kept for operators (also while the webhook is down). */
  store: TicketStore;
  /** The data folder; pending deliveries wait in dataDir/handoff-outbox. */
  dataDir: string;
  /** HANDOFF_WEBHOOK_URL. */
  url: string;
  /** HANDOFF_WEBHOOK_SECRET: HMAC-SHA256 key for X-Madoguchi-Signature. */
  secret: string;
  logger: OperatorLog;
  /** First retry delay in ms; default DEFAULT_BACKOFF_BASE_MS. */
  backoffBaseMs?: number;
  /** Longest retry delay in ms; default DEFAULT_BACKOFF_MAX_MS. */
  backoffMaxMs?: number;
  /** Timeout of one POST in ms; default DEFAULT_WEBHOOK_TIMEOUT_MS. */
  timeoutMs?: number;
  /** HTTP client; default the global fetch. */
  fetch?: typeof fetch;
  /** Clock; default Date.now. */
  now?: () => number;
}

/** Delay before attempt n+1 after n failures: base·2^(n-1), capped. */
export function backoffDelay(failures: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
}

/**
 * POSTs each ticket as signed JSON to a webhook. The ticket is first stored (operators can
 * read it at once) and put in a durable outbox; delivery happens in the background with
 * exponential backoff, and only a 2xx answer removes it from the outbox. `start()` resumes
 * the deliveries a previous process left; `stop()` halts them (they resume at next start).
 */
export class WebhookHandoffProvider implements HandoffProvider {
  private readonly outbox: WebhookOutbox;
  private readonly now: () => number;
  private readonly fetchImpl: typeof fetch;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private started = false;
  private stopped = false;

  constructor(private readonly options: WebhookProviderOptions) {
    this.outbox = new WebhookOutbox(options.dataDir);
    this.now = options.now ?? Date.now;
    this.fetchImpl = options.fetch ?? fetch;
  }

  /** Resumes pending deliveries (call once at start-up). */
  async start(): Promise<void> {
    this.started = true;
    this.stopped = false;
    const { entries, unreadable } = await this.outbox.list();
    for (const name of unreadable) this.options.logger.error({ file: name }, 'webhookHandoff: unreadable outbox entry left in place');
    if (entries.length > 0) this.options.logger.info({ pending: entries.length }, 'webhookHandoff: resuming deliveries');
    this.kick();
  }

  /** Stops background delivery and waits for an attempt in progress. Pending tickets stay in the outbox. */
  async stop(): Promise<void> {
    this.started = false;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  async submit(context: HandoffContext): Promise<HandoffSubmitted> {
    let ticket: HandoffTicket;
    try {
      ticket = await this.options.store.create(context);
      await this.outbox.put({ ticketId: ticket.id, body: JSON.stringify(ticket), attempts: 0, nextAttemptAt: this.now() });
    } catch (err) {
      this.options.logger.error({ error: (err as Error).message }, 'webhookHandoff: could not store the ticket');
      return { ok: false, reason: 'unavailable' };
    }
    this.options.logger.info({ ticketId: ticket.id, reason: context.reason }, 'webhookHandoff: ticket queued');
    this.kick();
    return { ok: true, ticketId: ticket.id, delivery: 'queued' };
  }

  /** Ticket numbers still waiting for delivery. */
  async pending(): Promise<string[]> {
    return (await this.outbox.list()).entries.map((e) => e.ticketId);
  }

  /** Runs one delivery pass now (also what the timer does). Resolves when the pass is over. */
  async flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.deliverDue().finally(() => {
      this.running = undefined;
      if (this.again && this.started) {
        this.again = false;
        this.kick();
      }
    });
    return this.running;
  }

  private kick(): void {
    if (!this.started) return;
    void this.flush().catch((err: unknown) => this.options.logger.error({ error: (err as Error).message }, 'webhookHandoff: delivery pass failed'));
  }

  private async deliverDue(): Promise<void> {
    const { entries } = await this.outbox.list();
    const now = this.now();
    for (const entry of entries) {
      if (this.stopped) break;
      if (entry.nextAttemptAt <= now) await this.attempt(entry);
    }
    this.schedule();
  }

  private async attempt(entry: OutboxEntry): Promise<void> {
    const attempt = entry.attempts + 1;
    let failure: string | undefined;
    try {
      const response = await this.fetchImpl(this.options.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          [SIGNATURE_HEADER]: signBody(this.options.secret, entry.body),
          [TIMESTAMP_HEADER]: String(Math.floor(this.now() / 1000)),
          [DELIVERY_HEADER]: entry.ticketId,
          [ATTEMPT_HEADER]: String(attempt),
        },
        body: entry.body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) {
        await this.outbox.remove(entry.ticketId);
        this.options.logger.info({ ticketId: entry.ticketId, attempt }, 'webhookHandoff: delivered');
        return;
      }
      failure = `HTTP ${response.status}`;
    } catch (err) {
      failure = (err as Error).message;
    }
    const delay = backoffDelay(attempt, this.options.backoffBaseMs ?? DEFAULT_BACKOFF_BASE_MS, this.options.backoffMaxMs ?? DEFAULT_BACKOFF_MAX_MS);
    await this.outbox.put({ ...entry, attempts: attempt, nextAttemptAt: this.now() + delay, lastError: failure });
    this.options.logger.warn({ ticketId: entry.ticketId, attempt, retryInMs: delay, error: failure }, 'webhookHandoff: delivery failed, will retry');
  }

  private schedule(): void {
    if (!this.started) return;
    void this.outbox.list().then(({ entries }) => {
      if (!this.started || entries.length === 0) return;
      const next = Math.min(...entries.map((e) => e.nextAttemptAt));
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.kick();
      }, Math.max(0, next - this.now()));
      this.timer.unref();
    }, (err: unknown) => this.options.logger.error({ error: (err as Error).message }, 'webhookHandoff: cannot read the outbox'));
  }
}
