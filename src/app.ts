import type { AddressInfo } from 'node:net';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationState, MemoryStorage } from 'botbuilder';
import type { Server } from 'restify';
import { BOT_NAME } from '../dialogs/messages';
import { RecoveryFollowUp } from '../dialogs/recoveryFollowUp';
import { createAccountAdapter, type AccountWiring } from './account/createAccountAdapter';
import { registerDemoRoutes } from './account/demoRoutes';
import { DIRECTLINE_CHANNEL_ID } from './channels/directline/activities';
import { MessageLimits } from './limits/limits';
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
import { BusinessHours } from './handoff/businessHours';
import { createHandoffProvider } from './handoff/createHandoffProvider';
import { RecoveryNoticeStore } from './recoveryNotices/recoveryNoticeStore';
import { RecoveryStatusWatcher } from './recoveryNotices/recoveryStatusWatcher';
import { EventLog } from './telemetry/eventLog';
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
  /** Stops the recovery watcher, stops listening, halts webhook deliveries (pending ones stay in the outbox) and closes the event log. */
  stop(): Promise<void>;
}

/**
 * The composition root: builds the adapter, the account service, the bot and the HTTP
 * server from configuration. The server can listen at once; /api/messages answers 503
 * until `ready` settles.
 */
export function createApp(options: AppOptions): App {
  const { config, logger } = options;
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.auth.appId,
    MicrosoftAppPassword: config.auth.appPassword,
    MicrosoftAppType: config.auth.appType,
    MicrosoftAppTenantId: config.auth.tenantId,
  });
  const adapter = new CloudAdapter(auth);
  // One Storage for the conversation state and the recovery notices: a shared store serves both.
  const storage = new MemoryStorage();
  const conversationState = new ConversationState(storage);
  for (const middleware of createBotMiddleware({ logger, conversationState })) adapter.use(middleware);
  const metrics = new BotMetrics();
  const handoff = createHandoffProvider(config, logger);
  adapter.onTurnError = createTurnErrorHandler(logger, conversationState);

  let server: Server | undefined;
  const account =
    options.account ??
    createAccountAdapter({
      account: config.account,
      logger,
      // Known only after listen (tests use port 0), so resolved when a link is issued.
      publicBaseUrl: () => config.publicBaseUrl ?? localBaseUrl(config, server),
      limits: config.limits,
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

  // One set of message buckets for /api/messages and the local Direct Line: a message is counted where it comes in (issue 10).
  const messageLimits = new MessageLimits(config.limits);
  let bot: MadoguchiBot | undefined;
  server = createServer({
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
            limits: { tokensPerClient: config.limits.directLineTokensPerClient, startsPerClient: config.limits.directLineStartsPerClient, messages: messageLimits },
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
    EventLog.open({ dataDir: config.dataDir }),
    handoff.start(),
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
  const stop = async (): Promise<void> => {
    await recoveryWatcher?.stop();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await handoff.stop();
    await openedLog?.close();
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
