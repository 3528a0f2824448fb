import type { Activity, CloudAdapter, TurnContext } from 'botbuilder';
import type { Request, Response } from 'restify';
import type { Logger } from '../logger';
import { bearerTokenFindings } from './bearerToken';
import { messages } from '../../dialogs/messages';
import type { AuthenticateRequestResult } from './clientReusingAuthentication';

/**
 * How long the identity provider may take to hand over its signing keys before a request is
 * refused: the library's own fetch has no timeout, and a channel gives up on a bot after 15 s.
 */
export const IDENTITY_PROVIDER_TIMEOUT_MS = 10_000;

/** Shown with a 401 (the caller is a channel or a developer: Japanese first, as everywhere). */
export const UNAUTHORIZED_MESSAGE = messages.httpErrors.unauthorized;
/** Shown with a 500: nothing internal (no stack, no URL), only that it was on our side. */
export const INTERNAL_ERROR_MESSAGE = messages.httpErrors.internal;

export const UNAUTHORIZED_ERROR = "madoguchi: unauthorized: the request's token could not be validated";
export const INTERNAL_ERROR = 'madoguchi: internal error while processing the activity';

export interface BotRequestOptions {
  /** The adapter that authenticates and runs the turn. */
  adapter: CloudAdapter;
  /** The turn (the bot's run). */
  logic: (context: TurnContext) => Promise<void>;
  logger: Logger;
  /** Time allowed to authenticate, in ms (default IDENTITY_PROVIDER_TIMEOUT_MS). */
  authTimeoutMs?: number;
}

type AuthVerdict =
  | { readonly ok: true; readonly result: AuthenticateRequestResult }
  | { readonly ok: false; readonly cause: 'rejected' | 'identity provider unreachable'; readonly err: { readonly name: string; readonly message: string } };

/** Error name and message, without the token should a message ever quote it. */
function describeError(error: unknown, authorization: string): { name: string; message: string } {
  const raw = error instanceof Error ? { name: error.name, message: error.message } : { name: 'Error', message: String(error) };
  const token = authorization.split(' ')[1];
  return token && token.length >= 8 ? { name: raw.name, message: raw.message.split(token).join('[token]') } : raw;
}

/**
 * Authenticates with the adapter's own BotFrameworkAuthentication (the one app.ts built from
 * config), so a refusal is decided and answered here rather than inside CloudAdapter, which
 * answers a 500 with the error text (the OpenID metadata URL) when the keys cannot be fetched.
 * Anonymous mode accepts every request here, as CloudAdapter does.
 */
async function authenticate(adapter: CloudAdapter, activity: Activity, authorization: string, timeoutMs: number): Promise<AuthVerdict> {
  // CloudAdapterBase keeps its authentication protected; reading it avoids building a second one from config.
  const authentication = adapter['botFrameworkAuthentication'];
  try {
    const pending = authentication.authenticateRequest(activity, authorization);
    // Without a token there are no keys to fetch: botframework-connector answers from the
    // configuration alone (anonymous claims, or a 401 when authentication is on), so no timer is
    // armed for it (one Timeout per request on the anonymous path: the local Direct Line, the demo).
    return { ok: true, result: await (authorization.trim() === '' ? pending : withinTimeout(pending, timeoutMs)) };
  } catch (error) {
    // AuthenticationError with statusCode 401 is a verdict on the token; anything else (a fetch
    // error, "Failed to load openID config" with 500, the timeout) means the keys were not there to judge it.
    const statusCode = typeof error === 'object' && error !== null ? (error as { statusCode?: unknown }).statusCode : undefined;
    return { ok: false, cause: statusCode === 401 ? 'rejected' : 'identity provider unreachable', err: describeError(error, authorization) };
  }
}

