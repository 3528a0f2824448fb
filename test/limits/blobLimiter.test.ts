import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BlobLimiter,
  CONTENTION_RETRY_AFTER_SECONDS,
  LIMIT_BUCKETS_PREFIX,
  LIMIT_HASH_KEY_BLOB,
  LimitKeyHasher,
  STORE_ERROR_LOG_INTERVAL_MS,
  STORE_UNAVAILABLE_RETRY_AFTER_SECONDS,
  type StoreFailurePolicy,
} from '../../src/limits/blobLimiter';
import { createLimiters } from '../../src/limits/createLimiters';
import { DEFAULT_LIMITS } from '../../src/limits/limits';
import { RateLimitedAccountAdapter } from '../../src/limits/rateLimitedAccountAdapter';
import { runInScope } from '../../src/requestScope';
import { openSharedContainer, type SharedContainer } from '../../src/storage/sharedContainer';
import { captureLogger, FakeClock } from '../account/helpers';
import { azuriteConnectionString, useAzurite } from '../support/azurite';
import { RecordingAccountAdapter } from './recordingAccountAdapter';

/**
 * BlobLimiter against Azurite (issue 11): what only a shared store has to prove. Two objects
 * on two clients of one container stand for two instances of the bot.
 */

const azurite = useAzurite();

let containers = 0;
/** A new container, opened twice: one client per "instance". */
function twoInstances(): [SharedContainer, SharedContainer] {
  const name = `limits-${++containers}`;
  return [openSharedContainer(azurite.connectionString, name), openSharedContainer(azurite.connectionString, name)];
}

function blobLimiter(container: SharedContainer, clock: FakeClock, options: { name?: string; count?: number; storeFailure?: StoreFailurePolicy } = {}) {
  const captured = captureLogger();
  const limiter = new BlobLimiter({
    name: options.name ?? 'code-guesses-per-client',
    rate: { count: options.count ?? 3, windowMs: 15 * 60_000 },
    container,
    logger: captured.logger,
    now: clock.now,
    ...(options.storeFailure ? { storeFailure: options.storeFailure } : {}),
  });
  return { limiter, lines: captured.lines };
}

/** Writes a blob as an operator or another program might, unconditionally. */
async function put(container: SharedContainer, name: string, text: string): Promise<void> {
  await container.ready();
  await container.client.getBlockBlobClient(name).upload(text, Buffer.byteLength(text));
}

async function blobNames(container: SharedContainer): Promise<string[]> {
  const names: string[] = [];
  for await (const blob of container.client.listBlobsFlat({ prefix: 'limits/' })) names.push(blob.name);
  return names.sort();
}

interface LogLine {
  level: number;
  msg: string;
  limit?: string;
  err?: { message: string };
  notLoggedSinceLastLine?: number;
}
const parse = (lines: string[]): LogLine[] => lines.map((l) => JSON.parse(l) as LogLine);

