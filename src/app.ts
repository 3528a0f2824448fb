import type { AddressInfo } from 'node:net';
import { CloudAdapter } from 'botbuilder';
import type { Server } from 'restify';
import { BOT_NAME } from '../dialogs/messages';
import { RecoveryFollowUp } from '../dialogs/recoveryFollowUp';
import type { AccountWiring, DemoTuning } from './account/createAccountAdapter';
import { registerDemoRoutes } from './account/demoRoutes';
import { ResetDoneNotices } from './account/resetDoneNotices';
import type { MadoguchiBot } from './bot/madoguchiBot';
import { DIRECTLINE_CHANNEL_ID } from './channels/directline/activities';
import { registerDirectLine } from './channels/directline/registerDirectLine';
import { TeamsChannelMiddleware } from './channels/teams/teamsChannelMiddleware';
import { DEFAULT_DEMO_OUTBOX_URL, registerWebChatPage } from './channels/webchat/registerWebChatPage';
import { PUBLIC_HOST, type Config } from './config';
import { ClientReusingAuthentication } from './http/clientReusingAuthentication';
import { RequestDrain } from './http/drain';
import { createMessageGuard } from './limits/messageGuard';
import type { Logger } from './logger';
import { RecoveryNoticeStore } from './recoveryNotices/recoveryNoticeStore';
import { RecoveryStatusWatcher } from './recoveryNotices/recoveryStatusWatcher';
import { createRuntime } from './runtime';
import type { FaqEngine } from './search/faqEngine';
import { createServer } from './server';
import { registerMetricsRoute } from './telemetry/metrics';

export interface AppOptions {
  config: Config;
  logger: Logger;
  /** A ready engine (tests share one). Default: built from config.knowledgeDir. */
  engine?: Promise<FaqEngine>;
  /** The account service. Default: built from config.account (tests pass a demo adapter with short review times). */
  account?: AccountWiring;
  /** Tuning of the demo account service built from config (the load benchmark, tests: minLatencyMs 0). Default: none. */
  demo?: DemoTuning;
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
 * The HTTP host around the runtime (src/runtime.ts, the composition root): the CloudAdapter, the
 * channels (local Direct Line, Web Chat page, Teams middleware), demo routes, metrics, proactive
 * notices and graceful shutdown. The server can listen at once; /api/messages answers 503 until
 * `ready` settles.
 */
export function createApp(options: AppOptions): App {
  const { config, logger } = options;
  let server: Server | undefined;
  const runtime = createRuntime({
    config,
    logger,
    ...(options.engine ? { engine: options.engine } : {}),
    ...(options.account ? { account: options.account } : {}),
    ...(options.demo ? { demo: options.demo } : {}),
    // Known only after listen (tests use port 0), so resolved when a link is issued.
    publicBaseUrl: () => config.publicBaseUrl ?? localBaseUrl(config, server),
  });
  const { account, storage, limiters, metrics } = runtime;
  // Builds the connector and user-token clients once, not per turn (issue 11).
  const auth = new ClientReusingAuthentication({
    MicrosoftAppId: config.auth.appId,
    MicrosoftAppPassword: config.auth.appPassword,
    MicrosoftAppType: config.auth.appType,
    MicrosoftAppTenantId: config.auth.tenantId,
  });
  const adapter = new CloudAdapter(auth);
  // Hosting wires the channel middleware: Teams mentions are stripped before the dialogs read a message.
  for (const middleware of runtime.middleware([new TeamsChannelMiddleware()])) adapter.use(middleware);
  adapter.onTurnError = runtime.onTurnError;

  // Proactive notices of decided recovery requests (issue 8); RECOVERY_WATCH_INTERVAL_MS=0 turns them off.
  const { watchIntervalMs } = config.recoveryNotices;
  const recoveryNotices = watchIntervalMs > 0 ? new RecoveryNoticeStore({ storage }) : undefined;
  const recoveryWatcher = recoveryNotices
    ? new RecoveryStatusWatcher({ account: account.adapter, notices: recoveryNotices, adapter, botAppId: config.auth.appId ?? '', logger, intervalMs: watchIntervalMs })
    : undefined;
  const recoveryFollowUp = recoveryNotices
    ? new RecoveryFollowUp({
        watchList: recoveryNotices,
        onError: (err) => logger.child({ component: 'recoveryNotices' }).error({ err: { message: err.message } }, 'recoveryFollowUp: could not remember the conversation; the user will not be told the decision in the chat'),
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
    messageGuard: createMessageGuard({ anonymous: config.anonymous, limits: messageLimits, logger: logger.child({ component: 'limits' }) }),
    extraRoutes: (s) => {
      const directLine = config.directLine.enabled
        ? registerDirectLine(s, {
            botName: BOT_NAME,
            logger: logger.child({ component: 'directline' }),
            store: { maxConversationsPerClient: config.limits.directLineConversationsPerClient },
            limits: { tokensPerClient: limiters.directLineTokensPerClient, startsPerClient: limiters.directLineStartsPerClient, messages: messageLimits },
          })
        : undefined;
      // Demo routes exist only with the demo adapter, which config allows only in demo mode (anonymous, or DEMO_MODE on loopback).
      if (account.kind === 'demo') {
        registerDemoRoutes(s, account.demo, {
          logger: logger.child({ component: 'demo' }),
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
      registerMetricsRoute(s, metrics, { ...config.metrics, logger: logger.child({ component: 'metrics' }) });
      if (directLine) registerWebChatPage(s, { botName: BOT_NAME, logger: logger.child({ component: 'webChatPage' }), demoOutboxUrl: account.kind === 'demo' ? DEFAULT_DEMO_OUTBOX_URL : undefined });
    },
  });
  const ready = runtime
    .start({ ...(recoveryFollowUp ? { recoveryFollowUp } : {}), ...(resetDone ? { resetFollowUp: resetDone } : {}) })
    .then((started) => {
      bot = started.bot;
      recoveryWatcher?.start();
      return started.engine;
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
    await runtime.stop();
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