/** `work`, or a rejection once `timeoutMs` have passed without its answer. */
async function withinTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`botRequest: the identity provider did not answer within ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function sendUnauthorized(res: Response): void {
  res.header('WWW-Authenticate', 'Bearer');
  res.json(401, { error: UNAUTHORIZED_ERROR, message: UNAUTHORIZED_MESSAGE });
}

/**
 * Runs one validated activity through CloudAdapter and answers exactly once (issue 10):
 * - a token that cannot be validated, for whatever reason, is a 401 with a log line saying why
 *   (the library's reason, and what the token itself shows), and nothing internal in the body.
 *   An unreachable identity provider is a 401 too: fail closed, one rule, nothing a caller sends
 *   makes the bot answer 5xx; the log line is an error, not a warning, when the token looked
 *   genuine, so an outage is not mistaken for forgeries (see README, Security);
 * - the turn then runs on that authentication, through the adapter's processActivity (process
 *   would authenticate a second time); what it answers is forwarded, except a 5xx, which becomes
 *   a plain 500. With ClientReusingAuthentication (app.ts) no client is built per turn either.
 * The body must have passed activityEnvelopeSchema (server.ts checks it first).
 */
export async function processBotRequest(req: Request, res: Response, options: BotRequestOptions): Promise<void> {
  const { adapter, logger } = options;
  const authorization = req.headers.authorization ?? '';
  // The body was validated by activityEnvelopeSchema, whose fields are those of an Activity.
  const activity = req.body as Activity;
  const verdict = await authenticate(adapter, activity, authorization, options.authTimeoutMs ?? IDENTITY_PROVIDER_TIMEOUT_MS);
  if (!verdict.ok) {
    const findings = bearerTokenFindings(req.headers.authorization);
    const looksGenuine = findings.length === 0;
    const fields = { err: verdict.err, cause: verdict.cause, tokenFindings: findings, channelId: activity.channelId };
    const why = `${verdict.cause}; token: ${looksGenuine ? 'looks like a Bot Framework token' : findings.join(', ')}`;
    if (verdict.cause === 'identity provider unreachable' && looksGenuine) logger.error(fields, `botRequest: /api/messages refused (401), a token that may be genuine could not be checked: ${why}`);
    else logger.warn(fields, `botRequest: /api/messages refused (401): ${why}`);
    if (!res.headersSent) sendUnauthorized(res);
    return;
  }

  // The turn runs on the authentication above: CloudAdapter.process would authenticate a second
  // time and parse the request again with zod. What process does besides, in the same order.
  let status: number;
  let body: unknown;
  try {
    const invokeResponse = await adapter['processActivity'](verdict.result, withParsedTimestamps(activity), options.logic);
    status = invokeResponse?.status ?? OK;
    body = invokeResponse?.body;
  } catch (error) {
    status = 500;
    body = error instanceof Error ? error.message : String(error);
  }
  if (res.headersSent) {
    logger.error({ status }, 'botRequest: the response was already sent; the adapter result is dropped');
    return;
  }
  if (status >= 500) {
    logger.error({ status, err: { message: String(body) }, channelId: activity.channelId, activityType: activity.type }, 'botRequest: the adapter failed after authentication (500)');
    res.json(500, { error: INTERNAL_ERROR, message: INTERNAL_ERROR_MESSAGE });
    return;
  }
  // As CloudAdapter.process ends a response: the status, and the body when there is one.
  if (!body) {
    res.status(status);
    res.end();
  } else {
    res.send(status, body);
  }
}

/** The status of a turn that returns no invoke response (CloudAdapter's default). */
const OK = 200;

/**
 * What botbuilder's validateAndFixActivity does to a request body (CloudAdapter.process calls it;
 * botbuilder does not export it): timestamps arrive as strings and become Dates, the text kept beside.
 */
function withParsedTimestamps(activity: Activity): Activity {
  // The body is JSON, so these fields are strings whatever Activity says; the raw* fields are botbuilder's, untyped.
  const raw: { timestamp?: unknown; expiration?: unknown; localTimestamp?: unknown } = activity;
  const fixed: Activity & { rawTimestamp?: string; rawExpiration?: string; rawLocalTimestamp?: string } = activity;
  if (typeof raw.timestamp === 'string') {
    fixed.rawTimestamp = raw.timestamp;
    fixed.timestamp = new Date(raw.timestamp);
  }
  if (typeof raw.expiration === 'string') {
    fixed.rawExpiration = raw.expiration;
    fixed.expiration = new Date(raw.expiration);
  }
  if (typeof raw.localTimestamp === 'string') {
    fixed.rawLocalTimestamp = raw.localTimestamp;
    fixed.localTimestamp = new Date(raw.localTimestamp);
  }
  return fixed;
}
