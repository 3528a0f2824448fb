import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What the code deep inside a turn may need to know about the HTTP request that started it,
 * without threading it through the dialogs: the Bot Framework conversation (the demo account
 * service tags what it "sends" with it, so the Web Chat page shows each visitor only their own
 * codes) and the client's address (per-client limits of code requests and guesses).
 * Set by the /api/messages hook (src/limits/messageGuard.ts) around the turn.
 */
export interface RequestScope {
  /** The conversation the activity belongs to (channelId and conversation.id of the activity). */
  readonly conversation?: ConversationTag;
  /** The person's address: the socket's, or the one the local Direct Line forwarded; undefined with Bot Framework authentication (the socket is Azure's). */
  readonly clientAddress?: string;
}

export interface ConversationTag {
  readonly channelId: string;
  readonly conversationId: string;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** Runs `work` (and everything it awaits) inside `scope`. */
export function runInScope<T>(scope: RequestScope, work: () => T): T {
  return storage.run(scope, work);
}

/** The scope of the request being handled, or undefined outside one (timers, proactive work, tests). */
export function currentScope(): RequestScope | undefined {
  return storage.getStore();
}

/** True when two tags name the same conversation. */
export function sameConversation(a: ConversationTag | undefined, b: ConversationTag): boolean {
  return a !== undefined && a.channelId === b.channelId && a.conversationId === b.conversationId;
}
