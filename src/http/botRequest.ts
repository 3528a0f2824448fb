import type { Activity, CloudAdapter, TurnContext } from 'botbuilder';
import type { Request, Response } from 'restify';
import type { Logger } from '../logger';
import { bearerTokenFindings } from './bearerToken';
import { messages } from '../../dialogs/messages';

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
  | { readonly ok: true }
  | { readonly ok: false; readonly cause: 'rejected' | 'identity provider unreachable'; readonly err: { readonly name: string; readonly message: string } };

/** What CloudAdapter writes, kept so that this module writes the real response once, and never an internal message. */
class RecordedResponse {
  statusCode = 200;
  body: unknown = undefined;
  readonly headers: [string, string][] = [];

  constructor(readonly socket: unknown) {}

  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  header(name: string, value: unknown): this {
    this.headers.push([name, String(value)]);
    return this;
  }

  send(body?: unknown): this {
    this.body = body;
    return this;
  }

  end(): this {
    return this;
  }
}

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
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`botRequest: the identity provider did not answer within ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
  });
  try {
    await Promise.race([authentication.authenticateRequest(activity, authorization), timeout]);
    return { ok: true };
  } catch (error) {
    // AuthenticationError with statusCode 401 is a verdict on the token; anything else (a fetch
    // error, "Failed to load openID config" with 500, the timeout) means the keys were not there to judge it.
    const statusCode = typeof error === 'object' && error !== null ? (error as { statusCode?: unknown }).statusCode : undefined;
    return { ok: false, cause: statusCode === 401 ? 'rejected' : 'identity provider unreachable', err: describeError(error, authorization) };
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
 * - whatever CloudAdapter answers is forwarded, except a 5xx, which becomes a plain 500.
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

  const recorded = new RecordedResponse(res.socket);
  try {
    await adapter.process(req, recorded, options.logic);
  } catch (error) {
    recorded.status(500).send(error instanceof Error ? error.message : String(error));
  }
  if (res.headersSent) {
    logger.error({ status: recorded.statusCode }, 'botRequest: the response was already sent; the adapter result is dropped');
    return;
  }
  if (recorded.statusCode === 401) {
    // The keys changed between our check and the adapter's: the same answer as above.
    logger.warn({ cause: 'rejected', err: { name: 'AuthenticationError', message: String(recorded.body) } }, 'botRequest: /api/messages refused (401) by the adapter');
    sendUnauthorized(res);
    return;
  }
  if (recorded.statusCode >= 500) {
    logger.error({ status: recorded.statusCode, err: { message: String(recorded.body) }, channelId: activity.channelId, activityType: activity.type }, 'botRequest: the adapter failed after authentication (500)');
    res.json(500, { error: INTERNAL_ERROR, message: INTERNAL_ERROR_MESSAGE });
    return;
  }
  for (const [name, value] of recorded.headers) res.header(name, value);
  if (recorded.body === undefined) {
    res.status(recorded.statusCode);
    res.end();
  } else {
    res.send(recorded.statusCode, recorded.body);
  }
}
