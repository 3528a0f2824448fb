import type { Logger } from '../logger';
import type { SharedContainer } from '../storage/sharedContainer';
import { BlobLimiter, LimitKeyHasher, type StoreFailurePolicy } from './blobLimiter';
import { LIMIT_NAMES, MemoryLimiter, type Limiter } from './limiter';
import { MessageLimits, type LimitSettings } from './limits';
import type { Rate } from './rateLimiter';

/** The limits of code requests and guesses, for the account adapters (demo, and the RateLimitedAccountAdapter around http). */
export interface CodeLimiters {
  /** Codes requested and secret questions started per account name (LIMIT_NAMES.codeRequestsPerAccount). */
  readonly requestsPerAccount: Limiter;
  /** Codes requested (resends included) per client (LIMIT_NAMES.codeRequestsPerClient). */
  readonly requestsPerClient: Limiter;
  /** Codes, secret answers and recovery codes tried per client (LIMIT_NAMES.codeGuessesPerClient). */
  readonly guessesPerClient: Limiter;
}

/** Every limiter of the bot, built once by the composition root (src/app.ts). */
export interface Limiters {
  /** Activities per client and per conversation: /api/messages and the local Direct Line. */
  readonly messages: MessageLimits;
  /** Direct Line tokens generated per client address. */
  readonly directLineTokensPerClient: Limiter;
  /** Direct Line conversation starts and reconnects per client address. */
  readonly directLineStartsPerClient: Limiter;
  /** Code requests and guesses. */
  readonly code: CodeLimiters;
}

export interface CreateLimitersOptions {
  logger: Logger;
  /** The container every instance shares (STATE_STORE=blob): limits are counted there; absent = in this process. */
  container?: SharedContainer;
  /** Clock in ms since the epoch (default Date.now); tests pass a fake one. */
  now?: () => number;
}

/**
 * What a storage outage does to each limit (blob mode only). Message and Direct Line limits
 * fail open: they guard against floods, and refusing every message while storage is down would
 * take the bot off the air for everyone. Code limits fail closed: they are what stops an
 * attacker from guessing codes or pumping SMS, and a storage outage must not lift them (the
 * user is told the service is unavailable and may try again, as in any account-service outage).
 */
export const STORE_FAILURE_POLICIES: Readonly<Record<keyof typeof LIMIT_NAMES, StoreFailurePolicy>> = {
  messagesPerClient: 'fail-open',
  messagesPerConversation: 'fail-open',
  directLineTokensPerClient: 'fail-open',
  directLineStartsPerClient: 'fail-open',
  codeRequestsPerAccount: 'fail-closed',
  codeRequestsPerClient: 'fail-closed',
  codeGuessesPerClient: 'fail-closed',
};

/**
 * Builds every limiter from config.limits: token buckets in this process, or, given the shared
 * container, blob buckets every instance counts together (one HMAC key for all of them).
 */
export function createLimiters(settings: LimitSettings, options: CreateLimitersOptions): Limiters {
  const { container, now } = options;
  const logger = options.logger.child({ component: 'limits' });
  const hasher = container ? new LimitKeyHasher({ container }) : undefined;
  const limiter = (limit: keyof typeof LIMIT_NAMES, rate: Rate): Limiter => {
    const name = LIMIT_NAMES[limit];
    if (!container || !hasher) return new MemoryLimiter({ name, rate, now });
    return new BlobLimiter({ name, rate, container, hasher, logger, storeFailure: STORE_FAILURE_POLICIES[limit], now });
  };
  return {
    messages: new MessageLimits({
      perClient: limiter('messagesPerClient', settings.messagesPerClient),
      perConversation: limiter('messagesPerConversation', settings.messagesPerConversation),
    }),
    directLineTokensPerClient: limiter('directLineTokensPerClient', settings.directLineTokensPerClient),
    directLineStartsPerClient: limiter('directLineStartsPerClient', settings.directLineStartsPerClient),
    code: {
      requestsPerAccount: limiter('codeRequestsPerAccount', settings.codeRequestsPerAccount),
      requestsPerClient: limiter('codeRequestsPerClient', settings.codeRequestsPerClient),
      guessesPerClient: limiter('codeGuessesPerClient', settings.codeGuessesPerClient),
    },
  };
}
