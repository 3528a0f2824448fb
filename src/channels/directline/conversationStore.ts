import { randomBytes } from 'node:crypto';

/** Most conversations held at once (started or reserved by a token); more are refused with 429. */
export const DEFAULT_MAX_CONVERSATIONS = 1_000;
/** Most activities kept per conversation; the oldest are dropped first (a client further behind misses them). */
export const DEFAULT_MAX_ACTIVITIES_PER_CONVERSATION = 500;
/** A conversation nobody touched for this long is deleted (its tokens then get 404). */
export const DEFAULT_CONVERSATION_IDLE_MS = 60 * 60 * 1000;
/** Most conversations one client address holds at once (issue 10), so one client cannot take all of maxConversations. */
export const DEFAULT_MAX_CONVERSATIONS_PER_CLIENT = 50;
/** Token lifetime, as Azure's Direct Line (directline-js refreshes every 15 minutes). */
export const DEFAULT_TOKEN_TTL_MS = 30 * 60 * 1000;
/** Live tokens per conversation; a refresh beyond this revokes the oldest. */
export const MAX_TOKENS_PER_CONVERSATION = 4;
/** Expired conversations and tokens are swept at most this often (lookups check expiry exactly). */
export const SWEEP_INTERVAL_MS = 10_000;

export interface ConversationStoreOptions {
  /** Most conversations held at once (default DEFAULT_MAX_CONVERSATIONS). */
  maxConversations?: number;
  /** Most conversations held at once for one client address (default DEFAULT_MAX_CONVERSATIONS_PER_CLIENT). */
  maxConversationsPerClient?: number;
  /** Most activities kept per conversation (default DEFAULT_MAX_ACTIVITIES_PER_CONVERSATION). */
  maxActivitiesPerConversation?: number;
  /** Inactivity after which a conversation is deleted, in ms (default DEFAULT_CONVERSATION_IDLE_MS). */
  conversationIdleMs?: number;
  /** Token lifetime in ms (default DEFAULT_TOKEN_TTL_MS). */
  tokenTtlMs?: number;
  /** Clock in ms since the epoch (default Date.now); tests pass a fake to test expiry. */
  now?: () => number;
}

/** An activity as stored in a conversation's stream: a plain JSON object with an id. */
export type StreamActivity = Record<string, unknown> & { id: string };

export interface Conversation {
  readonly id: string;
  /** The address of the client that generated its token, for the per-client cap; undefined: not counted. */
  readonly client?: string;
  /** User id bound when the token was generated or the conversation started; undefined: the client's from.id is kept. */
  userId?: string;
  /** Id used for the user in membersAdded when none is bound. */
  readonly defaultUserId: string;
  locale?: string;
  /** False until a client POSTs /conversations (the bot has not been told yet). */
  started: boolean;
  lastActiveAt: number;
  /** Sequence number of the next activity; the watermark is the last one's. */
  nextSeq: number;
  readonly activities: { seq: number; activity: StreamActivity }[];
  /** Deliveries to the bot run one after the other, so the welcome precedes the first answer. */
  deliveries: Promise<void>;
  readonly tokens: string[];
}

export interface IssuedToken {
  readonly token: string;
  readonly conversationId: string;
  /** Seconds until the token expires, as Direct Line's expires_in. */
  readonly expiresIn: number;
}

export type TokenCheck =
  | { ok: true; conversation: Conversation; token: string }
  | { ok: false; status: 403; reason: 'invalid-token' | 'wrong-conversation' }
  | { ok: false; status: 404; reason: 'unknown-conversation' };

export type CreateResult =
  | { ok: true; conversation: Conversation; token: IssuedToken }
  /** retryAfterSeconds: when the soonest conversation (of the client, or of all) expires if left idle. */
  | { ok: false; reason: 'too-many-conversations' | 'too-many-for-client'; retryAfterSeconds: number };

export type WatermarkResult = { ok: true; activities: StreamActivity[]; watermark: string } | { ok: false; reason: 'bad-watermark' };

interface TokenRecord {
  readonly conversationId: string;
  readonly expiresAt: number;
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`directline: ${name} must be a positive integer (got ${v})`);
  return v;
}

