import type { Middleware, Storage, TurnContext } from 'botbuilder';
import type { RecoveryFollowUp } from '../dialogs/recoveryFollowUp';
import type { ResetFollowUp } from '../dialogs/ports';
import { dictionaryNameDetector, setPersonNameDetector } from '../dialogs/privacy/redact';
import { createAccountAdapter, type AccountWiring, type DemoTuning } from './account/createAccountAdapter';
import type { MadoguchiBot } from './bot/madoguchiBot';
import { createTurnErrorHandler } from './bot/turnError';
import { createBotMiddleware, createBotStack } from './botStack';
import type { Config } from './config';
import { BusinessHours } from './handoff/businessHours';
import { createHandoffProvider, type RunningHandoffProvider } from './handoff/createHandoffProvider';
import { createLimiters, type Limiters } from './limits/createLimiters';
import type { Logger } from './logger';
import { FaqEngine } from './search/faqEngine';
import { serverSnapshotOptions } from './search/knowledgeSnapshot';
import { ConversationTurnLock, OptimisticConversationState, createStateStorage } from './state';
import { openSharedContainer, type SharedContainer } from './storage/sharedContainer';
import { openEventLog, type EventLog } from './telemetry/eventLog';
import { BotMetrics } from './telemetry/metrics';
import { TelemetryOutcomeRecorder } from './telemetry/telemetryRecorder';

/**
 * The FAQ engine as every host builds it from configuration: the knowledge folder, its snapshot in
 * DATA_DIR (analyses reused when the knowledge is unchanged, rebuilt and saved otherwise).
 */
export function createEngine(config: Pick<Config, 'knowledgeDir' | 'dataDir'>, logger: Logger): Promise<FaqEngine> {
  return FaqEngine.create({ knowledgeDir: config.knowledgeDir, snapshot: serverSnapshotOptions(config.dataDir, logger) });
}

export interface RuntimeOptions {
  readonly config: Config;
  readonly logger: Logger;
  /** A ready engine (tests share one). Default: {@link createEngine}. */
  readonly engine?: FaqEngine | Promise<FaqEngine>;
  /**
   * The account service, or how to build it from the limiters. Default: the one config.account
   * names, with the code limits in front of it; `publicBaseUrl` must then be given.
   */
  readonly account?: AccountWiring | ((limiters: Limiters) => AccountWiring);
  /** Where the demo's reset links point (the server's address, known after listen). Needed only for the default account. */
  readonly publicBaseUrl?: () => string;
  /** Tuning of the demo account service when config.account is the demo (the terminal, tests, the load benchmark). Default: none. */
  readonly demo?: DemoTuning;
}

/** What the bot stack takes beyond the runtime's own parts (host-specific follow-ups). */
export interface BotExtras {
  /** Remembers submitted recovery requests for a proactive notice (server only). */
  readonly recoveryFollowUp?: RecoveryFollowUp;
  /** Follows reset links so the chat hears when the password was changed (demo). */
  readonly resetFollowUp?: ResetFollowUp;
}

export interface Runtime {
  readonly config: Config;
  readonly logger: Logger;
  /** The shared blob container (STATE_STORE=blob), or undefined for one instance. */
  readonly sharedContainer: SharedContainer | undefined;
  /** Conversation state and recovery notices live here: bounded memory or the shared container. */
  readonly storage: Storage;
  /** Saved with the eTag it was loaded with: a racing turn is refused, never silently lost. */
  readonly conversationState: OptimisticConversationState;
  readonly metrics: BotMetrics;
  readonly limiters: Limiters;
  readonly account: AccountWiring;
  readonly handoff: RunningHandoffProvider;
  /**
   * Adapter middleware in the order it must run: one turn at a time per conversation, then
   * sensitive input, the host's channel middleware, the redacted history.
   */
  middleware(channelMiddleware?: readonly Middleware[]): Middleware[];
  /** The turn-error handler every host installs. */
  readonly onTurnError: (context: TurnContext, error: Error) => Promise<void>;
  /**
   * Settles when the engine, the event log, the handoff provider and the shared container are
   * ready, with the bot built once from them. Call once.
   */
  start(extras?: BotExtras): Promise<{ readonly engine: FaqEngine; readonly bot: MadoguchiBot; readonly eventLog: EventLog }>;
  /** Halts webhook deliveries (pending ones stay in the durable outbox) and flushes and closes the event log. */
  stop(): Promise<void>;
}

