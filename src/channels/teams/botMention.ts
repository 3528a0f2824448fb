import { TurnContext, type Activity } from 'botbuilder';

/**
 * Removes every @mention of the bot from an incoming message's text, in place, so the
 * dialogs see 「パスワードを忘れました」 and not 「<at>マドグチ</at> パスワードを忘れました」.
 * Returns the text left. Mentions of other people are kept: they may be part of the question.
 */
export function stripBotMention(activity: Activity): string {
  const botId = activity.recipient?.id;
  if (typeof activity.text !== 'string' || !botId) return activity.text ?? '';
  // removeMentionText drops one occurrence per call; a message may mention the bot twice.
  const mentions = TurnContext.getMentions(activity).filter((m) => m.mentioned?.id === botId).length;
  for (let i = 0; i < mentions; i += 1) TurnContext.removeMentionText(activity, botId);
  return activity.text;
}
