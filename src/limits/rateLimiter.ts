/**
 * Per-key token buckets (issue 10): each key may spend `count` requests at once and gets them
 * back evenly over `windowMs`, so a person chatting at a normal pace never waits while a script
 * hammering one key is slowed to the refill rate. Buckets that have filled up again are
 * forgotten, and at most `maxKeys` are kept, so memory stays bounded whatever the keys are.
 */

export interface Rate {
  /** Requests allowed at once, and regained over one window. */
  readonly count: number;
  /** The window, in ms. */
  readonly windowMs: number;
}

export type Take = { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number };

export type ParsedRate = { readonly ok: true; readonly value: Rate } | { readonly ok: false; readonly error: string };

/** Most keys one limiter tracks; beyond it the least recently created bucket is dropped (about 100 bytes each). */
export const DEFAULT_MAX_KEYS = 100_000;
/** Full buckets are swept at most this often (a lookup refills exactly, whatever the sweep). */
export const LIMITER_SWEEP_INTERVAL_MS = 10_000;
/** Largest count a rate may have (a benchmark raises limits, never to infinity). */
export const MAX_RATE_COUNT = 1_000_000_000;

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000 };

/** Reads COUNT/WINDOW such as "120/1m", "10/15m" or "60/h" (window units s, m, h). */
export function parseRate(text: string): ParsedRate {
  const match = /^\s*(\d{1,10})\s*\/\s*(\d{1,6})?\s*([smh])\s*$/.exec(text);
  const count = match ? Number(match[1]) : NaN;
  const windowMs = match ? Number(match[2] ?? '1') * (UNIT_MS[match[3] as string] as number) : NaN;
  if (!match || count < 1 || count > MAX_RATE_COUNT || windowMs < 1) {
    return { ok: false, error: 'must be COUNT/WINDOW such as 120/1m (a count from 1, a window in s, m or h)' };
  }
  return { ok: true, value: { count, windowMs } };
}

/** "120/1m" again, for logs and messages. */
export function formatRate(rate: Rate): string {
  const [unit, ms] = rate.windowMs % 3_600_000 === 0 ? ['h', 3_600_000] : rate.windowMs % 60_000 === 0 ? ['m', 60_000] : ['s', 1_000];
  return `${rate.count}/${rate.windowMs / ms}${unit}`;
}

export interface RateLimiterOptions {
  /** Requests per window for each key. */
  rate: Rate;
  /** Most keys tracked at once (default DEFAULT_MAX_KEYS). */
  maxKeys?: number;
  /** Clock in ms since the epoch (default Date.now); tests pass a fake one. */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RateLimiter {
  readonly rate: Rate;
  private readonly maxKeys: number;
  private readonly now: () => number;
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = 0;

  constructor(options: RateLimiterOptions) {
    const { count, windowMs } = options.rate;
    if (!Number.isInteger(count) || count < 1) throw new Error(`rateLimiter: rate.count must be a positive integer (got ${count})`);
    if (!Number.isFinite(windowMs) || windowMs <= 0) throw new Error(`rateLimiter: rate.windowMs must be a positive number (got ${windowMs})`);
    this.rate = options.rate;
    this.maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
    if (!Number.isInteger(this.maxKeys) || this.maxKeys < 1) throw new Error(`rateLimiter: maxKeys must be a positive integer (got ${this.maxKeys})`);
    this.now = options.now ?? Date.now;
  }

  /** Keys currently tracked (for tests of the memory bound). */
  get size(): number {
    return this.buckets.size;
  }

  /** Whether `key` may make a request now, without spending it. */
  check(key: string): Take {
    this.sweep();
    const tokens = this.tokensOf(key);
    return tokens >= 1 ? { ok: true } : { ok: false, retryAfterSeconds: this.secondsUntilOne(tokens) };
  }

  /** Spends one request of `key`, or says how long until one is available (nothing spent then). */
  take(key: string): Take {
    const verdict = this.check(key);
    if (!verdict.ok) return verdict;
    const tokens = this.tokensOf(key) - 1;
    const bucket = this.buckets.get(key);
    if (bucket) {
      bucket.tokens = tokens;
      bucket.updatedAt = this.now();
    } else {
      this.buckets.set(key, { tokens, updatedAt: this.now() });
      // Bounded memory: forgetting the oldest bucket only lets that key start afresh.
      if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
    }
    return { ok: true };
  }

  private tokensOf(key: string): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return this.rate.count;
    const regained = ((this.now() - bucket.updatedAt) * this.rate.count) / this.rate.windowMs;
    return Math.min(this.rate.count, bucket.tokens + regained);
  }

  private secondsUntilOne(tokens: number): number {
    return Math.max(1, Math.ceil(((1 - tokens) * this.rate.windowMs) / this.rate.count / 1000));
  }

  /** Forgets buckets that are full again: they behave exactly like absent ones. */
  private sweep(): void {
    const now = this.now();
    if (now - this.lastSweep < LIMITER_SWEEP_INTERVAL_MS) return;
    this.lastSweep = now;
    for (const key of this.buckets.keys()) if (this.tokensOf(key) >= this.rate.count) this.buckets.delete(key);
  }
}

/** Checks every (limiter, key) pair first and spends from all only when all allow: a refusal costs nothing. */
export function takeAll(pairs: readonly (readonly [RateLimiter, string])[]): Take {
  let wait = 0;
  for (const [limiter, key] of pairs) {
    const verdict = limiter.check(key);
    if (!verdict.ok) wait = Math.max(wait, verdict.retryAfterSeconds);
  }
  if (wait > 0) return { ok: false, retryAfterSeconds: wait };
  for (const [limiter, key] of pairs) limiter.take(key);
  return { ok: true };
}
