import readline from 'node:readline';
import { ActivityTypes, type Activity, type Middleware, type TurnContext } from 'botbuilder';
import { messages } from '../../../dialogs/messages';
import { OutboxFollower, outboxLine, type OutboxSource } from './outboxLines';
import { renderActivity, type TerminalChoice } from './renderActivity';
import { DEFAULT_TERMINAL_REFERENCE, TerminalAdapter } from './terminalAdapter';

/** Typed on its own line, leaves the chat (full-width ／ｑｕｉｔ works too). */
export const QUIT_COMMAND = '/quit';

/** The bot as the terminal sees it: MadoguchiBot, or any ActivityHandler. */
export interface TerminalBot {
  run(context: TurnContext): Promise<void>;
}

export interface TerminalChatOptions {
  /** The bot to talk to. */
  bot: TerminalBot;
  /** Where the user's lines come from (process.stdin). */
  input: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Where the conversation is printed (process.stdout). */
  output: NodeJS.WritableStream & { isTTY?: boolean };
  /** The demo outbox: messages added during a turn are printed after it. Default: none. */
  outbox?: OutboxSource;
  /** Middleware run before the bot, as on the server. Default: none. */
  middleware?: readonly Middleware[];
  /** A turn that throws ends here (the server's turn error handler fits). Default: prints messages.turnError. */
  onTurnError?: (context: TurnContext, error: Error) => Promise<void>;
  /** ANSI bold for emphasis. Default: whether output is a TTY. */
  color?: boolean;
}

export type TerminalChatEnd = { readonly reason: 'quit' } | { readonly reason: 'end-of-input' };

/**
 * A conversation with the bot in the terminal: the welcome first (a conversationUpdate, as
 * a channel sends when the chat opens), then one turn per line. Buttons are numbered and a
 * number picks one. Ends on /quit or at the end of input.
 */
export async function runTerminalChat(options: TerminalChatOptions): Promise<TerminalChatEnd> {
  const { output } = options;
  const color = options.color ?? output.isTTY === true;
  const print = (lines: readonly string[]) => {
    if (lines.length > 0) output.write(`${lines.join('\n')}\n\n`);
  };

  let turnChoices: TerminalChoice[] = [];
  const adapter = new TerminalAdapter({
    deliver: (activity) => {
      const rendered = renderActivity(activity, { firstNumber: turnChoices.length + 1, color });
      turnChoices.push(...rendered.choices);
      print(rendered.lines);
    },
  });
  for (const m of options.middleware ?? []) adapter.use(m);
  adapter.onTurnError = options.onTurnError ?? (async () => print([messages.turnError]));
  const follower = options.outbox ? new OutboxFollower(options.outbox) : undefined;

  let choices: readonly TerminalChoice[] = [];
  const turn = async (activity: Partial<Activity>) => {
    turnChoices = [];
    await adapter.receive(activity, (context) => options.bot.run(context));
    // Buttons belong to the last reply, as in Web Chat: an answer without buttons clears them.
    choices = turnChoices;
    print((follower?.takeNew() ?? []).map(outboxLine));
  };

  print([messages.terminal.banner]);
  await turn({ type: ActivityTypes.ConversationUpdate, membersAdded: [DEFAULT_TERMINAL_REFERENCE.user ?? { id: 'terminal-user', name: 'you' }] });

  const interactive = options.input.isTTY === true && output.isTTY === true;
  const rl = readline.createInterface({ input: options.input, output, terminal: interactive, crlfDelay: Infinity });
  rl.setPrompt(messages.terminal.userPrompt);
  // Ctrl+C leaves like /quit instead of leaving the terminal in a half-closed state.
  rl.on('SIGINT', () => rl.close());
  rl.prompt();
  try {
    for await (const line of rl) {
      // A terminal echoes what was typed; piped input is not, so the transcript shows it here.
      if (!interactive) output.write(`${line}\n`);
      const command = line.normalize('NFKC').trim();
      if (command.toLowerCase() === QUIT_COMMAND) {
        print([messages.terminal.goodbye]);
        return { reason: 'quit' };
      }
      if (command !== '') await handleLine(line.trim(), command);
      rl.prompt();
    }
  } finally {
    rl.close();
  }
  output.write('\n');
  print([messages.terminal.goodbye]);
  return { reason: 'end-of-input' };

  async function handleLine(text: string, command: string): Promise<void> {
    if (/^\d+$/.test(command) && choices.length > 0) {
      const choice = choices[Number(command) - 1];
      if (!choice) return print([messages.terminal.choiceOutOfRange(choices.length)]);
      if (choice.kind === 'url') return print([messages.terminal.openUrl(choice.title, choice.url)]);
      print([messages.terminal.picked(choice.title)]);
      return turn({ type: ActivityTypes.Message, text: choice.text, textFormat: 'plain', locale: 'ja-JP' });
    }
    return turn({ type: ActivityTypes.Message, text, textFormat: 'plain', locale: 'ja-JP' });
  }
}
