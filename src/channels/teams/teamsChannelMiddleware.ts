import { ActivityTypes, Channels, type Middleware, type TurnContext } from 'botbuilder';
import { stripBotMention } from './botMention';
import { resolveShapingOptions, shapeForTeams, teamsScope, type TeamsShapingOptions } from './teamsActivityShaping';

export type TeamsChannelMiddlewareOptions = TeamsShapingOptions;

/**
 * Makes the channel-neutral bot behave well in Microsoft Teams, and does nothing elsewhere:
 * incoming messages lose the bot's @mention before the dialogs read them, and outgoing
 * activities are shaped for the conversation's scope (see shapeForTeams). Replies keep the
 * incoming conversation id, which in a team channel names the thread, so answers stay in it.
 */
export class TeamsChannelMiddleware implements Middleware {
  private readonly options: Required<TeamsShapingOptions>;

  constructor(options: TeamsChannelMiddlewareOptions = {}) {
    this.options = resolveShapingOptions(options);
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    if (context.activity.channelId !== Channels.Msteams) return next();
    if (context.activity.type === ActivityTypes.Message) stripBotMention(context.activity);
    const scope = teamsScope(context.activity);
    context.onSendActivities(async (_context, activities, sendNext) => {
      // The same array is handed on to the adapter, so replacing entries reshapes what is sent.
      for (let i = 0; i < activities.length; i += 1) {
        const activity = activities[i];
        if (activity) activities[i] = shapeForTeams(activity, scope, this.options);
      }
      return sendNext();
    });
    await next();
  }
}
