import { messages } from '../../../dialogs/messages';
import type { OutboxKind, OutboxMessage } from '../../account/outbox';

/** What the terminal needs from the demo outbox: its messages, newest first (Outbox fits). */
export interface OutboxSource {
  list(): readonly OutboxMessage[];
}

/** Partial: a kind added to the outbox later still prints (under its id) rather than breaking the terminal. */
const KIND_LABELS: Partial<Record<OutboxKind, string>> = messages.terminal.outboxKinds;

/** One line per demo message, as the user would find it in their mailbox or on their phone. */
export function outboxLine(message: OutboxMessage): string {
  const t = messages.terminal;
  const content = message.code ?? message.link;
  const parts = [t.outboxTitle, t.outboxTo(recipient(message)), `${KIND_LABELS[message.kind] ?? message.kind}${content ? `: ${content}` : ''}`];
  if (message.ticketId) parts.push(t.outboxTicket(message.ticketId));
  return parts.join(' ');
}

/**
 * Who the message went to, as the user knows it. An authenticator code is "sent" to the
 * user's app, which the demo records under an internal marker: the user sees the app's name.
 */
function recipient(message: OutboxMessage): string {
  return message.kind === 'authenticator-code' ? messages.terminal.authenticatorApp : message.to;
}

/**
 * Remembers which outbox messages were shown, so each appears once, oldest first.
 * Identity is enough: the outbox hands out the same message objects on every list().
 */
export class OutboxFollower {
  private readonly shown = new WeakSet<OutboxMessage>();

  constructor(private readonly source: OutboxSource) {
    // Whatever was already there belongs to earlier sessions.
    for (const m of source.list()) this.shown.add(m);
  }

  /** Messages added since the last call, oldest first. */
  takeNew(): OutboxMessage[] {
    const fresh = this.source.list().filter((m) => !this.shown.has(m));
    for (const m of fresh) this.shown.add(m);
    return fresh.reverse();
  }
}