/** Random, URL-safe, unguessable. */
function randomId(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** Activity ids look like Azure's: `<conversationId>|<7-digit sequence>`. */
export function activityId(conversationId: string, seq: number): string {
  return `${conversationId}|${String(seq).padStart(7, '0')}`;
}

/** True when `id` is an activity id this store gave out in `conversation` (even one since dropped from the stream). */
export function isActivityOf(conversation: Conversation, id: string): boolean {
  const prefix = `${conversation.id}|`;
  if (!id.startsWith(prefix)) return false;
  const seq = id.slice(prefix.length);
  return /^\d{7,15}$/.test(seq) && Number(seq) < conversation.nextSeq;
}

/**
 * The in-memory state of the local Direct Line: conversations, their activity streams and
 * their tokens, with every collection bounded. Knows nothing about HTTP.
 */
export class ConversationStore {
  readonly maxConversations: number;
  readonly maxConversationsPerClient: number;
  readonly maxActivitiesPerConversation: number;
  readonly conversationIdleMs: number;
  readonly tokenTtlMs: number;
  private readonly now: () => number;
  private readonly conversations = new Map<string, Conversation>();
  /** Live conversation ids per client address; an address with none is removed (bounded by the conversations). */
  private readonly byClient = new Map<string, Set<string>>();
  /** Insertion order is issue order, so the oldest tokens are evicted first when over the cap. */
  private readonly tokens = new Map<string, TokenRecord>();
  private lastSweep = 0;

  constructor(options: ConversationStoreOptions = {}) {
    this.maxConversations = positiveInteger('maxConversations', options.maxConversations, DEFAULT_MAX_CONVERSATIONS);
    this.maxConversationsPerClient = positiveInteger('maxConversationsPerClient', options.maxConversationsPerClient, DEFAULT_MAX_CONVERSATIONS_PER_CLIENT);
    this.maxActivitiesPerConversation = positiveInteger('maxActivitiesPerConversation', options.maxActivitiesPerConversation, DEFAULT_MAX_ACTIVITIES_PER_CONVERSATION);
    this.conversationIdleMs = positiveInteger('conversationIdleMs', options.conversationIdleMs, DEFAULT_CONVERSATION_IDLE_MS);
    this.tokenTtlMs = positiveInteger('tokenTtlMs', options.tokenTtlMs, DEFAULT_TOKEN_TTL_MS);
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.conversations.size;
  }

  /** Reserves a conversation for `client` (an address, counted against maxConversationsPerClient) and issues its first token (POST /tokens/generate). */
  create(userId?: string, client?: string): CreateResult {
    this.sweep(true);
    const mine = client === undefined ? undefined : this.byClient.get(client);
    if (mine && mine.size >= this.maxConversationsPerClient) return { ok: false, reason: 'too-many-for-client', retryAfterSeconds: this.secondsUntilOneExpires(mine) };
    if (this.conversations.size >= this.maxConversations) return { ok: false, reason: 'too-many-conversations', retryAfterSeconds: this.secondsUntilOneExpires(this.conversations.keys()) };
    let id = randomId(18);
    while (this.conversations.has(id)) id = randomId(18);
    const conversation: Conversation = {
      id,
      client,
      userId,
      defaultUserId: `dl_${randomId(12)}`,
      started: false,
      lastActiveAt: this.now(),
      nextSeq: 0,
      activities: [],
      deliveries: Promise.resolve(),
      tokens: [],
    };
    this.conversations.set(id, conversation);
    if (client !== undefined) this.byClient.set(client, (mine ?? new Set<string>()).add(id));
    return { ok: true, conversation, token: this.issueToken(conversation) };
  }

  /**
   * Resolves a bearer token to its conversation. 403 when the token is unknown or expired, or
   * belongs to another conversation than `conversationId`; 404 when its conversation is gone.
   */
  check(token: string | undefined, conversationId?: string): TokenCheck {
    this.sweep(false);
    if (token === undefined) return { ok: false, status: 403, reason: 'invalid-token' };
    const record = this.tokens.get(token);
    if (!record || record.expiresAt <= this.now()) return { ok: false, status: 403, reason: 'invalid-token' };
    if (conversationId !== undefined && conversationId !== record.conversationId) return { ok: false, status: 403, reason: 'wrong-conversation' };
    const conversation = this.live(record.conversationId);
    if (!conversation) return { ok: false, status: 404, reason: 'unknown-conversation' };
    conversation.lastActiveAt = this.now();
    return { ok: true, conversation, token };
  }

  /** A conversation by id (for the Bot Connector routes), or undefined when unknown or expired. */
  get(conversationId: string): Conversation | undefined {
    return this.live(conversationId);
  }

  /** A new token for the same conversation (POST /tokens/refresh). */
  issueToken(conversation: Conversation): IssuedToken {
    const token = randomId(32);
    this.tokens.set(token, { conversationId: conversation.id, expiresAt: this.now() + this.tokenTtlMs });
    conversation.tokens.push(token);
    for (const oldest of conversation.tokens.splice(0, Math.max(0, conversation.tokens.length - MAX_TOKENS_PER_CONVERSATION))) this.tokens.delete(oldest);
    this.capTokens();
    return { token, conversationId: conversation.id, expiresIn: Math.floor(this.tokenTtlMs / 1000) };
  }

  /** Seconds left on a token, for the reconnect answer. */
  expiresIn(token: string): number {
    const record = this.tokens.get(token);
    return record ? Math.max(0, Math.floor((record.expiresAt - this.now()) / 1000)) : 0;
  }

  /** Appends an activity with the next id, dropping the oldest beyond the cap. */
  append(conversation: Conversation, activity: Record<string, unknown>): StreamActivity {
    const seq = conversation.nextSeq++;
    const stored: StreamActivity = { ...activity, id: activityId(conversation.id, seq) };
    conversation.activities.push({ seq, activity: stored });
    if (conversation.activities.length > this.maxActivitiesPerConversation) {
      conversation.activities.splice(0, conversation.activities.length - this.maxActivitiesPerConversation);
    }
    conversation.lastActiveAt = this.now();
    return stored;
  }

  /** Activities after the watermark ('' or absent: from the start). */
  since(conversation: Conversation, watermark: string | undefined): WatermarkResult {
    let after = -1;
    if (watermark !== undefined && watermark !== '') {
      if (!/^\d{1,15}$/.test(watermark)) return { ok: false, reason: 'bad-watermark' };
      after = Number(watermark);
    }
    const activities = conversation.activities.filter((a) => a.seq > after).map((a) => a.activity);
    const last = conversation.nextSeq - 1;
    return { ok: true, activities, watermark: last >= 0 ? String(last) : (watermark ?? '') };
  }

  private live(conversationId: string): Conversation | undefined {
    const conversation = this.conversations.get(conversationId);
    if (!conversation) return undefined;
    if (this.now() - conversation.lastActiveAt >= this.conversationIdleMs) {
      this.forget(conversation);
      return undefined;
    }
    return conversation;
  }

  /** Deletes a conversation and its place in the per-client count. */
  private forget(conversation: Conversation): void {
    this.conversations.delete(conversation.id);
    if (conversation.client === undefined) return;
    const mine = this.byClient.get(conversation.client);
    mine?.delete(conversation.id);
    if (mine?.size === 0) this.byClient.delete(conversation.client);
  }

  /** Seconds until the least recently active of these conversations expires (at least 1). */
  private secondsUntilOneExpires(ids: Iterable<string>): number {
    let oldest = Infinity;
    for (const id of ids) oldest = Math.min(oldest, this.conversations.get(id)?.lastActiveAt ?? Infinity);
    const ms = Number.isFinite(oldest) ? oldest + this.conversationIdleMs - this.now() : 1_000;
    return Math.max(1, Math.ceil(ms / 1000));
  }

  /** Tokens outlive their conversation (so they can answer 404), but never beyond a global cap. */
  private capTokens(): void {
    const cap = this.maxConversations * MAX_TOKENS_PER_CONVERSATION * 2;
    for (const token of this.tokens.keys()) {
      if (this.tokens.size <= cap) break;
      this.tokens.delete(token);
    }
  }

  private sweep(force: boolean): void {
    const now = this.now();
    if (!force && now - this.lastSweep < SWEEP_INTERVAL_MS) return;
    this.lastSweep = now;
    for (const conversation of this.conversations.values()) {
      if (now - conversation.lastActiveAt >= this.conversationIdleMs) this.forget(conversation);
    }
    for (const [token, record] of this.tokens) if (record.expiresAt <= now) this.tokens.delete(token);
  }
}
