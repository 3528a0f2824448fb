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
  /** Aborting ends the chat like the end of input (after the turn in progress). Default: none. */
  signal?: AbortSignal;
}

export type TerminalChatEnd = { readonly reason: 'quit' } | { readonly reason: 'end-of-input' };

/**
 * The longest bare number read as a choice number. Choices are numbered from 1 and a turn
 * never offers anywhere near 100, while the steps that expect digits expect more of them
 * (6-digit codes, phone numbers, postal codes, card digits): a longer number is an answer.
 */
export const MAX_CHOICE_DIGITS = 2;

/** What a typed line means while `choiceCount` numbered choices are shown. */
export type TypedLine = { readonly kind: 'choice'; readonly index: number } | { readonly kind: 'out-of-range' } | { readonly kind: 'text' };

/**
 * Whether a line picks a numbered choice. Only a bare 1–2 digit number does (１ and ２ too:
 * `command` is NFKC-normalized): within the range it picks that choice, outside it the user
 * is told the range, since so short a number is not a plausible answer to any step. Anything
 * else, a 6-digit code at the code step included, goes to the bot as typed: the bot reads
 * words at every step, so 「SMS」 or 「コードを再送する」 work as well as the numbers.
 */
export function readTypedLine(command: string, choiceCount: number): TypedLine {
  if (choiceCount === 0 || !new RegExp(`^\\d{1,${MAX_CHOICE_DIGITS}}$`).test(command)) return { kind: 'text' };
  const n = Number(command);
  return n >= 1 && n <= choiceCount ? { kind: 'choice', index: n - 1 } : { kind: 'out-of-range' };
}

/**
 * A conversation with the bot in the terminal: the welcome first (a conversationUpdate, as
 * a channel sends when the chat opens), then one turn per line. Buttons are numbered and a
 * short number picks one (readTypedLine). Ends on /quit, at the end of input, or on abort.
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

  // Interrupted while the welcome was being written: readline's iterator never ends if the
  // interface closes before iteration starts, so there is nothing to read at all.
  if (options.signal?.aborted) return endOfInput();

  const interactive = options.input.isTTY === true && output.isTTY === true;
  const rl = readline.createInterface({ input: options.input, output, terminal: interactive, crlfDelay: Infinity });
  rl.setPrompt(messages.terminal.userPrompt);
  // Ctrl+C leaves like /quit instead of leaving the terminal in a half-closed state.
  rl.on('SIGINT', () => rl.close());
  const onAbort = () => rl.close();
  options.signal?.addEventListener('abort', onAbort, { once: true });
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
    options.signal?.removeEventListener('abort', onAbort);
    rl.close();
  }
  return endOfInput();

  function endOfInput(): TerminalChatEnd {
    output.write('\n');
    print([messages.terminal.goodbye]);
    return { reason: 'end-of-input' };
  }

  async function handleLine(text: string, command: string): Promise<void> {
    const typed = readTypedLine(command, choices.length);
    if (typed.kind === 'out-of-range') return print([messages.terminal.choiceOutOfRange(choices.length)]);
    const choice = typed.kind === 'choice' ? choices[typed.index] : undefined;
    if (choice) {
      if (choice.kind === 'url') return print([messages.terminal.openUrl(choice.title, choice.url)]);
      print([messages.terminal.picked(choice.title)]);
      return turn({ type: ActivityTypes.Message, text: choice.text, textFormat: 'plain', locale: 'ja-JP' });
    }
    return turn({ type: ActivityTypes.Message, text, textFormat: 'plain', locale: 'ja-JP' });
  }
}
