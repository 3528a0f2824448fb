import type { Response } from 'restify';
import { messages } from '../../dialogs/messages';

/** Shown to a person (or a channel) that sent too much too fast: Japanese first, as everywhere. */
export const TOO_MANY_REQUESTS_MESSAGE = messages.httpErrors.tooManyRequests;

/**
 * 429 with Retry-After and the body shape of the server's 400s: a Japanese `message` and an
 * English `error` naming what was limited (never the key: it may be an address).
 */
export function sendTooManyRequests(res: Response, retryAfterSeconds: number, what: string): void {
  res.header('Retry-After', String(Math.max(1, Math.ceil(retryAfterSeconds))));
  res.json(429, { error: `madoguchi: too many requests (${what}); retry after ${Math.max(1, Math.ceil(retryAfterSeconds))} s`, message: TOO_MANY_REQUESTS_MESSAGE });
}
