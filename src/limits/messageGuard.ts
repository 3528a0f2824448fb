import type { Request, Response } from 'restify';
import type { Logger } from '../logger';
import { runInScope } from '../requestScope';
import { forwardedClientAddress, socketAddress } from './clientAddress';
import type { MessageLimits } from './limits';
import { sendTooManyRequests } from './tooManyRequests';

/** What server.ts calls around one turn of /api/messages: answer 429, or run the turn inside its request scope. */
export type MessageGuard = (req: Request, res: Response, turn: () => Promise<void>) => Promise<void>;

export interface MessageGuardOptions {
  /** Anonymous mode: the socket is the person (or the local Direct Line speaking for one), so per-client limits apply. */
  anonymous: boolean;
  /** The message buckets, shared with the local Direct Line. */
  limits: MessageLimits;
  logger: Logger;
}

/**
 * The /api/messages hook (issue 10). In anonymous mode it limits activities per client address
 * and per conversation; an activity the local Direct Line forwards (its header, believed only
 * from loopback) was limited there already and carries the person's address. In every mode it
 * runs the turn inside the request scope (src/requestScope.ts). Called after the body is
 * validated, so the conversation is known.
 */
export function createMessageGuard(options: MessageGuardOptions): MessageGuard {
  return async (req, res, turn) => {
    const activity = req.body as { channelId: string; conversation: { id: string } };
    const conversation = { channelId: activity.channelId, conversationId: activity.conversation.id };
    if (!options.anonymous) return runInScope({ conversation }, turn);
    const forwarded = forwardedClientAddress(req);
    const clientAddress = forwarded ?? socketAddress(req);
    if (forwarded === undefined) {
      const verdict = await options.limits.take(clientAddress, conversation.channelId, conversation.conversationId);
      if (!verdict.ok) {
        // Neither the address nor the conversation id is logged: the channel is enough to tell floods apart.
        options.logger.warn({ channelId: conversation.channelId, retryAfterSeconds: verdict.retryAfterSeconds }, 'messageGuard: /api/messages rate limit reached (429)');
        return sendTooManyRequests(res, verdict.retryAfterSeconds, 'messages per client or per conversation');
      }
    }
    return runInScope({ conversation, clientAddress }, turn);
  };
}
