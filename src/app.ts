import type { AddressInfo } from 'node:net';
import { CloudAdapter } from 'botbuilder';
import { ClientReusingAuthentication } from './http/clientReusingAuthentication';
import type { Server } from 'restify';
import { BOT_NAME } from '../dialogs/messages';
import { RecoveryFollowUp } from '../dialogs/recoveryFollowUp';
import { createAccountAdapter, type AccountWiring } from './account/createAccountAdapter';
import { registerDemoRoutes } from './account/demoRoutes';
import { DIRECTLINE_CHANNEL_ID } from './channels/directline/activities';
import { createLimiters } from './limits/createLimiters';
import { createMessageGuard } from './limits/messageGuard';
import { ResetDoneNotices } from './account/resetDoneNotices';
import type { MadoguchiBot } from './bot/madoguchiBot';
import { createTurnErrorHandler } from './bot/turnError';
import { createBotMiddleware, createBotStack } from './botStack';
import { registerDirectLine } from './channels/directline/registerDirectLine';
import { DEFAULT_DEMO_OUTBOX_URL, registerWebChatPage } from './channels/webchat/registerWebChatPage';
import { PUBLIC_HOST, type Config } from './config';
import type { Logger } from './logger';
import { FaqEngine } from './search/faqEngine';
import { createServer } from './server';
import { openSharedContainer } from './storage/sharedContainer';
import { ConversationTurnLock, OptimisticConversationState, createStateStorage } from './state';
import { RequestDrain } from './http/drain';
import { BusinessHours } from './handoff/businessHours';
import { createHandoffProvider } from './handoff/createHandoffProvider';
import { RecoveryNoticeStore } from './recoveryNotices/recoveryNoticeStore';
import { RecoveryStatusWatcher } from './recoveryNotices/recoveryStatusWatcher';
import { openEventLog, type EventLog } from './telemetry/eventLog';
import { dictionaryNameDetector, setPersonNameDetector } from './privacy/redact';
import { BotMetrics, registerMetricsRoute } from './telemetry/metrics';
import { TelemetryOutcomeRecorder } from './telemetry/telemetryRecorder';

export interface AppOptions {
  config: Config;
  logger: Logger;
  /** A ready engine (tests share one). Default: built from config.knowledgeDir. */
  engine?: Promise<FaqEngine>;
  /** The account service. Default: built from config.account (tests pass a demo adapter with short review times). */
  account?: AccountWiring;
}

export interface App {
  readonly server: Server;
  readonly adapter: CloudAdapter;
  /** The account adapter in use (tests read the demo outbox through it). */
  readonly account: AccountWiring;
  /** Settles when the analyzer and the index are loaded and the bot answers. */
  readonly ready: Promise<FaqEngine>;
  /**
   * Graceful shutdown: stops admitting requests (503 + Retry-After), stops listening, waits up to
   * `timeoutMs` (default config.shutdownTimeoutMs) for the turns in flight, then stops the recovery
   * watcher, halts webhook deliveries (pending ones stay in the durable outbox) and flushes and
   * closes the event log. `drained` is false when turns were still running at the deadline.
   */
  stop(timeoutMs?: number): Promise<{ readonly drained: boolean }>;
}

/**
 * The composition root: builds the adapter, the account service, the bot and the HTTP
 * server from configuration. The server can listen at once; /api/messages answers 503
 * until `ready` settles.
 */
