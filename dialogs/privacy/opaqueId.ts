import { hash } from 'node:crypto';

/**
 * A stable opaque id for a conversation: logs, tickets and reports can group turns without
 * holding the channel's id (which can embed a user's name or tenant).
 */
export function opaqueConversationId(conversationId: string): string {
  // crypto.hash: the same digest as createHash, in one call (every event and log line of a turn asks for it).
  return `c_${hash('sha256', `madoguchi:conversation:${conversationId}`, 'hex').slice(0, 20)}`;
}
