import { createHash, timingSafeEqual } from 'node:crypto';
import { Counter, Histogram, Registry } from 'prom-client';
import type { Request, Server } from 'restify';
import type { OutcomeEvent } from '../../dialogs/outcomes';
import { isLocalRequest } from '../limits/clientAddress';
import type { Logger } from '../logger';

/** Turn latency buckets in seconds: FAQ turns take milliseconds, flow turns wait on the account service. */
export const TURN_LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
export const METRICS_PATH = '/metrics';

/**
 * The bot's Prometheus metrics, in a Registry of its own (not prom-client's global one), so
 * tests and several bots in one process never share counters.
 */
export class BotMetrics {
  readonly registry = new Registry();
  private readonly answers = new Counter({ name: 'madoguchi_answers_total', help: 'FAQ answers given, by knowledge-base entry', labelNames: ['entry'], registers: [this.registry] });
  private readonly abstentions = new Counter({ name: 'madoguchi_abstentions_total', help: 'Questions the bot could not answer', registers: [this.registry] });
  private readonly clarifications = new Counter({ name: 'madoguchi_clarifications_total', help: 'Questions answered with a choice of candidates', registers: [this.registry] });
  private readonly feedback = new Counter({ name: 'madoguchi_feedback_total', help: 'Feedback on answers, by entry and verdict', labelNames: ['entry', 'verdict'], registers: [this.registry] });
  private readonly flows = new Counter({ name: 'madoguchi_flow_outcomes_total', help: 'Guided flows started, completed and abandoned', labelNames: ['flow', 'outcome'], registers: [this.registry] });
  private readonly handoffs = new Counter({ name: 'madoguchi_handoffs_total', help: 'Conversations handed to a person, by reason', labelNames: ['reason'], registers: [this.registry] });
  private readonly deadLetters = new Counter({ name: 'madoguchi_handoff_dead_letters_total', help: 'Handoff tickets the webhook never accepted, moved to the dead letters', registers: [this.registry] });
  private readonly turnLatency = new Histogram({ name: 'madoguchi_turn_latency_seconds', help: 'Time to handle one incoming activity', buckets: TURN_LATENCY_BUCKETS, registers: [this.registry] });

  /** Counts one outcome. */
  count(event: OutcomeEvent): void {
    switch (event.kind) {
      case 'answered':
        this.answers.inc({ entry: event.entryId });
        return;
      case 'abstained':
        this.abstentions.inc();
        return;
      case 'clarified':
        this.clarifications.inc();
        return;
      case 'feedback':
        this.feedback.inc({ entry: event.entryId, verdict: event.helpful ? 'helpful' : 'not_helpful' });
        return;
      case 'flowStarted':
        this.flows.inc({ flow: event.flow, outcome: 'started' });
        return;
      case 'flowCompleted':
        this.flows.inc({ flow: event.flow, outcome: 'completed' });
        return;
      case 'flowAbandoned':
        this.flows.inc({ flow: event.flow, outcome: 'abandoned' });
        return;
      case 'handedOver':
        this.handoffs.inc({ reason: event.reason });
    }
  }

  /** Counts one handoff ticket moved to the dead letters (the webhook provider's onDeadLetter). */
  countDeadLetter(): void {
    this.deadLetters.inc();
  }

  /** Records how long one turn took. */
  observeTurn(seconds: number): void {
    this.turnLatency.observe(seconds);
  }

  /** Times `work` as one turn, whether it succeeds or throws. */
  async timeTurn<T>(work: () => Promise<T>): Promise<T> {
    const end = this.turnLatency.startTimer();
    try {
      return await work();
    } finally {
      end();
    }
  }
}

export interface MetricsRouteOptions {
  /** METRICS_TOKEN: also serve anyone presenting `Authorization: Bearer <token>` (default: loopback clients only). */
  token?: string;
  /** Where refusals are logged (default: not logged). */
  logger?: Logger;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** True when the request carries the configured bearer token (compared in constant time). */
function presentsToken(req: Request, token: string): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '');
  return match !== null && timingSafeEqual(sha256(match[1] as string), sha256(token));
}

/**
 * GET /metrics in the Prometheus text format (text/plain; version=0.0.4), for a scraper on this
 * machine, or anywhere with METRICS_TOKEN: the counters tell outsiders which entries and flows
 * are used and how often people are handed over. Others get 403.
 */
export function registerMetricsRoute(server: Server, metrics: BotMetrics, options: MetricsRouteOptions = {}): void {
  server.get(METRICS_PATH, async (req, res) => {
    if (!isLocalRequest(req) && !(options.token !== undefined && presentsToken(req, options.token))) {
      options.logger?.warn({ path: METRICS_PATH }, `metrics: ${METRICS_PATH} refused (403): not a loopback client${options.token ? ' and no valid METRICS_TOKEN bearer' : '; set METRICS_TOKEN to scrape from elsewhere'}`);
      res.json(403, { error: `metrics: ${METRICS_PATH} is served to loopback clients${options.token ? ' or with the METRICS_TOKEN bearer token' : ' only (set METRICS_TOKEN)'}` });
      return;
    }
    const body = await metrics.registry.metrics();
    // Written raw: restify's formatters would JSON-encode a string body.
    res.writeHead(200, { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' });
    res.end(body);
  });
}
