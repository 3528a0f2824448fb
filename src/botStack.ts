import { ConversationState, MemoryStorage, type Middleware } from 'botbuilder';
import { HistoryMiddleware } from '../dialogs/handoff/historyMiddleware';
import { SensitiveInputMiddleware } from './bot/sensitiveInputMiddleware';
import type { Logger } from './logger';
import type { AccountAdapter } from '../dialogs/accountPort';
import { createFlows } from '../dialogs/flows/createFlows';
import { RootDialog, type RootMemory } from '../dialogs/rootDialog';
import { StateKeys } from '../dialogs/ids';
import { MadoguchiBot } from './bot/madoguchiBot';
import type { FaqEngine } from './search/faqEngine';
import { HISTORY_STATE_KEY, type ConversationHistory } from '../dialogs/handoff/conversationHistory';
import { HandoffContextBuilder } from '../dialogs/handoff/handoffContext';
import { HandoffCoordinator } from '../dialogs/handoff/handoffCoordinator';
import type { HandoffProvider } from '../dialogs/handoff/handoffPort';
import type { HandoffAvailability } from '../dialogs/handoff/handoffAvailability';
import type { RecoveryFollowUp } from '../dialogs/recoveryFollowUp';
import type { ResetFollowUp } from '../dialogs/ports';
import type { OutcomeRecorder } from '../dialogs/outcomes';
import type { BotMetrics } from './telemetry/metrics';

export interface BotStackOptions {
  /** The FAQ search component. */
  engine: FaqEngine;
  /** The account service the guided flows call. */
  account: AccountAdapter;
  /** Where conversation state lives. Default: a new in-memory ConversationState. */
  conversationState?: ConversationState;
  /** Where handoff tickets go; default: none (no handoff, no feedback buttons). */
  handoffProvider?: HandoffProvider;
  /** Event log and metrics of outcomes; default: not recorded. */
  recorder?: OutcomeRecorder;
  /** Turn latency; default: not measured. */
  metrics?: BotMetrics;
  /** Omnichannel's escalation convention (config.handoff.omnichannel); default false. */
  omnichannel?: boolean;
  /** When a person reads handoff tickets (BusinessHours from config.handoff.schedule); default: always. */
  handoffAvailability?: HandoffAvailability;
  /** Remembers submitted recovery requests for a proactive notice (issue 8); default: none. */
  recoveryFollowUp?: RecoveryFollowUp;
  /** Follows reset links so the chat hears when the password was changed (demo); default: none. */
  resetFollowUp?: ResetFollowUp;
}

export interface BotStack {
  readonly bot: MadoguchiBot;
  readonly conversationState: ConversationState;
}

/**
 * The bot with its dialogs and flows, the same for every host: the HTTP server (src/app.ts)
 * and the terminal chat (src/channels/terminal).
 */
export function createBotStack(options: BotStackOptions): BotStack {
  const conversationState = options.conversationState ?? new ConversationState(new MemoryStorage());
  const flows = createFlows({ account: options.account, faq: options.engine, names: options.engine, ...(options.resetFollowUp ? { resetFollowUp: options.resetFollowUp } : {}) });
  const handoff = options.handoffProvider
    ? new HandoffCoordinator({
        provider: options.handoffProvider,
        history: conversationState.createProperty<ConversationHistory>(HISTORY_STATE_KEY),
        ...(options.recorder ? { recorder: options.recorder } : {}),
        contextBuilder: new HandoffContextBuilder({ entryTitle: (id) => options.engine.entry(id)?.question }),
        omnichannel: options.omnichannel ?? false,
        ...(options.handoffAvailability ? { availability: options.handoffAvailability } : {}),
      })
    : undefined;
  const memory = conversationState.createProperty<RootMemory>(StateKeys.rootMemory);
  const rootDialog = new RootDialog({ faq: options.engine, flows, memory, ...(handoff ? { handoff } : {}), ...(options.recoveryFollowUp ? { recoveryFollowUp: options.recoveryFollowUp } : {}) });
  const bot = new MadoguchiBot({ conversationState, rootDialog, ...(handoff ? { handoff } : {}), ...(options.metrics ? { metrics: options.metrics } : {}) });
  return { bot, conversationState };
}

/**
 * The adapter middleware, in the order it must run: a password or card number is gone before
 * anything else sees the message; the host's channel middleware (Teams mentions stripped, from
 * src/app.ts) runs before the dialogs read it; the redacted history an agent will see is kept last.
 */
export function createBotMiddleware(options: {
  logger: Logger;
  conversationState: ConversationState;
  /** Channel-specific middleware of the host, run after the sensitive-input filter. Default: none. */
  channelMiddleware?: readonly Middleware[];
}): Middleware[] {
  const { logger, conversationState } = options;
  return [
    new SensitiveInputMiddleware({ onDiscard: (kind) => logger.warn({ kind }, 'bot: discarded a message that looked like a password or card number') }),
    ...(options.channelMiddleware ?? []),
    new HistoryMiddleware({ history: conversationState.createProperty<ConversationHistory>(HISTORY_STATE_KEY), state: conversationState }),
  ];
}
