export { markSensitive, noteAccount } from './sensitiveValues';
import { ActivityTypes, type Activity, type BotState, type Middleware, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { isFixedText } from '../fixedTexts';
import { notedAccount, sensitiveValues } from './sensitiveValues';
import { emptyHistory, redactedAgain, withAccount, withBotText, withUserText, type ConversationHistory } from './conversationHistory';

export interface HistoryMiddlewareOptions {
  /** The history in conversation state. */
  history: StatePropertyAccessor<ConversationHistory>;
  /** The state the accessor belongs to: saved again when a turn marked sensitive values. */
  state: BotState;
}

/**
 * True for a reply built by answerReply (dialogs/replies.ts), the only one marked kind 'answer':
 * its text is an entry's question and answer, nothing the user typed.
 */
function isKnowledgeBaseAnswer(activity: Partial<Activity>): boolean {
  const channelData: unknown = activity.channelData;
  if (typeof channelData !== 'object' || channelData === null) return false;
  const madoguchi: unknown = (channelData as { madoguchi?: unknown }).madoguchi;
  return typeof madoguchi === 'object' && madoguchi !== null && (madoguchi as { kind?: unknown }).kind === 'answer';
}

/**
 * Keeps the redacted text of every user message and bot reply in the conversation history,
 * for the agent's transcript. Registered with adapter.use(); texts are redacted before they
 * are stored, and again with any values a flow marked sensitive during the turn.
 */
export class HistoryMiddleware implements Middleware {
  constructor(private readonly options: HistoryMiddlewareOptions) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { history } = this.options;
    if (context.activity.type === ActivityTypes.Message && context.activity.text) {
      await history.set(context, withUserText(await history.get(context, emptyHistory()), context.activity.text));
    }
    context.onSendActivities(async (ctx, activities, nextSend) => {
      let h = await history.get(ctx, emptyHistory());
      for (const a of activities) if (a.type === ActivityTypes.Message && a.text) h = withBotText(h, a.text, undefined, { fromKnowledgeBase: isKnowledgeBaseAnswer(a), fixedMessage: isFixedText(a.text) });
      await history.set(ctx, h);
      return nextSend();
    });
    await next();
    // After the turn, so values a flow marked while reading this very message are covered.
    const sensitive = sensitiveValues(context);
    const account = notedAccount(context);
    if (sensitive.length > 0 || account !== undefined) {
      const kept = await history.get(context, emptyHistory());
      let h = redactedAgain(kept, { sensitive });
      if (account !== undefined) h = withAccount(h, account);
      // Saved again only when that changed the history (the bot saved the turn already): a save
      // serializes the whole state to compare it, and many such turns change no kept line (an
      // address, a number, a code or a name the first redaction already made a tag).
      if (h !== kept) {
        await history.set(context, h);
        await this.options.state.saveChanges(context, false);
      }
    }
  }
}
