import { ActivityTypes, TeamsActivityHandler, type BotHandler, type ConversationState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
import { StateKeys } from '../../dialogs/ids';
import { welcomeReply } from '../../dialogs/replies';
import type { RootDialog } from '../../dialogs/rootDialog';
import type { HandoffCoordinator } from '../../dialogs/handoff/handoffCoordinator';
import { isHandoffStatus } from '../../dialogs/handoff/handoffProtocol';
import type { BotMetrics } from '../telemetry/metrics';

export interface MadoguchiBotOptions {
  /** Where dialog state lives between turns. */
  conversationState: ConversationState;
  /** The conversation's top-level dialog. */
  rootDialog: RootDialog;
  /** Answers handoff.status events from an agent hub; default: none (they are ignored). */
  handoff?: HandoffCoordinator;
  /** Times each turn (madoguchi_turn_latency_seconds); default: not measured. */
  metrics?: BotMetrics;
}

/**
 * botbuilder-dialogs' turn-state key for the memory scopes and path resolvers of its dialog
 * contexts (DialogStateManager). Without it, the first dialog context of every turn builds them
 * all again from the component registry, although they hold no state of their own (each reads
 * the turn it is given).
 */
const DIALOG_STATE_MANAGER_CONFIGURATION = 'DialogStateManagerConfiguration';

/**
 * The activity handler: messages go to the root dialog, new members get the welcome.
 * TeamsActivityHandler behaves like ActivityHandler on other channels.
 */
export class MadoguchiBot extends TeamsActivityHandler {
  private readonly conversationState: ConversationState;
  private readonly dialogState: StatePropertyAccessor<DialogState>;
  private readonly metrics: BotMetrics | undefined;
  /** The memory scopes and path resolvers built on the first turn, handed to every later one. */
  private dialogStateConfiguration: unknown;
  private readonly rootDialog: RootDialog;
  /** True while no handler beyond the constructor's was registered: a message then goes straight to the root dialog (see handleActivity). */
  private ownHandlersOnly = false;

  constructor(options: MadoguchiBotOptions) {
    super();
    this.conversationState = options.conversationState;
    this.dialogState = options.conversationState.createProperty<DialogState>(StateKeys.dialogState);
    this.metrics = options.metrics;
    this.rootDialog = options.rootDialog;

    this.onEvent(async (context, next) => {
      if (options.handoff && isHandoffStatus(context.activity)) await options.handoff.onHandoffStatus(context);
      await next();
    });

    this.onMessage(async (context, next) => {
      await this.rootDialog.run(context, this.dialogState);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      // server.ts checks membersAdded at the edge; other hosts (the terminal, tests) may not, so a non-list welcomes no one.
      const members: unknown = context.activity.membersAdded;
      const added = Array.isArray(members) ? context.activity.membersAdded ?? [] : [];
      // In a Teams channel or group chat, welcome once when the bot joins, not each time a person joins the team.
      const shared = context.activity.channelId === 'msteams' && context.activity.conversation?.conversationType !== 'personal';
      const welcome = shared ? added.some((m) => m.id === botId) : added.some((m) => m.id !== botId);
      if (welcome) await context.sendActivity(welcomeReply());
      await next();
    });
    this.ownHandlersOnly = true;
  }

  /*
   * A handler registered from outside (a host, a test) runs as ActivityHandler runs it: registering
   * one ends the shortcut of run for messages.
   */
  override onTurn(handler: BotHandler): this {
    this.ownHandlersOnly = false;
    return super.onTurn(handler);
  }

  override onMessage(handler: BotHandler): this {
    this.ownHandlersOnly = false;
    return super.onMessage(handler);
  }

  override onDialog(handler: BotHandler): this {
    this.ownHandlersOnly = false;
    return super.onDialog(handler);
  }

  /**
   * The turn's handlers: a message goes straight to the root dialog when the only handler that
   * would run for it is the constructor's onMessage. ActivityHandler would get there through its
   * Turn, Message and Dialog handler chains (a dozen async frames per turn, with no handler in
   * them but that one); everything else, and any bot given more handlers, goes through it.
   */
  private async handleActivity(context: TurnContext): Promise<void> {
    if (this.ownHandlersOnly && context.activity.type === ActivityTypes.Message) await this.rootDialog.run(context, this.dialogState);
    else await super.run(context);
  }

  /** Saves state after every turn, whatever the handlers did. */
  override async run(context: TurnContext): Promise<void> {
    const turn = async () => {
      if (this.dialogStateConfiguration !== undefined) context.turnState.set(DIALOG_STATE_MANAGER_CONFIGURATION, this.dialogStateConfiguration);
      await this.handleActivity(context);
      this.dialogStateConfiguration ??= context.turnState.get(DIALOG_STATE_MANAGER_CONFIGURATION);
      await this.conversationState.saveChanges(context, false);
    };
    await (this.metrics ? this.metrics.timeTurn(turn) : turn());
  }
}