export function createApp(options: AppOptions): App {
  const { config, logger } = options;
  // Builds the connector and user-token clients once, not per turn (issue 11).
  const auth = new ClientReusingAuthentication({
    MicrosoftAppId: config.auth.appId,
    MicrosoftAppPassword: config.auth.appPassword,
    MicrosoftAppType: config.auth.appType,
    MicrosoftAppTenantId: config.auth.tenantId,
  });
  const adapter = new CloudAdapter(auth);
  // Issue 11: with STATE_STORE=blob every instance shares one container (conversation state,
  // limits, events); its ready() is part of `ready`, so nothing is answered before it can be used.
  const sharedContainer = config.store.kind === 'blob' ? openSharedContainer(config.store.connectionString, config.store.container) : undefined;
  // One Storage for the conversation state and the recovery notices: bounded memory for one instance, the shared container for several.
  const storage = createStateStorage(config.store, sharedContainer);
  // Saves with the eTag it loaded: a turn that raced another instance is refused and the user asked to resend, never silently lost.
  const conversationState = new OptimisticConversationState(storage);
  // First of all middleware: one turn at a time per conversation in this process, around every state load and save.
  adapter.use(
    new ConversationTurnLock({
      onWaitTimeout: () => logger.warn({ component: 'stateStore' }, 'stateStore: a turn waited too long for the previous turn of its conversation and ran anyway'),
    }),
  );
  for (const middleware of createBotMiddleware({ logger, conversationState })) adapter.use(middleware);
  const metrics = new BotMetrics();
  const handoff = createHandoffProvider(config, logger, sharedContainer, { onDeadLetter: () => metrics.countDeadLetter() });
  adapter.onTurnError = createTurnErrorHandler(logger, conversationState);

  // Issue 11: the rate limits count in the shared container (limits/), so a client or an account
  // cannot escape a limit by landing on another instance.
  const limiters = createLimiters(config.limits, { logger, ...(sharedContainer ? { container: sharedContainer } : {}) });

  let server: Server | undefined;
  const account =
    options.account ??
    createAccountAdapter({
      account: config.account,
      logger,
      // Known only after listen (tests use port 0), so resolved when a link is issued.
      publicBaseUrl: () => config.publicBaseUrl ?? localBaseUrl(config, server),
      limits: config.limits,
      limiters: limiters.code,
    });
  // Proactive notices of decided recovery requests (issue 8); RECOVERY_WATCH_INTERVAL_MS=0 turns them off.
  const { watchIntervalMs } = config.recoveryNotices;
  const recoveryNotices = watchIntervalMs > 0 ? new RecoveryNoticeStore({ storage }) : undefined;
  const recoveryWatcher = recoveryNotices
    ? new RecoveryStatusWatcher({ account: account.adapter, notices: recoveryNotices, adapter, botAppId: config.auth.appId ?? '', logger, intervalMs: watchIntervalMs })
    : undefined;
  const recoveryFollowUp = recoveryNotices
    ? new RecoveryFollowUp({
        watchList: recoveryNotices,
        onError: (err) => logger.error({ component: 'recoveryNotices', err: { message: err.message } }, 'recoveryFollowUp: could not remember the conversation; the user will not be told the decision in the chat'),
      })
    : undefined;

  // The demo reset page tells the chat where its link was issued that the password changed (issue 9).
  const resetDone = account.kind === 'demo' ? new ResetDoneNotices({ adapter, botAppId: config.auth.appId ?? '', logger }) : undefined;

  // One set of message limits for /api/messages and the local Direct Line: a message is counted where it comes in (issue 10).
  const messageLimits = limiters.messages;
  let bot: MadoguchiBot | undefined;
  const drain = new RequestDrain();
  server = createServer({
    drain,
    adapter,
    bot: () => bot,
    logger,
    messageGuard: createMessageGuard({ anonymous: config.anonymous, limits: messageLimits, logger }),
    extraRoutes: (s) => {
      const directLine = config.directLine.enabled
        ? registerDirectLine(s, {
            botName: BOT_NAME,
            logger,
            store: { maxConversationsPerClient: config.limits.directLineConversationsPerClient },
            limits: { tokensPerClient: limiters.directLineTokensPerClient, startsPerClient: limiters.directLineStartsPerClient, messages: messageLimits },
          })
        : undefined;
      // Demo routes exist only with the demo adapter, which config allows only in demo mode (anonymous, or DEMO_MODE on loopback).
      if (account.kind === 'demo') {
        registerDemoRoutes(s, account.demo, {
          logger,
          ...(resetDone ? { onPasswordChanged: (token: string) => resetDone.passwordChanged(token) } : {}),
          // The Web Chat page's inbox: its Direct Line token names its conversation.
          ...(directLine
            ? {
                inboxConversation: (token: string) => {
                  const check = directLine.store.check(token);
                  return check.ok ? { channelId: DIRECTLINE_CHANNEL_ID, conversationId: check.conversation.id } : undefined;
                },
              }
            : {}),
        });
      }
      registerMetricsRoute(s, metrics, { ...config.metrics, logger });
      if (directLine) registerWebChatPage(s, { botName: BOT_NAME, logger, demoOutboxUrl: account.kind === 'demo' ? DEFAULT_DEMO_OUTBOX_URL : undefined });
    },
  });
  let openedLog: EventLog | undefined;
  const ready = Promise.all([
    options.engine ?? FaqEngine.create({ knowledgeDir: config.knowledgeDir }),
    // Issue 11: the file log in dataDir/events, or one blob per batch in the shared container.
    openEventLog({
      config,
      ...(sharedContainer ? { container: sharedContainer } : {}),
      onMaintenanceError: (err) => logger.warn({ component: 'eventLog', err: { message: err.message } }, 'eventLog: housekeeping failed; tried again later'),
    }),
    handoff.start(),
    // Issue 11: the shared container exists before the first turn; an outage here fails start-up with one line (sharedContainer: cannot open container …).
    sharedContainer?.ready(),
  ]).then(([engine, eventLog]) => {
    openedLog = eventLog;
    // Issue 10: from here on every redaction (logs, event log, tickets, transcripts) also hides
    // the names the analyzer's dictionary knows; the bot answers no message before this point.
    setPersonNameDetector(dictionaryNameDetector(engine.analyzer));
    const recorder = new TelemetryOutcomeRecorder({ eventLog, metrics, logger });
    bot = createBotStack({
      engine,
      account: account.adapter,
      conversationState,
      handoffProvider: handoff.provider,
      recorder,
      metrics,
      omnichannel: config.handoff.omnichannel,
      handoffAvailability: new BusinessHours(config.handoff.schedule),
      ...(recoveryFollowUp ? { recoveryFollowUp } : {}),
      ...(resetDone ? { resetFollowUp: resetDone } : {}),
    }).bot;
    recoveryWatcher?.start();
    return engine;
  });
  const stop = async (timeoutMs: number = config.shutdownTimeoutMs): Promise<{ readonly drained: boolean }> => {
    drain.begin();
    const listening = server;
    const closed = new Promise<void>((resolve) => (listening ? listening.close(() => resolve()) : resolve()));
    // Keep-alive sockets with no request would hold close() open; busy ones finish their turn first.
    listening?.server.closeIdleConnections?.();
    const drained = await drain.idle(timeoutMs);
    listening?.server.closeAllConnections?.();
    await recoveryWatcher?.stop();
    await handoff.stop();
    await openedLog?.close();
    await closed;
    return { drained };
  };
  return { server, adapter, account, ready, stop };
}

function localBaseUrl(config: Config, server: Server | undefined): string {
  const address = server?.address() as AddressInfo | null | undefined;
  const port = address && typeof address === 'object' ? address.port : config.port;
  // A browser cannot open 0.0.0.0: show localhost for the all-interfaces bind.
  const host = config.host === PUBLIC_HOST ? 'localhost' : config.host;
  return `http://${host}:${port}`;
}
