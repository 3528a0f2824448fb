import type { AddressInfo } from 'node:net';
import type { Request, Response, Server } from 'restify';
import { FORWARDED_CLIENT_HEADER, socketAddress } from '../../limits/clientAddress';
import { LIMIT_NAMES, MemoryLimiter, type Limiter } from '../../limits/limiter';
import { clientKey } from '../../limits/limitKeys';
import { DEFAULT_LIMITS, MessageLimits } from '../../limits/limits';
import { sendTooManyRequests } from '../../limits/tooManyRequests';
import type { Logger } from '../../logger';
import { isRecord, property } from '../../unknownValues';
import { acceptableUserId, botActivity, clientActivity, conversationStartActivity, DIRECTLINE_CHANNEL_ID, type BotIdentity } from './activities';
import { deliverToBot, type DeliveryResult } from './botDelivery';
import { ConversationStore, isActivityOf, type Conversation, type ConversationStoreOptions, type TokenCheck } from './conversationStore';

/** Where the Direct Line routes live, as on directline.botframework.com. */
export const DIRECTLINE_PATH = '/v3/directline';
/** Bot id used in recipient and membersAdded when none is given. */
export const DEFAULT_BOT_ID = 'madoguchi';

export interface DirectLineOptions {
  /** The bot's display name in recipient and membersAdded. */
  botName: string;
  /** The bot's id in recipient and membersAdded (default DEFAULT_BOT_ID). */
  botId?: string;
  logger: Logger;
  /** Limits and clock of the conversation store (defaults in conversationStore.ts). */
  store?: ConversationStoreOptions;
  /** This server's base URL, used as serviceUrl and to reach /api/messages (default: derived from the listening address). */
  baseUrl?: string;
  /** Total time allowed to deliver one activity to the bot, in ms (default DEFAULT_DELIVERY_TIMEOUT_MS). */
  deliveryTimeoutMs?: number;
  /** Per-client request limits (issue 10; default: in-memory limiters of DEFAULT_LIMITS' rates, message limits of its own). */
  limits?: DirectLineLimits;
}

export interface DirectLineLimits {
  /** POST /tokens/generate per client address (createLimiters(…).directLineTokensPerClient). */
  readonly tokensPerClient: Limiter;
  /** POST /conversations and GET /conversations/:id (start, reconnect) per client address (createLimiters(…).directLineStartsPerClient). */
  readonly startsPerClient: Limiter;
  /** Activities posted, per client address and per conversation: the buckets /api/messages uses too. */
  readonly messages: MessageLimits;
}

/** What registerDirectLine hands back: the state, and a way to wait for deliveries in flight. */
export interface DirectLineEndpoint {
  readonly store: ConversationStore;
  /** Resolves when every delivery to the bot started so far has finished. */
  idle(): Promise<void>;
}

type ErrorCode = 'BadArgument' | 'TokenExpired' | 'Forbidden' | 'NotFound' | 'TooManyConversations' | 'BotError' | 'ServiceUnavailable';

function sendError(res: Response, status: number, code: ErrorCode, message: string): void {
  res.json(status, { error: { code, message } });
}

