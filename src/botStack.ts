import { ConversationState, MemoryStorage } from 'botbuilder';
import type { AccountAdapter } from '../dialogs/accountPort';
import { createFlows } from '../dialogs/flows/createFlows';
import { RootDialog } from '../dialogs/rootDialog';
import { MadoguchiBot } from './bot/madoguchiBot';
import type { FaqEngine } from './search/faqEngine';

export interface BotStackOptions {
  /** The FAQ search component. */
  engine: FaqEngine;
  /** The account service the guided flows call. */
  account: AccountAdapter;
  /** Where conversation state lives. Default: a new in-memory ConversationState. */
  conversationState?: ConversationState;
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
  const flows = createFlows({ account: options.account, faq: options.engine });
  const rootDialog = new RootDialog({ faq: options.engine, flows });
  return { bot: new MadoguchiBot({ conversationState, rootDialog }), conversationState };
}
