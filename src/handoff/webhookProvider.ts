import os from 'node:os';
import type { HandoffContext } from '../../dialogs/handoff/handoffContext';
import type { HandoffProvider, HandoffSubmitted } from '../../dialogs/handoff/handoffPort';
import type { OperatorLog } from './operatorLog';
import type { HandoffTicket, TicketStore } from './ticketStore';
import type { DeadLetter, DeadLetterQueue, OutboxEntry, VersionedEntry, WebhookOutbox } from './webhookOutbox';
import { ATTEMPT_HEADER, DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signBody } from './webhookSignature';
import { errorMessage } from '../errors';

/** First retry delay; doubles on each failure. */
export const DEFAULT_BACKOFF_BASE_MS = 1_000;
/** Longest wait between attempts: a webhook down for hours is retried every 5 minutes. */
export const DEFAULT_BACKOFF_MAX_MS = 5 * 60_000;
/** How long one POST may take. */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 10_000;
/** Attempts before a ticket goes to the dead letters (HANDOFF_WEBHOOK_MAX_ATTEMPTS; with the default backoff, about an hour of retries). */
export const DEFAULT_MAX_ATTEMPTS = 20;
/** A ticket queued longer ago than this (24 h) goes to the dead letters at its next failure (HANDOFF_WEBHOOK_MAX_AGE_MS). */
export const DEFAULT_MAX_AGE_MS = 24 * 3_600_000;
/** How long a claim on an outbox entry holds: longer than one POST may take, so a live claim is never taken over mid-attempt. */
export const DEFAULT_CLAIM_MS = 60_000;
/**
 * The outbox is scanned at least this often even with nothing due here: entries that another
 * instance queued and left (it died), and dead letters an operator retried with the CLI, are
 * picked up within this time.
 */
export const DEFAULT_SCAN_INTERVAL_MS = 30_000;

export interface WebhookProviderOptions {
  /** Where tickets are kept for operators (also while the webhook is down). */
  store: TicketStore;
  /** Where tickets wait for delivery (a folder, or the outbox/ prefix of the shared container). */
  outbox: WebhookOutbox;
  /** Where tickets go when the webhook never accepts them. */
  deadLetters: DeadLetterQueue;
  /** HANDOFF_WEBHOOK_URL. */
  url: string;
  /** HANDOFF_WEBHOOK_SECRET: HMAC-SHA256 key for X-Madoguchi-Signature. */
  secret: string;
  /** Where operator lines go (queued, delivered, retried, dead-lettered; ids and errors only). */
  logger: OperatorLog;
  /** Attempts before the ticket goes to the dead letters; default DEFAULT_MAX_ATTEMPTS. */
  maxAttempts?: number;
  /** A ticket queued longer ago than this (ms) goes to the dead letters when an attempt fails; default DEFAULT_MAX_AGE_MS. */
  maxAgeMs?: number;
  /** Told each ticket moved to the dead letters (the integrator counts them in a metric); default: nobody. */
  onDeadLetter?: (letter: DeadLetter) => void;
  /** This instance's name in outbox claims (config.instance.id); default hostname-pid. */
  instanceId?: string;
  /** How long a claim on an entry holds, in ms; must exceed timeoutMs; default DEFAULT_CLAIM_MS, or twice timeoutMs when that is longer. */
  claimMs?: number;
  /** Longest time between two scans of the outbox, in ms; default DEFAULT_SCAN_INTERVAL_MS. */
  scanIntervalMs?: number;
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
 * exponential backoff, and only a 2xx answer removes it from the outbox. Retries are bounded:
 * after `maxAttempts` attempts, or at the first failure once the ticket has waited `maxAgeMs`,
 * the entry moves to the dead letters with its last error (logged and reported through
 * `onDeadLetter`), where an operator can retry it (`madoguchi handoff dead-letters retry`).
 *
 * Several instances may share one outbox (STATE_STORE=blob): each claims an entry with a
 * conditional write before it delivers it, so no two deliver one entry at once. A claim expires
 * after `claimMs`, so the entries of an instance that died are taken over; an attempt that
 * outlives its claim may then be repeated by another instance. Delivery is at least once: the
 * receiver deduplicates on X-Madoguchi-Delivery (see webhookSignature.ts).
 *
 * `start()` scans the outbox at once (deliveries a previous process left) and then at least every
 * `scanIntervalMs`; `stop()` halts them (they resume at next start).
 */
export class WebhookHandoffProvider implements HandoffProvider {
  private readonly now: () => number;
  private readonly fetchImpl: typeof fetch;
  private readonly instanceId: string;
  private readonly maxAttempts: number;
  private readonly maxAgeMs: number;
  private readonly claimMs: number;
  private readonly timeoutMs: number;
  private readonly scanIntervalMs: number;
  /** Unreadable entries already reported, so a scan every 30 s does not repeat the line. */
  private readonly reported = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private started = false;
  private stopped = false;

  constructor(private readonly options: WebhookProviderOptions) {
    this.now = options.now ?? Date.now;
    this.fetchImpl = options.fetch ?? fetch;
    this.instanceId = options.instanceId ?? `${os.hostname()}-${process.pid}`;
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
    this.claimMs = options.claimMs ?? Math.max(DEFAULT_CLAIM_MS, 2 * this.timeoutMs);
    this.scanIntervalMs = options.scanIntervalMs ?? DEFAULT_SCAN_INTERVAL_MS;
    if (!(this.maxAttempts >= 1)) throw new Error(`webhookHandoff: maxAttempts must be at least 1 (got ${this.maxAttempts})`);
    if (this.claimMs <= this.timeoutMs) throw new Error(`webhookHandoff: claimMs (${this.claimMs}) must be longer than timeoutMs (${this.timeoutMs})`);
  }

