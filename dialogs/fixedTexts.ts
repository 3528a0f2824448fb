import { messages } from './messages';

/**
 * Every fixed text of dialogs/messages.ts (strings and lists of strings; not the templates, whose
 * results carry values): the bot's own words, which hold no personal data. The history redacts
 * such a text through the redaction memo whatever redaction does to it (a prompt's example phone
 * number), and a user message that is one (a button pressed: 役に立った, 送信する) too, so the
 * dictionary reads it once per process instead of once per turn; wordKey keeps their keys.
 */
let fixedTexts: ReadonlySet<string> | undefined;

function collect(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) for (const item of value) collect(item, into);
  else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) collect(item, into);
}

/** True when `text` is exactly one of the fixed texts of dialogs/messages.ts. */
export function isFixedText(text: string): boolean {
  if (fixedTexts === undefined) {
    const all = new Set<string>();
    collect(messages, all);
    fixedTexts = all;
  }
  return fixedTexts.has(text);
}