function bearer(req: Request): string | undefined {
  const header = req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

function queryString(req: Request, name: string): string | undefined | null {
  const value = property(req.query, name);
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : null;
}

function refusal(res: Response, check: Exclude<TokenCheck, { ok: true }>): void {
  if (check.status === 404) sendError(res, 404, 'NotFound', 'directline: the conversation does not exist or has expired');
  else if (check.reason === 'wrong-conversation') sendError(res, 403, 'Forbidden', 'directline: the token is not valid for this conversation');
  else sendError(res, 403, 'TokenExpired', 'directline: the token is missing, invalid or expired');
}

function conversationAnswer(conversationId: string, token: string, expiresIn: number) {
  return { conversationId, token, expires_in: expiresIn };
}

/**
 * A local Direct Line v3 service on the bot's own server, enough for botframework-directlinejs
 * (and so Web Chat) in polling mode, plus the Bot Connector routes the bot's replies come back
 * through. Activities reach the bot by HTTP POST to its /api/messages with channelId
 * "directline" and this server as serviceUrl, as Azure's Direct Line delivers them.
 * Only for anonymous (local) mode: the bot must accept unauthenticated requests.
 */
export function registerDirectLine(server: Server, options: DirectLineOptions): DirectLineEndpoint {
  const store = new ConversationStore(options.store);
  const bot: BotIdentity = { id: options.botId ?? DEFAULT_BOT_ID, name: options.botName };
  const pending = new Set<Promise<DeliveryResult>>();
  const log = options.logger;
  const limits: DirectLineLimits = options.limits ?? {
    tokensPerClient: new MemoryLimiter({ name: LIMIT_NAMES.directLineTokensPerClient, rate: DEFAULT_LIMITS.directLineTokensPerClient }),
    startsPerClient: new MemoryLimiter({ name: LIMIT_NAMES.directLineStartsPerClient, rate: DEFAULT_LIMITS.directLineStartsPerClient }),
    messages: MessageLimits.inMemory(DEFAULT_LIMITS),
  };
  const tokenLimiter = limits.tokensPerClient;
  const startLimiter = limits.startsPerClient;
  /** Spends one request of this client from `limiter`, or answers 429 and resolves false. */
  const allowed = async (limiter: Limiter, client: string, res: Response, what: string): Promise<boolean> => {
    const verdict = await limiter.take(clientKey(client));
    if (verdict.ok) return true;
    log.warn({ limit: what, retryAfterSeconds: verdict.retryAfterSeconds }, 'directline: rate limit reached (429)');
    sendTooManyRequests(res, verdict.retryAfterSeconds, `directline ${what} per client`);
    return false;
  };

  const baseUrl = (): string => {
    if (options.baseUrl) return options.baseUrl.replace(/\/+$/, '');
    const address = server.address() as AddressInfo | string | null;
    if (!address || typeof address === 'string') throw new Error('directline: the server is not listening on a TCP port; pass baseUrl');
    const wildcard = address.address === '0.0.0.0' || address.address === '::';
    const host = wildcard ? '127.0.0.1' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  };

  /** Deliveries run in order per conversation; each returns the bot's verdict. */
  const enqueue = (conversation: Conversation, activity: Record<string, unknown>, client: string): Promise<DeliveryResult> => {
    // The bot sees loopback: the header names the person, so its per-client limits apply to them.
    const headers = { [FORWARDED_CLIENT_HEADER]: client };
    const result = conversation.deliveries.then(() =>
      deliverToBot(activity, { endpoint: `${baseUrl()}/api/messages`, timeoutMs: options.deliveryTimeoutMs, headers }),
    );
    conversation.deliveries = result.then(() => undefined);
    pending.add(result);
    void result.then((outcome) => {
      pending.delete(result);
      if (!outcome.ok) log.warn({ conversationId: conversation.id, type: activity.type, status: outcome.status, reason: outcome.reason }, 'directline: the bot did not accept an activity');
    });
    return result;
  };

  /** The first start (or reconnect) tells the bot that the bot and the user joined. */
  const ensureStarted = (conversation: Conversation, body: unknown, client: string): boolean => {
    if (conversation.started) return false;
    conversation.started = true;
    if (isRecord(body)) {
      const userId = property(body, 'user', 'id');
      const { locale } = body;
      if (conversation.userId === undefined && acceptableUserId(userId)) conversation.userId = userId;
      if (typeof locale === 'string' && locale.length <= 20) conversation.locale = locale;
    }
    void enqueue(conversation, conversationStartActivity(conversation, bot, baseUrl()), client);
    log.info({ conversationId: conversation.id }, 'directline: conversation started');
    return true;
  };

  server.post(`${DIRECTLINE_PATH}/tokens/generate`, async (req, res) => {
    const user = property(req.body, 'user', 'id');
    if (user !== undefined && !acceptableUserId(user)) {
      sendError(res, 400, 'BadArgument', 'directline: user.id must be a non-empty string of at most 128 characters not starting with "dl_"');
      return;
    }
    const client = socketAddress(req);
    if (!(await allowed(tokenLimiter, client, res, 'token generation'))) return;
    const created = store.create(user, client);
    if (!created.ok && created.reason === 'too-many-for-client') {
      log.warn({ limit: store.maxConversationsPerClient }, 'directline: per-client conversation limit reached (429)');
      return sendTooManyRequests(res, created.retryAfterSeconds, `directline conversations per client, limit ${store.maxConversationsPerClient}`);
    }
    if (!created.ok) {
      log.warn({ conversations: store.size }, 'directline: conversation limit reached');
      res.header('Retry-After', String(created.retryAfterSeconds));
      sendError(res, 429, 'TooManyConversations', `directline: too many conversations (limit ${store.maxConversations}); try again later`);
      return;
    }
    res.json(200, conversationAnswer(created.token.conversationId, created.token.token, created.token.expiresIn));
  });

  server.post(`${DIRECTLINE_PATH}/tokens/refresh`, async (req, res) => {
    const check = store.check(bearer(req));
    if (!check.ok) return refusal(res, check);
    const issued = store.issueToken(check.conversation);
    res.json(200, conversationAnswer(issued.conversationId, issued.token, issued.expiresIn));
  });

  server.post(`${DIRECTLINE_PATH}/conversations`, async (req, res) => {
    const client = socketAddress(req);
    if (!(await allowed(startLimiter, client, res, 'conversation starts'))) return;
    const check = store.check(bearer(req));
    if (!check.ok) return refusal(res, check);
    const started = ensureStarted(check.conversation, req.body, client);
    res.json(started ? 201 : 200, conversationAnswer(check.conversation.id, check.token, store.expiresIn(check.token)));
  });

  server.get(`${DIRECTLINE_PATH}/conversations/:conversationId`, async (req, res) => {
    const client = socketAddress(req);
    if (!(await allowed(startLimiter, client, res, 'conversation starts'))) return;
    const check = store.check(bearer(req), req.params.conversationId);
    if (!check.ok) return refusal(res, check);
    ensureStarted(check.conversation, undefined, client);
    res.json(200, conversationAnswer(check.conversation.id, check.token, store.expiresIn(check.token)));
  });

  server.get(`${DIRECTLINE_PATH}/conversations/:conversationId/activities`, async (req, res) => {
    const check = store.check(bearer(req), req.params.conversationId);
    if (!check.ok) return refusal(res, check);
    const watermark = queryString(req, 'watermark');
    const result = watermark === null ? { ok: false as const } : store.since(check.conversation, watermark);
    if (!result.ok) return sendError(res, 400, 'BadArgument', 'directline: watermark must be empty or a number from a previous answer');
    res.json(200, { activities: result.activities, watermark: result.watermark });
  });

  server.post(`${DIRECTLINE_PATH}/conversations/:conversationId/activities`, async (req, res) => {
    const check = store.check(bearer(req), req.params.conversationId);
    if (!check.ok) return refusal(res, check);
    const conversation = check.conversation;
    const client = socketAddress(req);
    const verdict = await limits.messages.take(client, DIRECTLINE_CHANNEL_ID, conversation.id);
    if (!verdict.ok) {
      log.warn({ retryAfterSeconds: verdict.retryAfterSeconds }, 'directline: message rate limit reached (429)');
      return sendTooManyRequests(res, verdict.retryAfterSeconds, 'messages per client or per conversation');
    }
    const built = clientActivity(req.body, conversation, bot, baseUrl());
    if (!built.ok) return sendError(res, 400, 'BadArgument', built.error);
    // The user's own message goes into the stream first, as Azure's echo does, so it precedes the reply.
    const { serviceUrl: _notShownToClients, ...visible } = built.activity;
    const stored = store.append(conversation, visible);
    const outcome = await enqueue(conversation, { ...built.activity, id: stored.id }, client);
    if (!outcome.ok) {
      const busy = outcome.status === 503 || outcome.reason === 'timeout';
      return sendError(res, busy ? 503 : 502, busy ? 'ServiceUnavailable' : 'BotError', `directline: the bot did not accept the activity (${outcome.reason}${outcome.status ? ` ${outcome.status}` : ''})`);
    }
    res.json(200, { id: stored.id });
  });

  // Bot Connector routes: CloudAdapter sends the bot's replies to serviceUrl, which is us.
  const fromBot = (req: Request, res: Response, replyToId: string | undefined): void => {
    const conversation = store.get(req.params.conversationId);
    if (!conversation) return sendError(res, 404, 'NotFound', 'directline: the conversation does not exist or has expired');
    // A proactive message replies to an id the bot made up (see botActivity): not kept.
    const built = botActivity(req.body, conversation, replyToId !== undefined && isActivityOf(conversation, replyToId) ? replyToId : undefined);
    if (!built.ok) return sendError(res, 400, 'BadArgument', built.error);
    // Trace activities are for the Emulator; Azure's Direct Line drops them too.
    if (built.activity.type === 'trace') return void res.json(200, { id: '' });
    const stored = store.append(conversation, built.activity);
    res.json(200, { id: stored.id });
  };
  server.post('/v3/conversations/:conversationId/activities', async (req, res) => fromBot(req, res, undefined));
  server.post('/v3/conversations/:conversationId/activities/:activityId', async (req, res) => fromBot(req, res, req.params.activityId));

  return {
    store,
    idle: async () => {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
