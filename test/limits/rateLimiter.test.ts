import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_KEYS, LIMITER_SWEEP_INTERVAL_MS, formatRate, parseRate, RateLimiter, takeAll } from '../../src/limits/rateLimiter';
import { FakeClock } from '../account/helpers';

describe('RateLimiter (token bucket per key)', () => {
  it('allows `count` at once, then refills one every windowMs/count, per key', () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ rate: { count: 3, windowMs: 60_000 }, now: clock.now });
    for (let i = 0; i < 3; i++) expect(limiter.take('a')).toEqual({ ok: true });
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 20 });
    expect(limiter.take('b')).toEqual({ ok: true });
    clock.advance(20_000);
    expect(limiter.take('a')).toEqual({ ok: true });
    expect(limiter.take('a')).toMatchObject({ ok: false });
  });

  it('spends nothing on a refusal, and takeAll spends from every limiter only when all allow', () => {
    const clock = new FakeClock();
    const perClient = new RateLimiter({ rate: { count: 5, windowMs: 60_000 }, now: clock.now });
    const perConversation = new RateLimiter({ rate: { count: 1, windowMs: 60_000 }, now: clock.now });
    expect(takeAll([[perClient, 'c'], [perConversation, 'x']])).toEqual({ ok: true });
    expect(takeAll([[perClient, 'c'], [perConversation, 'x']])).toEqual({ ok: false, retryAfterSeconds: 60 });
    // The refused pair cost the client nothing: 4 of 5 are left.
    for (let i = 0; i < 4; i++) expect(perClient.take('c')).toEqual({ ok: true });
    expect(perClient.take('c')).toMatchObject({ ok: false });
  });

  it('forgets buckets that filled up again and never keeps more than maxKeys', () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ rate: { count: 2, windowMs: 1_000 }, maxKeys: 3, now: clock.now });
    for (const key of ['a', 'b', 'c', 'd']) limiter.take(key);
    expect(limiter.size).toBe(3);
    clock.advance(LIMITER_SWEEP_INTERVAL_MS);
    limiter.check('z');
    expect(limiter.size).toBe(0);
    expect(DEFAULT_MAX_KEYS).toBeGreaterThan(1_000);
  });

  it('rejects impossible options with the module name', () => {
    expect(() => new RateLimiter({ rate: { count: 0, windowMs: 1 } })).toThrow('rateLimiter: rate.count must be a positive integer (got 0)');
    expect(() => new RateLimiter({ rate: { count: 1, windowMs: 0 } })).toThrow('rateLimiter: rate.windowMs must be a positive number (got 0)');
    expect(() => new RateLimiter({ rate: { count: 1, windowMs: 1 }, maxKeys: 0 })).toThrow('rateLimiter: maxKeys must be a positive integer (got 0)');
  });
});

describe('parseRate / formatRate', () => {
  it.each([
    ['120/1m', { count: 120, windowMs: 60_000 }],
    ['10/15m', { count: 10, windowMs: 900_000 }],
    [' 60 / h ', { count: 60, windowMs: 3_600_000 }],
    ['5/30s', { count: 5, windowMs: 30_000 }],
  ])('%s', (text, rate) => {
    expect(parseRate(text)).toEqual({ ok: true, value: rate });
  });

  it.each(['120', '0/1m', '10/1d', 'ten/1m', '10/0m'])('refuses %s', (text) => {
    expect(parseRate(text)).toEqual({ ok: false, error: 'must be COUNT/WINDOW such as 120/1m (a count from 1, a window in s, m or h)' });
  });

  it('writes a rate back in the largest whole unit', () => {
    expect(formatRate({ count: 10, windowMs: 900_000 })).toBe('10/15m');
    expect(formatRate({ count: 60, windowMs: 3_600_000 })).toBe('60/1h');
    expect(formatRate({ count: 5, windowMs: 30_000 })).toBe('5/30s');
  });
});