describe('BlobLimiter across instances', () => {
  it('counts one limit for every instance: 3 guesses in all, the 4th refused whichever instance is asked', async () => {
    const clock = new FakeClock();
    const [one, two] = twoInstances();
    const a = blobLimiter(one, clock).limiter;
    const b = blobLimiter(two, clock).limiter;
    expect(await a.take('client:203.0.113.7')).toEqual({ ok: true });
    expect(await b.take('client:203.0.113.7')).toEqual({ ok: true });
    expect(await a.take('client:203.0.113.7')).toEqual({ ok: true });
    expect(await b.take('client:203.0.113.7')).toEqual({ ok: false, reason: 'limited', retryAfterSeconds: 300 });
    expect(await a.take('client:203.0.113.7')).toEqual({ ok: false, reason: 'limited', retryAfterSeconds: 300 });
    expect(await a.take('client:203.0.113.8')).toEqual({ ok: true });
  });

  it('never over-spends under concurrency: 12 takes at once on two instances, exactly `count` succeed', async () => {
    const clock = new FakeClock();
    const [one, two] = twoInstances();
    const a = blobLimiter(one, clock, { count: 4 }).limiter;
    const b = blobLimiter(two, clock, { count: 4 }).limiter;
    const verdicts = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? a : b).take('client:198.51.100.1')));
    expect(verdicts.filter((v) => v.ok)).toHaveLength(4);
    // Every refusal is a limit (or, at worst, contention), never a silent pass.
    for (const v of verdicts.filter((v) => !v.ok)) expect(v).toMatchObject({ ok: false, reason: 'limited' });
    expect(await a.check('client:198.51.100.1')).toMatchObject({ ok: false, reason: 'limited' });
  });

  it('the bot-level code limits cannot be escaped by landing on another instance', async () => {
    const clock = new FakeClock();
    const [one, two] = twoInstances();
    const settings = { ...DEFAULT_LIMITS, codeGuessesPerClient: { count: 3, windowMs: 15 * 60_000 } };
    const inner = new RecordingAccountAdapter();
    const instance = (container: SharedContainer) =>
      new RateLimitedAccountAdapter({ inner, limiters: createLimiters(settings, { logger: captureLogger().logger, container, now: clock.now }).code, logger: captureLogger().logger });
    const [first, second] = [instance(one), instance(two)];
    const guess = (adapter: RateLimitedAccountAdapter) => runInScope({ clientAddress: '203.0.113.9' }, () => adapter.verifyCode({ challengeId: 'ch_1', code: '000000' }));
    expect(await guess(first)).toMatchObject({ reason: 'wrong-code' });
    expect(await guess(second)).toMatchObject({ reason: 'wrong-code' });
    expect(await guess(first)).toMatchObject({ reason: 'wrong-code' });
    expect(await guess(second)).toEqual({ ok: false, reason: 'rate-limited', retryAfterSeconds: 300 });
    expect(await guess(first)).toEqual({ ok: false, reason: 'rate-limited', retryAfterSeconds: 300 });
    expect(inner.calls).toEqual(['verifyCode', 'verifyCode', 'verifyCode']);
  });
});

describe('BlobLimiter blobs', () => {
  it('names a bucket by an HMAC under the container key: no key in clear, not a plain SHA-256, different in another container', async () => {
    const clock = new FakeClock();
    const [one] = twoInstances();
    const [other] = twoInstances();
    const { limiter } = blobLimiter(one, clock);
    await limiter.take('client:203.0.113.7');
    await limiter.take('taro@example.com');
    const names = await blobNames(one);
    expect(names).toHaveLength(3);
    expect(names).toContain(LIMIT_HASH_KEY_BLOB);
    const buckets = names.filter((n) => n !== LIMIT_HASH_KEY_BLOB);
    for (const name of buckets) expect(name).toMatch(new RegExp(`^${LIMIT_BUCKETS_PREFIX}code-guesses-per-client/[0-9a-f]{64}\\.json$`));
    // The keys' own text (a hex digest may well contain the digits 203, but never the dots or letters).
    expect(names.join(' ')).not.toMatch(/203\.0\.113|taro|example/);
    const name = await limiter.blobName('client:203.0.113.7');
    expect(buckets).toContain(name);
    expect(name).not.toContain(createHash('sha256').update('client:203.0.113.7').digest('hex'));
    expect(await blobLimiter(other, clock).limiter.blobName('client:203.0.113.7')).not.toBe(name);
  });

  it('keeps {tokens, updatedAt} in the bucket blob', async () => {
    const clock = new FakeClock();
    const [one] = twoInstances();
    const { limiter } = blobLimiter(one, clock);
    await limiter.take('k');
    const stored = await one.client.getBlockBlobClient(await limiter.blobName('k')).downloadToBuffer();
    expect(JSON.parse(stored.toString('utf8'))).toEqual({ tokens: 2, updatedAt: clock.ms });
  });

  it('instances starting together agree on one hash key', async () => {
    const [one, two] = twoInstances();
    const signal = () => AbortSignal.timeout(10_000);
    const [a, b] = await Promise.all([new LimitKeyHasher({ container: one }).hash('l', 'k', signal()), new LimitKeyHasher({ container: two }).hash('l', 'k', signal())]);
    expect(a).toBe(b);
    expect(await blobNames(one)).toEqual([LIMIT_HASH_KEY_BLOB]);
  });

  it('a full bucket is the same as no blob: deleting it changes no answer', async () => {
    const clock = new FakeClock();
    const [one] = twoInstances();
    const { limiter } = blobLimiter(one, clock, { count: 2 });
    await limiter.take('k');
    await limiter.take('k');
    clock.advance(15 * 60_000);
    const kept = [await limiter.take('k'), await limiter.take('k'), await limiter.take('k')];
    clock.advance(15 * 60_000);
    await one.client.getBlockBlobClient(await limiter.blobName('k')).delete();
    const deleted = [await limiter.take('k'), await limiter.take('k'), await limiter.take('k')];
    expect(deleted).toEqual(kept);
    expect(kept.map((v) => v.ok)).toEqual([true, true, false]);
  });

  it('counts a bucket blob it cannot read as full, overwrites it and says so', async () => {
    const clock = new FakeClock();
    const [one] = twoInstances();
    const { limiter, lines } = blobLimiter(one, clock, { count: 2 });
    await limiter.take('k');
    await put(one, await limiter.blobName('k'), '{"tokens": "lots"}');
    expect(await limiter.take('k')).toEqual({ ok: true });
    expect(await limiter.take('k')).toEqual({ ok: true });
    expect(await limiter.take('k')).toMatchObject({ ok: false });
    expect(parse(lines).map((l) => l.msg)).toContain('blobLimiter: a bucket blob was not valid JSON of {tokens, updatedAt}; counted as full and overwritten');
  });

  it('refuses, and says why, when the contention outlasts every attempt', async () => {
    const clock = new FakeClock();
    const [one] = twoInstances();
    const captured = captureLogger();
    const limiter = new BlobLimiter({ name: 'busy', rate: { count: 50, windowMs: 60_000 }, container: one, logger: captured.logger, now: clock.now, maxAttempts: 1 });
    const verdicts = await Promise.all(Array.from({ length: 8 }, () => limiter.take('k')));
    // With one attempt each, the writers that lost the race are refused rather than let through.
    const refused = verdicts.filter((v) => !v.ok);
    expect(verdicts.filter((v) => v.ok).length).toBeGreaterThanOrEqual(1);
    for (const v of refused) expect(v).toEqual({ ok: false, reason: 'limited', retryAfterSeconds: CONTENTION_RETRY_AFTER_SECONDS });
    if (refused.length > 0) expect(parse(captured.lines).map((l) => l.msg)).toContain('blobLimiter: bucket contended through every attempt; request refused');
  });
});

