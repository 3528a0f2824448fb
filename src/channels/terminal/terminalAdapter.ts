import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';

/** Channel id the terminal's activities carry (the bot treats it like any non-Teams channel). */
export const TERMINAL_CHANNEL_ID = 'terminal';

/** Receives each activity the bot sends, in order. */
export type ActivitySink = (activity: Partial<Activity>) => void | Promise<void>;

export interface TerminalAdapterOptions {
  /** Where the bot's activities go (the terminal renderer). */
  deliver: ActivitySink;
  /** The conversation the terminal holds; default a single local conversation. */
  reference?: Partial<ConversationReference>;
}

export const DEFAULT_TERMINAL_REFERENCE: Partial<ConversationReference> = {
  channelId: TERMINAL_CHANNEL_ID,
  serviceUrl: 'terminal://local',
  conversation: { id: 'terminal-conversation', isGroup: false, conversationType: 'personal', name: 'terminal' },
  user: { id: 'terminal-user', name: 'you', role: 'user' },
  bot: { id: 'madoguchi', name: 'madoguchi', role: 'bot' },
  locale: 'ja-JP',
};

/**
 * An in-process adapter: no server, no HTTP. The terminal hands it the user's activities
 * and it runs the bot's turn through the middleware pipeline; what the bot sends goes
 * to `deliver` instead of a connector.
 */
export class TerminalAdapter extends BotAdapter {
  private readonly deliver: ActivitySink;
  private readonly reference: Partial<ConversationReference>;
  private nextId = 1;

  constructor(options: TerminalAdapterOptions) {
    super();
    this.deliver = options.deliver;
    this.reference = options.reference ?? DEFAULT_TERMINAL_REFERENCE;
  }

  /** Runs one turn for an activity from the user (the conversation fields are filled in). */
  async receive(activity: Partial<Activity>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const incoming = TurnContext.applyConversationReference({ ...activity, id: `in-${this.nextId++}`, timestamp: new Date() }, this.reference, true);
    await this.runMiddleware(new TurnContext(this, incoming), logic);
  }

  override async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    const responses: ResourceResponse[] = [];
    for (const activity of activities) {
      const id = `out-${this.nextId++}`;
      // Trace activities are for the Emulator's inspector and `delay` would only slow the terminal.
      if (activity.type !== ActivityTypes.Trace && activity.type !== 'delay') await this.deliver(activity);
      responses.push({ id });
    }
    return responses;
  }

  override async updateActivity(): Promise<void> {
    throw new Error('TerminalAdapter: updating a sent activity is not supported in the terminal');
  }

  override async deleteActivity(): Promise<void> {
    throw new Error('TerminalAdapter: deleting a sent activity is not supported in the terminal');
  }

  override async continueConversation(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    const event = TurnContext.applyConversationReference({ type: ActivityTypes.Event, name: 'continueConversation' }, { ...this.reference, ...reference }, true);
    await this.runMiddleware(new TurnContext(this, event), logic);
  }
}
