import type { ConversationState, TurnContext } from 'botbuilder';
import { messages } from '../../dialogs/messages';
import { textReply } from '../../dialogs/replies';
import type { Logger } from '../logger';
import { isStateConflict } from '../state/stateConflict';

/**
 * The adapter's onTurnError: log what the operator needs (no user text), apologize in
 * Japanese, and clear the conversation state so the next message starts clean.
 * A StateConflictError (issue 11: another turn of this conversation saved first) is not a
 * failure of the conversation: the user is asked to send the message again and the stored
 * state, the other turn's newer one, is kept.
 */
export function createTurnErrorHandler(logger: Logger, conversationState: ConversationState) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    if (isStateConflict(error)) {
      logger.warn({ channelId: context.activity.channelId, conversationId: context.activity.conversation?.id }, 'stateStore: conflicting turns in one conversation; the user was asked to resend');
      try {
        await context.sendActivity(textReply(messages.stateConflict));
      } catch (sendError) {
        logger.error({ err: { message: (sendError as Error).message } }, 'bot: could not ask the user to resend');
      }
      return;
    }
    logger.error(
      { err: { message: error.message, name: error.name, stack: error.stack }, channelId: context.activity.channelId, activityType: context.activity.type, conversationId: context.activity.conversation?.id },
      'bot: unhandled error in turn',
    );
    try {
      await context.sendActivity(textReply(messages.turnError));
    } catch (sendError) {
      logger.error({ err: { message: (sendError as Error).message } }, 'bot: could not send the apology');
    }
    try {
      await conversationState.delete(context);
    } catch (deleteError) {
      logger.error({ err: { message: (deleteError as Error).message } }, 'bot: could not clear conversation state');
    }
  };
}
