import type { OutcomeEvent, OutcomeRecorder } from '../../dialogs/outcomes';
import type { OperatorLog } from '../handoff/operatorLog';
import type { EventLog } from './eventLog';
import type { BotMetrics } from './metrics';
import { errorMessage } from '../errors';

export interface TelemetryRecorderOptions {
  /** Durable outcome log (dataDir/events/outcomes.jsonl, or the shared container's events/): only its append is used. */
  eventLog: Pick<EventLog, 'append'>;
  /** Prometheus counters served on /metrics. */
  metrics: BotMetrics;
  /** Where a failed write is reported (kind and error only, never the event's text). */
  logger: Pick<OperatorLog, 'error'>;
}

/**
 * The real OutcomeRecorder: counts the event and appends it to the event log. `record` resolves
 * when the event is durable (its batch written), so a caller that awaits it knows the event
 * survives a crash. It never throws into a dialog: a storage error is logged for the operator
 * and the turn goes on.
 */
export class TelemetryOutcomeRecorder implements OutcomeRecorder {
  constructor(private readonly options: TelemetryRecorderOptions) {}

  async record(conversationId: string, event: OutcomeEvent): Promise<void> {
    this.options.metrics.count(event);
    try {
      await this.options.eventLog.append(conversationId, event);
    } catch (err) {
      this.options.logger.error({ kind: event.kind, err: { message: errorMessage(err) } }, 'telemetry: could not record an outcome');
    }
  }
}
