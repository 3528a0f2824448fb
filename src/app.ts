import type { AddressInfo } from 'node:net';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationState, MemoryStorage } from 'botbuilder';
import type { Server } from 'restify';
import { BOT_NAME } from '../dialogs/messages';
import { createAccountAdapter, type AccountWiring } from './account/createAccountAdapter';
import { registerDemoRoutes } from './account/demoRoutes';
import type { MadoguchiBot } from './bot/madoguchiBot';
import { createTurnErrorHandler } from './bot/turnError';
import { createBotMiddleware, createBotStack } from './botStack';
import { registerDirectLine } from './channels/directline/registerDirectLine';
import { DEFAULT_DEMO_OUTBOX_URL, registerWebChatPage } from './channels/webchat/registerWebChatPage';
import { PUBLIC_HOST, type Config } from './config';
import type { Logger } from './logger';
import { FaqEngine } from './search/faqEngine';
import { createServer } from './server';
import { createHandoffProvider } from './handoff/createHandoffProvider';
import { EventLog } from './telemetry/eventLog';
import { BotMetrics, registerMetricsRoute } from './telemetry/metrics';
import { TelemetryOutcomeRecorder } from './telemetry/telemetryRecorder';

export interface AppOptions {
  config: Config;
  logger: Logger;
  /** A ready engine (tests share one). Default: built from config.knowledgeDir. */
  engine?: Promise<FaqEngine>;
}

export interface App {
  readonly server: Server;
  readonly adapter: CloudAdapter;
  /** The account adapter in use (tests read the demo outbox through it). */
  readonly account: AccountWiring;
  /** Settles when the analyzer and the index are loaded and the bot answers. */
  readonly ready: Promise<FaqEngine>;
  /** Stops listening, halts webhook deliveries (pending ones stay in the outbox) and closes the event log. */
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
  const conversationState = new ConversationState(new MemoryStorage());
  for (const middleware of createBotMiddleware({ logger, conversationState })) adapter.use(middleware);
  const metrics = new BotMetrics();
  const handoff = createHandoffProvider(config, logger);
  adapter.onTurnError = createTurnErrorHandler(logger, conversationState);

  let server: Server | undefined;
  const account = createAccountAdapter({
    account: config.account,
    logger,
    // Known only after listen (tests use port 0), so resolved when a link is issued.
    publicBaseUrl: () => config.publicBaseUrl ?? localBaseUrl(config, server),
  });

  let bot: MadoguchiBot | undefined;
  server = createServer({
    adapter,
    bot: () => bot,
    logger,
    extraRoutes: (s) => {
      if (account.kind === 'demo') registerDemoRoutes(s, account.demo);
      registerMetricsRoute(s, metrics);
      if (config.directLine.enabled) {
        registerDirectLine(s, { botName: BOT_NAME, logger });
        registerWebChatPage(s, { botName: BOT_NAME, logger, demoOutboxUrl: account.kind === 'demo' ? DEFAULT_DEMO_OUTBOX_URL : undefined });
      }
    },
  });
  let openedLog: EventLog | undefined;
  const ready = Promise.all([
    options.engine ?? FaqEngine.create({ knowledgeDir: config.knowledgeDir }),
    EventLog.open({ dataDir: config.dataDir }),
    handoff.start(),
  ]).then(([engine, eventLog]) => {
    openedLog = eventLog;
    const recorder = new TelemetryOutcomeRecorder({ eventLog, metrics, logger });
    bot = createBotStack({ engine, account: account.adapter, conversationState, handoffProvider: handoff.provider, recorder, metrics, omnichannel: config.handoff.omnichannel }).bot;
    return engine;
  });
  const stop = async (): Promise<void> => {
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
