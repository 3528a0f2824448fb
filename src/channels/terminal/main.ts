import pino from 'pino';
import { messages } from '../../../dialogs/messages';
import { DemoAccountAdapter } from '../../account/demoAccountAdapter';
import { createTurnErrorHandler } from '../../bot/turnError';
import { ConversationState, MemoryStorage } from 'botbuilder';
import { createBotMiddleware, createBotStack } from '../../botStack';
import { createHandoffProvider } from '../../handoff/createHandoffProvider';
import { BusinessHours } from '../../handoff/businessHours';
import { EventLog } from '../../telemetry/eventLog';
import { BotMetrics } from '../../telemetry/metrics';
import { TelemetryOutcomeRecorder } from '../../telemetry/telemetryRecorder';
import { loadConfig } from '../../config';
import { loadEnvFile } from '../../env';
import { createLogger } from '../../logger';
import { FaqEngine } from '../../search/faqEngine';
import { runTerminalChat } from './terminalChat';

/** Log level when LOG_LEVEL is not set: the chat shares the screen with the logs, so only problems show. */
const TERMINAL_DEFAULT_LOG_LEVEL = 'warn';

/**
 * `npm run chat`: the real bot (FAQ engine, dialogs, state) in this process, talking through
 * the terminal. Logs go to stderr so they never mix into the conversation on stdout.
 */
async function main(): Promise<number> {
  loadEnvFile();
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(`${loaded.error}\n`);
    return 2;
  }
  const { config } = loaded;
  const logger = createLogger(process.env.LOG_LEVEL ? config.logLevel : TERMINAL_DEFAULT_LOG_LEVEL, pino.destination(2));
  process.stdout.write(`${messages.terminal.loading}\n`);

  const engine = await FaqEngine.create({ knowledgeDir: config.knowledgeDir });
  // The terminal always uses the demo accounts: it is for trying the flows, not for production.
  // Reset links point at the HTTP server's reset page, so they open while `npm start` runs.
  const demo = new DemoAccountAdapter({ logger, publicBaseUrl: config.publicBaseUrl ?? `http://localhost:${config.port}` });
  const conversationState = new ConversationState(new MemoryStorage());
  const handoff = createHandoffProvider(config, logger);
  const eventLog = await EventLog.open({ dataDir: config.dataDir });
  await handoff.start();
  const metrics = new BotMetrics();
  const recorder = new TelemetryOutcomeRecorder({ eventLog, metrics, logger });
  const handoffAvailability = new BusinessHours(config.handoff.schedule);
  const { bot } = createBotStack({ engine, account: demo, conversationState, handoffProvider: handoff.provider, recorder, metrics, omnichannel: config.handoff.omnichannel, handoffAvailability });
  try {
    await runTerminalChat({
      bot,
      input: process.stdin,
      output: process.stdout,
      outbox: { list: () => demo.outbox() },
      middleware: createBotMiddleware({ logger, conversationState }),
      onTurnError: createTurnErrorHandler(logger, conversationState),
    });
  } finally {
    await handoff.stop();
    await eventLog.close();
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
    // stdin may still hold the event loop open after readline closed it.
    process.stdin.unref?.();
  },
  (err: unknown) => {
    process.stderr.write(`chat: failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
