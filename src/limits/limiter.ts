import { RateLimiter, type Rate, type RateLimiterOptions, type Take } from './rateLimiter';

/**
 * The rate-limit port (issue 11). Every limit of the bot (messages, Direct Line tokens and
 * starts, code requests and guesses) goes through it, so the same code counts in one process
 * (MemoryLimiter, the token bucket of issue 10) or in the blob container every instance shares
 * (BlobLimiter), where a limit cannot be escaped by landing on another instance.
 */

/**
 * A limiter's answer. A refusal says how long to wait; `reason` tells a real limit
 * ('limited') from a shared store that could not be read or written by a limiter that fails
 * closed ('store-unavailable'). A caller that only looks at `ok` still refuses in both cases.
 */
export type LimitVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: LimitRefusal; readonly retryAfterSeconds: number };

export type LimitRefusal = 'limited' | 'store-unavailable';

export interface Limiter {
  /** The limit's name, as in LIMIT_NAMES (blob folder, log lines). */
  readonly name: string;
  /** Requests per window for each key. */
  readonly rate: Rate;
  /** Whether `key` may make a request now, without spending it. */
  check(key: string): Promise<LimitVerdict>;
  /** Spends one request of `key`, or says how long until one is available (nothing spent then). */
  take(key: string): Promise<LimitVerdict>;
}

/** The names of the bot's limits: the folders of their counters under limits/buckets/ in blob mode. */
export const LIMIT_NAMES = {
  messagesPerClient: 'messages-per-client',
  messagesPerConversation: 'messages-per-conversation',
  directLineTokensPerClient: 'directline-tokens-per-client',
  directLineStartsPerClient: 'directline-starts-per-client',
  codeRequestsPerAccount: 'code-requests-per-account',
  codeRequestsPerClient: 'code-requests-per-client',
  codeGuessesPerClient: 'code-guesses-per-client',
} as const;

/** What a limit name may be: it becomes a blob folder, so lowercase letters, digits and single hyphens. */
export const LIMIT_NAME_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export interface MemoryLimiterOptions extends RateLimiterOptions {
  /** The limit's name (LIMIT_NAMES), for log lines. */
  name: string;
}

/** The in-process limiter: the issue-10 token bucket behind the async port. It never fails. */
export class MemoryLimiter implements Limiter {
  readonly name: string;
  readonly rate: Rate;
  private readonly buckets: RateLimiter;

  constructor(options: MemoryLimiterOptions) {
    if (!LIMIT_NAME_PATTERN.test(options.name)) throw new Error(`limiter: name must be lowercase letters, digits and single hyphens (got "${options.name}")`);
    this.name = options.name;
    this.buckets = new RateLimiter(options);
    this.rate = this.buckets.rate;
  }

  /** Keys currently tracked (for tests of the memory bound). */
  get size(): number {
    return this.buckets.size;
  }

  async check(key: string): Promise<LimitVerdict> {
    return fromTake(this.buckets.check(key));
  }

  async take(key: string): Promise<LimitVerdict> {
    return fromTake(this.buckets.take(key));
  }
}

function fromTake(take: Take): LimitVerdict {
  return take.ok ? { ok: true } : { ok: false, reason: 'limited', retryAfterSeconds: take.retryAfterSeconds };
}

/**
 * Checks every (limiter, key) pair first and spends from all only when all allow, so a refusal
 * costs nothing. With a shared store another instance may spend the last request between the
 * check and the take: that pair is then refused and what the others spent stays spent, which
 * errs on the side of the limit. A refusal names the longest wait; it is 'limited' when any
 * limit was reached, 'store-unavailable' only when nothing but the store refused.
 */
export async function takeAll(pairs: readonly (readonly [Limiter, string])[]): Promise<LimitVerdict> {
  // One limit needs no separate check (a take spends nothing when it refuses): one round trip fewer in blob mode.
  const [only] = pairs;
  if (pairs.length === 1 && only) return only[0].take(only[1]);
  const checks = await Promise.all(pairs.map(([limiter, key]) => limiter.check(key)));
  const refused = worstRefusal(checks);
  if (refused) return refused;
  const takes = await Promise.all(pairs.map(([limiter, key]) => limiter.take(key)));
  return worstRefusal(takes) ?? { ok: true };
}

function worstRefusal(verdicts: readonly LimitVerdict[]): LimitVerdict | undefined {
  let worst: Extract<LimitVerdict, { ok: false }> | undefined;
  for (const verdict of verdicts) {
    if (verdict.ok) continue;
    const reason: LimitRefusal = worst?.reason === 'limited' || verdict.reason === 'limited' ? 'limited' : 'store-unavailable';
    worst = { ok: false, reason, retryAfterSeconds: Math.max(worst?.retryAfterSeconds ?? 0, verdict.retryAfterSeconds) };
  }
  return worst;
}
