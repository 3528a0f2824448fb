import { ActionTypes, ActivityTypes, CardFactory, type Activity, type Attachment, type CardAction } from 'botbuilder';
import { messages } from '../../../dialogs/messages';
import { markdownToTerminal } from './terminalMarkdown';

/** A button the user can pick by number: it either says something to the bot or is a link to open. */
export type TerminalChoice =
  | { readonly kind: 'message'; readonly title: string; readonly text: string }
  | { readonly kind: 'url'; readonly title: string; readonly url: string };

export interface RenderedActivity {
  /** Lines to print, choices already numbered. */
  readonly lines: readonly string[];
  /** The choices in the order shown; the first is numbered `firstNumber`. */
  readonly choices: readonly TerminalChoice[];
}

export interface RenderOptions {
  /** Number given to the first choice (choices are numbered across one turn). Default 1. */
  firstNumber?: number;
  /** ANSI bold for emphasis. Default false. */
  color?: boolean;
}

/** How a bot activity looks in the terminal: its text, its cards, and its buttons as numbered choices. */
export function renderActivity(activity: Partial<Activity>, options: RenderOptions = {}): RenderedActivity {
  if (activity.type !== undefined && activity.type !== ActivityTypes.Message) return { lines: [], choices: [] };
  const md = (text: string) => markdownToTerminal(text, { color: options.color }).split('\n');
  const lines: string[] = [];
  const choices: TerminalChoice[] = [];
  const addChoices = (actions: readonly CardAction[] | undefined) => {
    for (const action of actions ?? []) {
      const choice = toChoice(action);
      if (!choice) continue;
      choices.push(choice);
      lines.push(`  [${(options.firstNumber ?? 1) + choices.length - 1}] ${choice.title}`);
    }
  };

  const text = activity.text?.trim();
  if (text) lines.push(...md(text));
  for (const attachment of activity.attachments ?? []) {
    const card = cardParts(attachment);
    if (card.kind === 'buttons') {
      lines.push(...card.body.flatMap(md));
      addChoices(card.buttons);
    } else {
      lines.push(card.line);
    }
  }
  addChoices(activity.suggestedActions?.actions);
  if (lines.length > 0) lines[0] = `${messages.terminal.botLabel} ${lines[0]}`;
  return { lines, choices };
}

type CardParts = { kind: 'buttons'; body: string[]; buttons: CardAction[] } | { kind: 'line'; line: string };

function cardParts(attachment: Attachment): CardParts {
  const content = attachment.content as Record<string, unknown> | undefined;
  const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? [v] : []);
  switch (attachment.contentType) {
    case CardFactory.contentTypes.heroCard:
    case CardFactory.contentTypes.thumbnailCard: {
      const title = str(content?.title).map((t) => `**${t}**`);
      const buttons = Array.isArray(content?.buttons) ? (content.buttons as CardAction[]) : [];
      return { kind: 'buttons', body: [...title, ...str(content?.subtitle), ...str(content?.text)], buttons };
    }
    case CardFactory.contentTypes.adaptiveCard:
      return { kind: 'line', line: str(content?.fallbackText)[0] ?? messages.terminal.cardUnavailable };
    default:
      return { kind: 'line', line: messages.terminal.attachment(attachment.name ?? attachment.contentType) };
  }
}

function toChoice(action: CardAction): TerminalChoice | undefined {
  const title = action.title || (typeof action.value === 'string' ? action.value : '');
  const value = typeof action.value === 'string' ? action.value : undefined;
  switch (action.type) {
    case ActionTypes.ImBack:
    case ActionTypes.PostBack:
      return value !== undefined ? { kind: 'message', title, text: value } : undefined;
    case ActionTypes.MessageBack: {
      const text = action.text ?? action.displayText ?? value;
      return text !== undefined ? { kind: 'message', title, text } : undefined;
    }
    case ActionTypes.OpenUrl:
    case ActionTypes.DownloadFile:
    case ActionTypes.ShowImage:
    case ActionTypes.Signin:
      return value !== undefined ? { kind: 'url', title, url: value } : undefined;
    default:
      return undefined;
  }
}
