import { createHash } from 'node:crypto';

/**
 * A stable opaque id for a conversation: logs, tickets and reports can group turns without
 * holding the channel's id (which can embed a user's name or tenant).
 */
export function opaqueConversationId(conversationId: string): string {
  return `c_${createHash('sha256').update(`madoguchi:conversation:${conversationId}`).digest('hex').slice(0, 20)}`;
}