describe('BlobLimiter when storage fails', () => {
  /** A storage endpoint that refuses every request (a rotated key, say): 403 AuthorizationFailure. */
  let refusing: http.Server;
  /** A storage endpoint that accepts connections and never answers. */
  let silent: http.Server;
  const listen = async (server: http.Server) => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  };
  const containerAt = (port: number): SharedContainer => {
    const { client } = openSharedContainer(azuriteConnectionString(port), 'broken');
    // The container "exists": the failures come from the bucket operations themselves.
    return { client, ready: async () => undefined };
  };
  let refusingPort: number;
  let silentPort: number;
  beforeAll(async () => {
    refusing = http.createServer((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/xml', 'x-ms-error-code': 'AuthorizationFailure' });
      res.end('<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthorizationFailure</Code><Message>refused</Message></Error>');
    });
    silent = http.createServer(() => undefined);
    refusingPort = await listen(refusing);
    silentPort = await listen(silent);
  });
  afterAll(async () => {
    for (const server of [refusing, silent]) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('fails open for message limits: lets requests through, with one warning a minute', async () => {
    const clock = new FakeClock();
    const { limiter, lines } = blobLimiter(containerAt(refusingPort), clock, { name: 'messages-per-client', storeFailure: 'fail-open' });
    for (let i = 0; i < 3; i++) expect(await limiter.take('client:192.0.2.1')).toEqual({ ok: true });
    expect(await limiter.check('client:192.0.2.1')).toEqual({ ok: true });
    clock.advance(STORE_ERROR_LOG_INTERVAL_MS);
    expect(await limiter.take('client:192.0.2.1')).toEqual({ ok: true });
    const logged = parse(lines);
    expect(logged.map((l) => l.msg)).toEqual([
      'blobLimiter: messages-per-client: the shared store failed; requests pass unchecked until it answers again (fail open)',
      'blobLimiter: messages-per-client: the shared store failed; requests pass unchecked until it answers again (fail open)',
    ]);
    expect(logged.map((l) => l.level)).toEqual([40, 40]);
    expect(logged[0]).toMatchObject({ limit: 'messages-per-client', err: { message: 'status 403 AuthorizationFailure' }, notLoggedSinceLastLine: 0 });
    expect(logged[1]).toMatchObject({ notLoggedSinceLastLine: 3 });
    expect(JSON.stringify(logged)).not.toContain('192.0.2.1');
  });

  it('fails closed for code limits: refuses as store-unavailable, with one error line a minute', async () => {
    const clock = new FakeClock();
    const { limiter, lines } = blobLimiter(containerAt(refusingPort), clock, { storeFailure: 'fail-closed' });
    for (let i = 0; i < 3; i++) expect(await limiter.take('client:192.0.2.1')).toEqual({ ok: false, reason: 'store-unavailable', retryAfterSeconds: STORE_UNAVAILABLE_RETRY_AFTER_SECONDS });
    const logged = parse(lines);
    expect(logged.map((l) => l.msg)).toEqual(['blobLimiter: code-guesses-per-client: the shared store failed; requests are refused until it answers again (fail closed)']);
    expect(logged[0]?.level).toBe(50);
  });

  it('fails closed by default, also when storage does not answer in time', async () => {
    const clock = new FakeClock();
    const captured = captureLogger();
    const limiter = new BlobLimiter({ name: 'code-guesses-per-client', rate: { count: 3, windowMs: 60_000 }, container: containerAt(silentPort), logger: captured.logger, now: clock.now, timeoutMs: 200 });
    expect(await limiter.take('k')).toEqual({ ok: false, reason: 'store-unavailable', retryAfterSeconds: STORE_UNAVAILABLE_RETRY_AFTER_SECONDS });
    expect(parse(captured.lines)[0]?.msg).toBe('blobLimiter: code-guesses-per-client: the shared store failed; requests are refused until it answers again (fail closed)');
  });

  it('treats an unreadable hash key as a storage failure, naming the blob', async () => {
    const clock = new FakeClock();
    const [one] = twoInstances();
    await put(one, LIMIT_HASH_KEY_BLOB, JSON.stringify({ v: 1, key: Buffer.from('short').toString('base64') }));
    const { limiter, lines } = blobLimiter(one, clock);
    expect(await limiter.take('k')).toMatchObject({ ok: false, reason: 'store-unavailable' });
    expect(parse(lines)[0]?.err?.message).toBe('blobLimiter: limits/hash-key.json is not a 32-byte key; delete it only while no instance runs');
  });

  it('createLimiters: message and Direct Line limits fail open, code limits fail closed', async () => {
    const limiters = createLimiters(DEFAULT_LIMITS, { logger: captureLogger().logger, container: containerAt(refusingPort) });
    expect(await limiters.messages.take('192.0.2.1', 'api', 'c')).toEqual({ ok: true });
    expect(await limiters.directLineTokensPerClient.take('192.0.2.1')).toEqual({ ok: true });
    expect(await limiters.directLineStartsPerClient.take('192.0.2.1')).toEqual({ ok: true });
    for (const limiter of [limiters.code.requestsPerAccount, limiters.code.requestsPerClient, limiters.code.guessesPerClient]) {
      expect(await limiter.take('k')).toMatchObject({ ok: false, reason: 'store-unavailable' });
    }
  });
});

describe('BlobLimiter options', () => {
  it('rejects impossible options with the module name', () => {
    const [container] = twoInstances();
    const base = { rate: { count: 1, windowMs: 1_000 }, container, logger: captureLogger().logger };
    expect(() => new BlobLimiter({ ...base, name: 'limits/../x' })).toThrow('blobLimiter: name must be lowercase letters, digits and single hyphens (got "limits/../x")');
    expect(() => new BlobLimiter({ ...base, name: 'x', rate: { count: 0, windowMs: 1 } })).toThrow('blobLimiter: rate.count must be a positive integer (got 0)');
    expect(() => new BlobLimiter({ ...base, name: 'x', rate: { count: 1, windowMs: 0 } })).toThrow('blobLimiter: rate.windowMs must be a positive number (got 0)');
    expect(() => new BlobLimiter({ ...base, name: 'x', maxAttempts: 0 })).toThrow('blobLimiter: maxAttempts must be a positive integer (got 0)');
    expect(() => new BlobLimiter({ ...base, name: 'x', timeoutMs: 0 })).toThrow('blobLimiter: timeoutMs must be a positive number (got 0)');
  });
});