/**
 * The composition root: the one place that builds the real objects every host shares (state,
 * limits, account service, handoff, metrics, event log, engine, bot). The server (app.ts) adds
 * HTTP, channels and proactive notices around it; the terminal chat adds its demo pages.
 */
export function createRuntime(options: RuntimeOptions): Runtime {
  const { config, logger } = options;
  // Issue 11: with STATE_STORE=blob every instance shares one container (conversation state, limits, events).
  const sharedContainer = config.store.kind === 'blob' ? openSharedContainer(config.store.connectionString, config.store.container) : undefined;
  const storage = createStateStorage(config.store, sharedContainer);
  const conversationState = new OptimisticConversationState(storage);
  const metrics = new BotMetrics();
  // Each collaborator logs under its component's name (logger.child), never by a message prefix alone.
  const handoff = createHandoffProvider(config, logger.child({ component: 'handoff' }), sharedContainer, { onDeadLetter: () => metrics.countDeadLetter() });
  // The rate limits count in the shared container, so nobody escapes a limit by landing on another instance.
  const limiters = createLimiters(config.limits, { logger, ...(sharedContainer ? { container: sharedContainer } : {}) });
  const account = typeof options.account === 'function' ? options.account(limiters) : (options.account ?? defaultAccount(options, limiters));
  let eventLog: EventLog | undefined;

  const start = async (extras: BotExtras = {}) => {
    const [engine, log] = await Promise.all([
      options.engine ?? createEngine(config, logger),
      openEventLog({
        config,
        ...(sharedContainer ? { container: sharedContainer } : {}),
        onMaintenanceError: (err) => logger.child({ component: 'eventLog' }).warn({ err: { message: err.message } }, 'eventLog: housekeeping failed; tried again later'),
      }),
      handoff.start(),
      // An outage here fails start-up with one line (sharedContainer: cannot open container …).
      sharedContainer?.ready(),
    ]);
    eventLog = log;
    // Issue 10: from here on every redaction (logs, event log, tickets, transcripts) also hides
    // the names the analyzer's dictionary knows; no message is answered before this point.
    setPersonNameDetector(dictionaryNameDetector(engine.analyzer));
    const { bot } = createBotStack({
      engine,
      account: account.adapter,
      conversationState,
      handoffProvider: handoff.provider,
      recorder: new TelemetryOutcomeRecorder({ eventLog: log, metrics, logger: logger.child({ component: 'telemetry' }) }),
      metrics,
      omnichannel: config.handoff.omnichannel,
      handoffAvailability: new BusinessHours(config.handoff.schedule),
      ...(extras.recoveryFollowUp ? { recoveryFollowUp: extras.recoveryFollowUp } : {}),
      ...(extras.resetFollowUp ? { resetFollowUp: extras.resetFollowUp } : {}),
    });
    return { engine, bot, eventLog: log };
  };

  return {
    config,
    logger,
    sharedContainer,
    storage,
    conversationState,
    metrics,
    limiters,
    account,
    handoff,
    middleware: (channelMiddleware = []) => [
      new ConversationTurnLock({
        onWaitTimeout: () => logger.child({ component: 'stateStore' }).warn('stateStore: a turn waited too long for the previous turn of its conversation and ran anyway'),
      }),
      ...createBotMiddleware({ logger: logger.child({ component: 'bot' }), conversationState, channelMiddleware }),
    ],
    onTurnError: createTurnErrorHandler(logger.child({ component: 'bot' }), conversationState),
    start,
    stop: async () => {
      await handoff.stop();
      await eventLog?.close();
    },
  };
}

function defaultAccount(options: RuntimeOptions, limiters: Limiters): AccountWiring {
  const { publicBaseUrl } = options;
  if (!publicBaseUrl) throw new Error('runtime: publicBaseUrl is required to build the account service from configuration');
  return createAccountAdapter({ account: options.config.account, logger: options.logger, publicBaseUrl, limits: options.config.limits, limiters: limiters.code, ...(options.demo ? { demo: options.demo } : {}) });
}
