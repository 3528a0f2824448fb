import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConversationState, MemoryStorage } from 'botbuilder';
import type { Server } from 'restify';
import { RootDialog } from '../dialogs/rootDialog';
import { MadoguchiBot } from './bot/madoguchiBot';
import { createTurnErrorHandler } from './bot/turnError';
import type { Config } from './config';
import type { Logger } from './logger';
import { FaqEngine } from './search/faqEngine';
import { createServer } from './server';

export interface AppOptions {
  config: Config;
  logger: Logger;
  /** A ready engine (tests share one). Default: built from config.knowledgeDir. */
  engine?: Promise<FaqEngine>;
}

export interface App {
  readonly server: Server;
  readonly adapter: CloudAdapter;
  /** Settles when the analyzer and the index are loaded and the bot answers. */
  readonly ready: Promise<FaqEngine>;
}

/**
 * The composition root: builds the adapter, the bot and the HTTP server from configuration.
 * The server can listen at once; /api/messages answers 503 until `ready` settles.
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
  adapter.onTurnError = createTurnErrorHandler(logger, conversationState);

  let bot: MadoguchiBot | undefined;
  const server = createServer({ adapter, bot: () => bot, logger });
  const ready = (options.engine ?? FaqEngine.create({ knowledgeDir: config.knowledgeDir })).then((engine) => {
    bot = new MadoguchiBot({ conversationState, rootDialog: new RootDialog({ faq: engine }) });
    return engine;
  });
  return { server, adapter, ready };
}
