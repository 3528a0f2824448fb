import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationState, MemoryStorage } from 'botbuilder';
import { RootDialog } from '../dialogs/rootDialog';
import { MadoguchiBot } from './bot/madoguchiBot';
import { createTurnErrorHandler } from './bot/turnError';
import { loadConfig } from './config';
import { loadEnvFile } from './env';
import { createLogger } from './logger';
import { FaqEngine } from './search/faqEngine';
import { createServer } from './server';

/** Wires the real objects together and starts listening. The only module that does so. */
async function start(): Promise<void> {
  loadEnvFile();
  const loaded = loadConfig(process.env);
  if (!loaded.ok) {
    process.stderr.write(`${loaded.error}\n`);
    process.exit(1);
  }
  const { config } = loaded;
  const logger = createLogger(config.logLevel);

  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.auth.appId,
    MicrosoftAppPassword: config.auth.appPassword,
    MicrosoftAppType: config.auth.appType,
    MicrosoftAppTenantId: config.auth.tenantId,
  });
  const adapter = new CloudAdapter(auth);
  const conversationState = new ConversationState(new MemoryStorage());
  adapter.onTurnError = createTurnErrorHandler(logger, conversationState);

  let bot: MadoguchiBot | undefined;
  const server = createServer({ adapter, bot: () => bot, logger });
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  logger.info({ url: server.url, anonymous: config.anonymous }, config.anonymous
    ? 'madoguchi: listening without authentication (no MicrosoftAppId): for the Emulator and local use'
    : 'madoguchi: listening; Bot Framework authentication is enforced');

  const started = Date.now();
  const engine = await FaqEngine.create({ knowledgeDir: config.knowledgeDir });
  bot = new MadoguchiBot({ conversationState, rootDialog: new RootDialog({ faq: engine }) });
  logger.info({ entries: engine.kb.entries.length, ms: Date.now() - started }, 'madoguchi: ready');
}

start().catch((err: unknown) => {
  process.stderr.write(`madoguchi: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
