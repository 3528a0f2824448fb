import type { ConversationTag } from '../requestScope';

/**
 * What the demo "sent": read by the operator at GET /demo/outbox and by end-to-end tests, and
 * per conversation by the Web Chat page at GET /demo/inbox.
 */

export type OutboxKind =
  | 'security-code'
  /** The demo stands in for the user's authenticator app: its current code lands here. */
  | 'authenticator-code'
  | 'unblock-code'
  | 'recovery-contact-code'
  /** Recovery request received (seed d-4): mailed to the contact address. */
  | 'recovery-received'
  /** Recovery verified (seed e.): the reset link mailed to the contact address. */
  | 'reset-link'
  /** Recovery not verified (seed f.): the notice mailed to the contact address. */
  | 'recovery-result';

export interface OutboxMessage {
  /** The address or phone number as registered (not masked: this is the demo's mailbox). */
  readonly to: string;
  readonly kind: OutboxKind;
  readonly code?: string;
  readonly link?: string;
  /** The recovery request a recovery mail is about. */
  readonly ticketId?: string;
  /** ISO time it was sent. */
  readonly at: string;
}

/** How many messages the outbox keeps before dropping the oldest. */
export const DEFAULT_OUTBOX_CAPACITY = 200;

/** A bounded list, newest first. */
export class Outbox {
  /** The conversation each message was sent from is kept beside it, never in it: the JSON pages read stays as it was. */
  private readonly items: OutboxItem[] = [];
  /** The same items by channel, then conversation id, newest first: the inbox of one conversation without a scan of the whole outbox. */
  private readonly byConversation = new Map<string, Map<string, OutboxItem[]>>();

  /** @param capacity messages kept; the oldest are dropped (default DEFAULT_OUTBOX_CAPACITY). */
  constructor(private readonly capacity: number = DEFAULT_OUTBOX_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`outbox: capacity must be a positive integer (got ${capacity})`);
  }

  /** @param origin the conversation the request came from (src/requestScope.ts); undefined outside a turn. */
  add(message: OutboxMessage, origin?: ConversationTag): void {
    const item: OutboxItem = origin ? { message, origin } : { message };
    this.items.unshift(item);
    if (origin) {
      let channel = this.byConversation.get(origin.channelId);
      if (!channel) this.byConversation.set(origin.channelId, (channel = new Map()));
      const mine = channel.get(origin.conversationId);
      if (mine) mine.unshift(item);
      else channel.set(origin.conversationId, [item]);
    }
    while (this.items.length > this.capacity) {
      const dropped = this.items.pop();
      if (dropped?.origin === undefined) continue;
      // The oldest item of the outbox is the oldest of its conversation: the last of its list.
      const channel = this.byConversation.get(dropped.origin.channelId);
      const mine = channel?.get(dropped.origin.conversationId);
      mine?.pop();
      if (mine?.length === 0) channel?.delete(dropped.origin.conversationId);
      if (channel?.size === 0) this.byConversation.delete(dropped.origin.channelId);
    }
  }

  /** Newest first; a copy, so callers cannot change the outbox. */
  list(): readonly OutboxMessage[] {
    return this.items.map((i) => i.message);
  }

  /** Only what was sent from `conversation`, newest first. */
  listFor(conversation: ConversationTag): readonly OutboxMessage[] {
    return (this.byConversation.get(conversation.channelId)?.get(conversation.conversationId) ?? []).map((i) => i.message);
  }
}

interface OutboxItem {
  readonly message: OutboxMessage;
  readonly origin?: ConversationTag;
}

