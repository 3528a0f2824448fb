import type { HandoffProvider } from '../../dialogs/handoff/handoffPort';
import type { Config } from '../config';
import type { OperatorLog } from './operatorLog';
import { TicketHandoffProvider } from './ticketProvider';
import { TicketStore } from './ticketStore';
import { WebhookHandoffProvider } from './webhookProvider';

export interface RunningHandoffProvider {
  readonly provider: HandoffProvider;
  /** Resumes background work (webhook deliveries left by a previous process). */
  start(): Promise<void>;
  /** Stops background work; nothing pending is lost. */
  stop(): Promise<void>;
}

/** The provider HANDOFF_PROVIDER names, over the tickets in config.dataDir. */
export function createHandoffProvider(config: Pick<Config, 'dataDir' | 'handoff'>, logger: OperatorLog): RunningHandoffProvider {
  const store = new TicketStore({ dataDir: config.dataDir });
  const choice = config.handoff.provider;
  if (choice.kind === 'webhook') {
    const webhook = new WebhookHandoffProvider({ store, dataDir: config.dataDir, url: choice.url, secret: choice.secret, logger });
    return { provider: webhook, start: () => webhook.start(), stop: () => webhook.stop() };
  }
  const ticket = new TicketHandoffProvider({ store, logger });
  return { provider: ticket, start: async () => undefined, stop: async () => undefined };
}
