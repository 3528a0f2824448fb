import { LIMIT_NAMES, MemoryLimiter, takeAll, type Limiter, type LimitVerdict } from './limiter';
import { clientKey } from './limitKeys';
import type { Rate, RateLimiterOptions } from './rateLimiter';

/**
 * Every request limit of issue 10, as configured (RATE_LIMIT_*, DIRECTLINE_MAX_CONVERSATIONS_PER_CLIENT).
 * Defaults let a person, or a script on loopback running dozens of whole conversations in a
 * row, chat through every flow; a load benchmark raises them by configuration.
 */
export interface LimitSettings {
  /** Activities per client address on /api/messages (anonymous mode) and posted to the local Direct Line. */
  readonly messagesPerClient: Rate;
  /** Activities per conversation, the same places. */
  readonly messagesPerConversation: Rate;
  /** Direct Line tokens generated (conversations reserved) per client address. */
  readonly directLineTokensPerClient: Rate;
  /** Direct Line conversation starts and reconnects per client address. */
  readonly directLineStartsPerClient: Rate;
  /** Direct Line conversations one client address may hold at once. */
  readonly directLineConversationsPerClient: number;
  /** Codes requested (and secret questions started) per account: the demo counts all its sign-in names together, the bot in front of http each normalized name. */
  readonly codeRequestsPerAccount: Rate;
  /** Codes requested per client address (or conversation, without one), across accounts. */
  readonly codeRequestsPerClient: Rate;
  /** Codes, secret answers and recovery codes tried per client address (or conversation, without one), across accounts. */
  readonly codeGuessesPerClient: Rate;
}

/** Ten messages a second, bursts of 600: far above typing speed, enough for a scripted test run of a few dozen whole conversations on loopback; a flood from one address still stops. */
export const DEFAULT_MESSAGES_PER_CLIENT: Rate = { count: 600, windowMs: 60_000 };
export const DEFAULT_MESSAGES_PER_CONVERSATION: Rate = { count: 60, windowMs: 60_000 };
/** Each new tab or expired conversation takes one token; a reload resumes without one. */
export const DEFAULT_DIRECTLINE_TOKENS_PER_CLIENT: Rate = { count: 60, windowMs: 10 * 60_000 };
export const DEFAULT_DIRECTLINE_STARTS_PER_CLIENT: Rate = { count: 120, windowMs: 10 * 60_000 };
/** A twentieth of the store's 1,000 (DEFAULT_MAX_CONVERSATIONS): one address cannot lock the others out. */
export const DEFAULT_DIRECTLINE_CONVERSATIONS_PER_CLIENT = 50;
/** Per account, all its sign-in names together (taro@example.com and taro_yamada share it): enough for a tester running a few dozen scripted flows on one account in a quarter hour, 3 tries each. */
export const DEFAULT_CODE_REQUESTS_PER_ACCOUNT: Rate = { count: 20, windowMs: 15 * 60_000 };
/** Three accounts' worth: a family, a shared office or a scripted test run can still get their codes. */
export const DEFAULT_CODE_REQUESTS_PER_CLIENT: Rate = { count: 60, windowMs: 15 * 60_000 };
/** Three tries for each code a client may request. */
export const DEFAULT_CODE_GUESSES_PER_CLIENT: Rate = { count: 180, windowMs: 15 * 60_000 };

export const DEFAULT_LIMITS: LimitSettings = {
  messagesPerClient: DEFAULT_MESSAGES_PER_CLIENT,
  messagesPerConversation: DEFAULT_MESSAGES_PER_CONVERSATION,
  directLineTokensPerClient: DEFAULT_DIRECTLINE_TOKENS_PER_CLIENT,
  directLineStartsPerClient: DEFAULT_DIRECTLINE_STARTS_PER_CLIENT,
  directLineConversationsPerClient: DEFAULT_DIRECTLINE_CONVERSATIONS_PER_CLIENT,
  codeRequestsPerAccount: DEFAULT_CODE_REQUESTS_PER_ACCOUNT,
  codeRequestsPerClient: DEFAULT_CODE_REQUESTS_PER_CLIENT,
  codeGuessesPerClient: DEFAULT_CODE_GUESSES_PER_CLIENT,
};

/**
 * The per-client and per-conversation message limits, shared by the /api/messages hook and
 * the local Direct Line's activity route, so a message is counted once, where it comes in.
 */
export class MessageLimits {
  private readonly perClient: Limiter;
  private readonly perConversation: Limiter;

  constructor(limiters: {
    /** Activities per client address (LIMIT_NAMES.messagesPerClient). */
    perClient: Limiter;
    /** Activities per conversation (LIMIT_NAMES.messagesPerConversation). */
    perConversation: Limiter;
  }) {
    this.perClient = limiters.perClient;
    this.perConversation = limiters.perConversation;
  }

  /** In-process limits from the configured rates (one instance, or a test). */
  static inMemory(
    settings: Pick<LimitSettings, 'messagesPerClient' | 'messagesPerConversation'>,
    /** Clock for the buckets (default Date.now). */
    now?: RateLimiterOptions['now'],
  ): MessageLimits {
    return new MessageLimits({
      perClient: new MemoryLimiter({ name: LIMIT_NAMES.messagesPerClient, rate: settings.messagesPerClient, now }),
      perConversation: new MemoryLimiter({ name: LIMIT_NAMES.messagesPerConversation, rate: settings.messagesPerConversation, now }),
    });
  }

  /** Counts one activity from `clientAddress` in `channelId`/`conversationId` (both or neither), or says how long to wait. */
  take(clientAddress: string, channelId: string, conversationId: string): Promise<LimitVerdict> {
    return takeAll([
      [this.perClient, clientKey(clientAddress)],
      [this.perConversation, `${channelId}\u0000${conversationId}`],
    ]);
  }
}
