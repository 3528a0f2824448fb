import { describe, expect, it } from 'vitest';
import { BlobLimiter, LimitKeyHasher } from '../../src/limits/blobLimiter';
import { MemoryLimiter, takeAll, type Limiter } from '../../src/limits/limiter';
import { MessageLimits } from '../../src/limits/limits';
import type { Rate } from '../../src/limits/rateLimiter';
import { openSharedContainer } from '../../src/storage/sharedContainer';
import { captureLogger, FakeClock } from '../account/helpers';
import { useAzurite } from '../support/azurite';

/**
 * The limiter port's semantics (issue 11), one table of cases run against both
 * implementations: the in-process token bucket and the blob buckets in Azurite.
 */

const azurite = useAzurite();

/** Makes limiters that count together (one process, or one container) on one fake clock. */
type LimiterFactory = (clock: FakeClock) => (name: string, rate: Rate) => Limiter;

let containers = 0;
const implementations: [string, LimiterFactory][] = [
  ['MemoryLimiter', (clock) => (name, rate) => new MemoryLimiter({ name, rate, now: clock.now })],
  [
    'BlobLimiter (Azurite)',
    (clock) => {
      // A fresh container per case: nothing one case spends is seen by another.
      const container = openSharedContainer(azurite.connectionString, `contract-${++containers}`);
      const hasher = new LimitKeyHasher({ container });
      const { logger } = captureLogger();
      return (name, rate) => new BlobLimiter({ name, rate, container, hasher, logger, now: clock.now });
    },
  ],
];

const PER_MINUTE_3: Rate = { count: 3, windowMs: 60_000 };

describe.each(implementations)('%s', (_name, factory) => {
  function setup() {
    const clock = new FakeClock();
    return { clock, make: factory(clock) };
  }

  it('allows `count` at once, then refuses with the wait until one is back, per key', async () => {
    const { make } = setup();
    const limiter = make('guesses', PER_MINUTE_3);
    for (let i = 0; i < 3; i++) expect(await limiter.take('a')).toEqual({ ok: true });
    expect(await limiter.take('a')).toEqual({ ok: false, reason: 'limited', retryAfterSeconds: 20 });
    expect(await limiter.take('b')).toEqual({ ok: true });
  });

  it('regains requests evenly over the window, never more than `count`', async () => {
    const { make, clock } = setup();
    const limiter = make('guesses', PER_MINUTE_3);
    for (let i = 0; i < 3; i++) await limiter.take('a');
    clock.advance(20_000);
    expect(await limiter.take('a')).toEqual({ ok: true });
    expect(await limiter.take('a')).toMatchObject({ ok: false, reason: 'limited' });
    clock.advance(10 * 60_000);
    for (let i = 0; i < 3; i++) expect(await limiter.take('a')).toEqual({ ok: true });
    expect(await limiter.take('a')).toMatchObject({ ok: false });
  });

  it('check answers like take without spending', async () => {
    const { make } = setup();
    const limiter = make('guesses', { count: 2, windowMs: 60_000 });
    for (let i = 0; i < 5; i++) expect(await limiter.check('a')).toEqual({ ok: true });
    await limiter.take('a');
    await limiter.take('a');
    expect(await limiter.check('a')).toEqual({ ok: false, reason: 'limited', retryAfterSeconds: 30 });
  });

  it('a refusal spends nothing: one window after the last success the key may go again', async () => {
    const { make, clock } = setup();
    const limiter = make('guesses', { count: 1, windowMs: 10_000 });
    expect(await limiter.take('a')).toEqual({ ok: true });
    for (let i = 0; i < 3; i++) expect(await limiter.take('a')).toMatchObject({ ok: false });
    clock.advance(10_000);
    expect(await limiter.take('a')).toEqual({ ok: true });
  });

  it('takeAll spends from every limiter only when all allow, and names the longest wait', async () => {
    const { make } = setup();
    const perClient = make('per-client', { count: 5, windowMs: 60_000 });
    const perConversation = make('per-conversation', { count: 1, windowMs: 60_000 });
    expect(await takeAll([[perClient, 'c'], [perConversation, 'x']])).toEqual({ ok: true });
    expect(await takeAll([[perClient, 'c'], [perConversation, 'x']])).toEqual({ ok: false, reason: 'limited', retryAfterSeconds: 60 });
    // The refused pair cost the client nothing: 4 of 5 are left.
    for (let i = 0; i < 4; i++) expect(await perClient.take('c')).toEqual({ ok: true });
    expect(await perClient.take('c')).toEqual({ ok: false, reason: 'limited', retryAfterSeconds: 12 });
    expect(await takeAll([[perClient, 'c'], [perConversation, 'x']])).toEqual({ ok: false, reason: 'limited', retryAfterSeconds: 60 });
  });

  it('MessageLimits counts per client across conversations and per conversation across clients', async () => {
    const { make } = setup();
    const messages = new MessageLimits({ perClient: make('messages-per-client', { count: 3, windowMs: 60_000 }), perConversation: make('messages-per-conversation', { count: 2, windowMs: 60_000 }) });
    expect(await messages.take('192.0.2.1', 'api', 'one')).toEqual({ ok: true });
    expect(await messages.take('192.0.2.2', 'api', 'one')).toEqual({ ok: true });
    expect(await messages.take('192.0.2.3', 'api', 'one')).toEqual({ ok: false, reason: 'limited', retryAfterSeconds: 30 });
    expect(await messages.take('192.0.2.1', 'api', 'two')).toEqual({ ok: true });
    expect(await messages.take('192.0.2.1', 'api', 'three')).toEqual({ ok: true });
    expect(await messages.take('192.0.2.1', 'api', 'four')).toEqual({ ok: false, reason: 'limited', retryAfterSeconds: 20 });
    // One IPv6 client is its /64: a fresh address from it is the same client.
    await messages.take('2001:db8::1', 'api', 'v6-a');
    await messages.take('2001:db8::2', 'api', 'v6-b');
    await messages.take('2001:db8:0:0:ffff::3', 'api', 'v6-c');
    expect(await messages.take('2001:db8::4', 'api', 'v6-d')).toMatchObject({ ok: false });
    expect(await messages.take('2001:db8:0:1::1', 'api', 'v6-d')).toEqual({ ok: true });
  });
});

describe('MemoryLimiter', () => {
  it('rejects a name that cannot be a blob folder, with the module name', () => {
    expect(() => new MemoryLimiter({ name: 'Code Guesses', rate: PER_MINUTE_3 })).toThrow('limiter: name must be lowercase letters, digits and single hyphens (got "Code Guesses")');
    expect(() => new MemoryLimiter({ name: 'guesses', rate: { count: 0, windowMs: 1 } })).toThrow('rateLimiter: rate.count must be a positive integer (got 0)');
  });

  it('MessageLimits.inMemory builds the two limits from the configured rates', async () => {
    const clock = new FakeClock();
    const messages = MessageLimits.inMemory({ messagesPerClient: { count: 1, windowMs: 60_000 }, messagesPerConversation: { count: 5, windowMs: 60_000 } }, clock.now);
    expect(await messages.take('192.0.2.1', 'api', 'one')).toEqual({ ok: true });
    expect(await messages.take('192.0.2.1', 'api', 'two')).toEqual({ ok: false, reason: 'limited', retryAfterSeconds: 60 });
  });
});