  /** Resumes pending deliveries and starts the periodic outbox scan (call once at start-up). */
  async start(): Promise<void> {
    this.started = true;
    this.stopped = false;
    const { entries, unreadable } = await this.options.outbox.list();
    this.reportUnreadable(unreadable);
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
      const now = this.now();
      await this.options.outbox.put({ ticketId: ticket.id, body: JSON.stringify(ticket), attempts: 0, nextAttemptAt: now, queuedAt: now });
    } catch (err) {
      this.options.logger.error({ err: { message: errorMessage(err) } }, 'webhookHandoff: could not store the ticket');
      return { ok: false, reason: 'unavailable' };
    }
    this.options.logger.info({ ticketId: ticket.id, reason: context.reason }, 'webhookHandoff: ticket queued');
    this.kick();
    return { ok: true, ticketId: ticket.id, delivery: 'queued' };
  }

  /** Ticket numbers still waiting for delivery. */
  async pending(): Promise<string[]> {
    return (await this.options.outbox.list()).entries.map((e) => e.entry.ticketId);
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
    void this.flush().catch((err: unknown) => {
      this.options.logger.error({ err: { message: errorMessage(err) } }, 'webhookHandoff: delivery pass failed');
      // A storage outage must not end the scans: try again after the usual interval.
      this.scheduleAt(this.now() + this.scanIntervalMs);
    });
  }

  private async deliverDue(): Promise<void> {
    const { entries, unreadable } = await this.options.outbox.list();
    this.reportUnreadable(unreadable);
    let next = this.now() + this.scanIntervalMs;
    for (const found of entries) {
      if (this.stopped) break;
      const dueAt = Math.max(found.entry.nextAttemptAt, found.entry.claimedUntil ?? 0);
      const retryAt = dueAt <= this.now() ? await this.claimAndAttempt(found) : dueAt;
      if (retryAt !== undefined) next = Math.min(next, retryAt);
    }
    this.scheduleAt(next);
  }

  /** Claims and attempts one entry; returns when it is due again, or undefined when it left the outbox or another instance has it. */
  private async claimAndAttempt(found: VersionedEntry): Promise<number | undefined> {
    const claim = await this.options.outbox.claim(found, this.instanceId, this.now(), this.claimMs);
    // Another instance claimed, delivered or moved it first.
    if (claim.kind === 'taken') return undefined;
    return this.attempt(claim.entry, claim.version);
  }

  private async attempt(entry: OutboxEntry, version: string): Promise<number | undefined> {
    const attempt = entry.attempts + 1;
    let failure: string;
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
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) {
        await this.options.outbox.remove(entry.ticketId);
        this.options.logger.info({ ticketId: entry.ticketId, attempt }, 'webhookHandoff: delivered');
        return undefined;
      }
      failure = `HTTP ${response.status}`;
    } catch (err) {
      failure = errorMessage(err);
    }
    const now = this.now();
    const queuedAt = entry.queuedAt ?? now;
    if (attempt >= this.maxAttempts || now - queuedAt > this.maxAgeMs) {
      await this.deadLetter({ ticketId: entry.ticketId, body: entry.body, attempts: attempt, queuedAt, deadAt: now, lastError: failure });
      return undefined;
    }
    const delay = backoffDelay(attempt, this.options.backoffBaseMs ?? DEFAULT_BACKOFF_BASE_MS, this.options.backoffMaxMs ?? DEFAULT_BACKOFF_MAX_MS);
    const { claimedBy: _by, claimedUntil: _until, ...unclaimed } = entry;
    const updated = await this.options.outbox.update({ ...unclaimed, attempts: attempt, nextAttemptAt: now + delay, lastError: failure }, version);
    if (updated === 'changed') {
      this.options.logger.warn({ ticketId: entry.ticketId, attempt }, 'webhookHandoff: the claim expired during the attempt; the instance that took the entry over keeps it');
      return undefined;
    }
    this.options.logger.warn({ ticketId: entry.ticketId, attempt, retryInMs: delay, err: { message: failure } }, 'webhookHandoff: delivery failed, will retry');
    return now + delay;
  }

  /** Moves a ticket to the dead letters (written first, so a crash in between leaves it in both places, never in neither). */
  private async deadLetter(letter: DeadLetter): Promise<void> {
    await this.options.deadLetters.put(letter);
    await this.options.outbox.remove(letter.ticketId);
    this.options.logger.error(
      { ticketId: letter.ticketId, attempts: letter.attempts, error: letter.lastError },
      `webhookHandoff: ticket ${letter.ticketId} moved to dead letters after ${letter.attempts} attempts: ${letter.lastError}`,
    );
    this.options.onDeadLetter?.(letter);
  }

  private reportUnreadable(unreadable: readonly { name: string; problem: string }[]): void {
    for (const { name, problem } of unreadable) {
      if (this.reported.has(name)) continue;
      this.reported.add(name);
      this.options.logger.error({ file: name, problem }, 'webhookHandoff: unreadable outbox entry left in place');
    }
  }

  private scheduleAt(at: number): void {
    if (!this.started) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.kick();
    }, Math.max(0, at - this.now()));
    this.timer.unref();
  }
}
