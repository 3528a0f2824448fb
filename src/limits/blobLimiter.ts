import { createHmac, randomBytes, randomInt } from 'node:crypto';
import type { BlockBlobClient } from '@azure/storage-blob';
import { z } from 'zod';
import type { Logger } from '../logger';
import { BLOB_PREFIXES, describeStorageError, storageErrorCode, storageStatus, type SharedContainer } from '../storage/sharedContainer';
import { LIMIT_NAME_PATTERN, type Limiter, type LimitVerdict } from './limiter';
import type { Rate } from './rateLimiter';

/**
 * A token bucket per (limit, key) kept in the blob container every instance shares (issue 11),
 * so a limit counts one client or account whichever instance it lands on. Each bucket is one
 * small JSON blob, `limits/buckets/<limit>/<HMAC of the key>.json`, holding `{tokens, updatedAt}`;
 * it is updated by read-modify-write with the blob's eTag (`ifMatch`, or `ifNoneMatch: '*'` to
 * create it) and retried when another instance wrote first, so concurrent takes never spend
 * more than the bucket holds. An absent blob is a full bucket, so deleting old blobs is only
 * housekeeping (a lifecycle rule, see README).
 *
 * Keys are client addresses and account names: they never appear in a blob name in clear. A
 * plain SHA-256 of an IPv4 address is reversed by trying all 2^32 of them, so the name is an
 * HMAC-SHA256 under a random 32-byte key kept in the container itself (limits/hash-key.json,
 * created once by whichever instance comes first). Blob names show up where contents do not
 * (storage logs, listings, metrics, support exports); whoever can read the key blob can read
 * the conversation state as well, which says far more.
 */

/** Where the counters live: one folder per limit below it (the prefix a lifecycle rule should target). */
export const LIMIT_BUCKETS_PREFIX = `${BLOB_PREFIXES.limits}buckets/`;
/** The per-container HMAC key for blob names; never delete it while instances run (they would stop agreeing on names). */
export const LIMIT_HASH_KEY_BLOB = `${BLOB_PREFIXES.limits}hash-key.json`;
/** Read-modify-write attempts when another instance wrote the same bucket first (412/409); each conflict means someone else spent one. */
export const BLOB_LIMITER_MAX_ATTEMPTS = 5;
/** Longest random pause before a retry, times the attempt number, so contending instances fall out of step. */
export const BLOB_LIMITER_RETRY_JITTER_MS = 25;
/** Longest time one check or take may spend on storage (the SDK's own retries would take tens of seconds). */
export const DEFAULT_BLOB_LIMITER_TIMEOUT_MS = 3_000;
/** Retry-After of a request refused because the store failed (fail closed). */
export const STORE_UNAVAILABLE_RETRY_AFTER_SECONDS = 30;
/** Retry-After of a request refused because its bucket stayed contended through every attempt (a key hammered concurrently). */
export const CONTENTION_RETRY_AFTER_SECONDS = 1;
/** At most one log line per limit this often while the store keeps failing; the next line counts the ones left out. */
export const STORE_ERROR_LOG_INTERVAL_MS = 60_000;

/**
 * What a storage failure means for a request: 'fail-open' lets it through (a storage outage
 * must not lock every user out of chatting), 'fail-closed' refuses it (a code guess must never
 * be unlimited because storage is down).
 */
export type StoreFailurePolicy = 'fail-open' | 'fail-closed';

export interface BlobLimiterOptions {
  /** The limit's name (LIMIT_NAMES): its folder under LIMIT_BUCKETS_PREFIX and its name in log lines. */
  name: string;
  /** Requests per window for each key. */
  rate: Rate;
  /** The shared container (src/storage/sharedContainer.ts). */
  container: SharedContainer;
  /** Where storage failures are logged (rate-limited, STORE_ERROR_LOG_INTERVAL_MS). */
  logger: Logger;
  /** What a storage failure means (default 'fail-closed'). */
  storeFailure?: StoreFailurePolicy;
  /** Turns keys into blob names; limiters of one container share one (default: a new LimitKeyHasher on `container`). */
  hasher?: LimitKeyHasher;
  /** Longest time one check or take may spend on storage, in ms (default DEFAULT_BLOB_LIMITER_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Read-modify-write attempts under contention (default BLOB_LIMITER_MAX_ATTEMPTS). */
  maxAttempts?: number;
  /** Clock in ms since the epoch (default Date.now); tests pass a fake one. */
  now?: () => number;
}

/** A bucket as stored: tokens left at updatedAt (ms since the epoch, the writer's clock). */
const storedBucket = z.object({ tokens: z.number().finite().min(0), updatedAt: z.number().finite() });
type StoredBucket = z.infer<typeof storedBucket>;

const storedKey = z.object({ v: z.literal(1), key: z.string() });

export class BlobLimiter implements Limiter {
  readonly name: string;
  readonly rate: Rate;
  private readonly container: SharedContainer;
  private readonly logger: Logger;
  private readonly storeFailure: StoreFailurePolicy;
  private readonly hasher: LimitKeyHasher;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly now: () => number;
  private lastErrorLogAt = Number.NEGATIVE_INFINITY;
  private errorsNotLogged = 0;

  constructor(options: BlobLimiterOptions) {
    const { count, windowMs } = options.rate;
    if (!LIMIT_NAME_PATTERN.test(options.name)) throw new Error(`blobLimiter: name must be lowercase letters, digits and single hyphens (got "${options.name}")`);
    if (!Number.isInteger(count) || count < 1) throw new Error(`blobLimiter: rate.count must be a positive integer (got ${count})`);
    if (!Number.isFinite(windowMs) || windowMs <= 0) throw new Error(`blobLimiter: rate.windowMs must be a positive number (got ${windowMs})`);
    this.name = options.name;
    this.rate = options.rate;
    this.container = options.container;
    this.logger = options.logger;
    this.storeFailure = options.storeFailure ?? 'fail-closed';
    this.timeoutMs = options.timeoutMs ?? DEFAULT_BLOB_LIMITER_TIMEOUT_MS;
    if (!Number.isFinite(this.timeoutMs) || this.timeoutMs <= 0) throw new Error(`blobLimiter: timeoutMs must be a positive number (got ${this.timeoutMs})`);
    this.maxAttempts = options.maxAttempts ?? BLOB_LIMITER_MAX_ATTEMPTS;
    if (!Number.isInteger(this.maxAttempts) || this.maxAttempts < 1) throw new Error(`blobLimiter: maxAttempts must be a positive integer (got ${this.maxAttempts})`);
    this.now = options.now ?? Date.now;
    this.hasher = options.hasher ?? new LimitKeyHasher({ container: options.container });
  }

  check(key: string): Promise<LimitVerdict> {
    return this.run(key, false);
  }

  take(key: string): Promise<LimitVerdict> {
    return this.run(key, true);
  }

  /** The blob holding `key`'s bucket (tests and operators: nothing in it names the key). */
  async blobName(key: string): Promise<string> {
    return `${LIMIT_BUCKETS_PREFIX}${this.name}/${await this.hasher.hash(this.name, key, AbortSignal.timeout(this.timeoutMs))}.json`;
  }

  private async run(key: string, spend: boolean): Promise<LimitVerdict> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      await untilAborted(this.container.ready(), signal);
      const blob = this.container.client.getBlockBlobClient(`${LIMIT_BUCKETS_PREFIX}${this.name}/${await this.hasher.hash(this.name, key, signal)}.json`);
      for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
        const stored = await readBlob(blob, signal);
        const now = this.now();
        const tokens = this.tokensAt(stored === undefined ? undefined : this.parseBucket(stored.text), now);
        if (tokens < 1) return { ok: false, reason: 'limited', retryAfterSeconds: this.secondsUntilOne(tokens) };
        if (!spend) return { ok: true };
        const next: StoredBucket = { tokens: tokens - 1, updatedAt: now };
        if (await writeBlob(blob, JSON.stringify(next), stored?.etag, signal)) return { ok: true };
        // Another instance spent from this bucket between our read and our write: read again.
        if (attempt < this.maxAttempts) await sleep(randomInt(0, BLOB_LIMITER_RETRY_JITTER_MS * attempt + 1));
      }
      this.logger.debug({ limit: this.name, attempts: this.maxAttempts }, 'blobLimiter: bucket contended through every attempt; request refused');
      return { ok: false, reason: 'limited', retryAfterSeconds: CONTENTION_RETRY_AFTER_SECONDS };
    } catch (err) {
      return this.storeFailed(err);
    }
  }

  /** Tokens in the bucket now; an absent bucket is full. A writer's clock ahead of ours regains nothing rather than going negative. */
  private tokensAt(bucket: StoredBucket | undefined, now: number): number {
    if (!bucket) return this.rate.count;
    const regained = (Math.max(0, now - bucket.updatedAt) * this.rate.count) / this.rate.windowMs;
    return Math.min(this.rate.count, bucket.tokens + regained);
  }

  private secondsUntilOne(tokens: number): number {
    return Math.max(1, Math.ceil(((1 - tokens) * this.rate.windowMs) / this.rate.count / 1000));
  }

  /** A bucket blob that is not what we write (edited by hand, truncated) counts as full and is overwritten. */
  private parseBucket(text: string): StoredBucket | undefined {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = storedBucket.safeParse(json);
    if (parsed.success) return parsed.data;
    this.logger.warn({ limit: this.name }, 'blobLimiter: a bucket blob was not valid JSON of {tokens, updatedAt}; counted as full and overwritten');
    return undefined;
  }

  private storeFailed(err: unknown): LimitVerdict {
    const now = this.now();
    if (now - this.lastErrorLogAt >= STORE_ERROR_LOG_INTERVAL_MS) {
      const fields = { limit: this.name, err: { message: describeStorageError(err) }, notLoggedSinceLastLine: this.errorsNotLogged };
      if (this.storeFailure === 'fail-open') {
        this.logger.warn(fields, `blobLimiter: ${this.name}: the shared store failed; requests pass unchecked until it answers again (fail open)`);
      } else {
        this.logger.error(fields, `blobLimiter: ${this.name}: the shared store failed; requests are refused until it answers again (fail closed)`);
      }
      this.lastErrorLogAt = now;
      this.errorsNotLogged = 0;
    } else {
      this.errorsNotLogged += 1;
    }
    return this.storeFailure === 'fail-open' ? { ok: true } : { ok: false, reason: 'store-unavailable', retryAfterSeconds: STORE_UNAVAILABLE_RETRY_AFTER_SECONDS };
  }
}

export interface LimitKeyHasherOptions {
  /** The shared container holding LIMIT_HASH_KEY_BLOB. */
  container: SharedContainer;
}

/**
 * Blob names for limit keys: HMAC-SHA256 of "<limit>\n<key>" under the container's key, which
 * the first instance creates (`ifNoneMatch: '*'`) and every later one reads. Loaded once; a
 * failed load is tried again at the next use.
 */
export class LimitKeyHasher {
  private readonly container: SharedContainer;
  private key: Promise<Buffer> | undefined;

  constructor(options: LimitKeyHasherOptions) {
    this.container = options.container;
  }

  /** The hex HMAC naming `key`'s bucket of `limitName`. The limit is mixed in so one client's buckets of different limits cannot be linked by name. */
  async hash(limitName: string, key: string, signal: AbortSignal): Promise<string> {
    this.key ??= this.load(signal).catch((err: unknown) => {
      this.key = undefined;
      throw err;
    });
    const secret = await untilAborted(this.key, signal);
    return createHmac('sha256', secret).update(`${limitName}\n${key}`).digest('hex');
  }

  private async load(signal: AbortSignal): Promise<Buffer> {
    await untilAborted(this.container.ready(), signal);
    const blob = this.container.client.getBlockBlobClient(LIMIT_HASH_KEY_BLOB);
    // Two rounds: if another instance creates the key between our read and our write, read theirs.
    for (let round = 0; round < 2; round++) {
      const stored = await readBlob(blob, signal);
      if (stored) return parseHashKey(stored.text);
      const secret = randomBytes(32);
      if (await writeBlob(blob, JSON.stringify({ v: 1, key: secret.toString('base64') }), undefined, signal)) return secret;
    }
    throw new Error(`blobLimiter: ${LIMIT_HASH_KEY_BLOB} was created and then deleted while loading it`);
  }
}

function parseHashKey(text: string): Buffer {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = storedKey.safeParse(json);
  const secret = parsed.success ? Buffer.from(parsed.data.key, 'base64') : Buffer.alloc(0);
  if (secret.length !== 32) throw new Error(`blobLimiter: ${LIMIT_HASH_KEY_BLOB} is not a 32-byte key; delete it only while no instance runs`);
  return secret;
}

/** The blob's text and eTag, or undefined when it does not exist (an absent container is an error, not an empty bucket). */
async function readBlob(blob: BlockBlobClient, signal: AbortSignal): Promise<{ text: string; etag: string | undefined } | undefined> {
  try {
    const response = await blob.download(0, undefined, { abortSignal: signal });
    const chunks: Buffer[] = [];
    if (response.readableStreamBody) for await (const chunk of response.readableStreamBody) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    return { text: Buffer.concat(chunks).toString('utf8'), etag: response.etag };
  } catch (err) {
    if (storageStatus(err) === 404 && storageErrorCode(err) !== 'ContainerNotFound') return undefined;
    throw err;
  }
}

/**
 * Writes `text` if the blob is still at `etag` (or still absent when `etag` is undefined).
 * False when another writer came first: 412 (eTag changed), 409 (created meanwhile), or 404
 * for a blob deleted meanwhile (a lifecycle rule).
 */
async function writeBlob(blob: BlockBlobClient, text: string, etag: string | undefined, signal: AbortSignal): Promise<boolean> {
  try {
    await blob.upload(text, Buffer.byteLength(text), {
      conditions: etag === undefined ? { ifNoneMatch: '*' } : { ifMatch: etag },
      blobHTTPHeaders: { blobContentType: 'application/json' },
      abortSignal: signal,
    });
    return true;
  } catch (err) {
    const status = storageStatus(err);
    if (status === 412 || status === 409 || (status === 404 && storageErrorCode(err) === 'BlobNotFound')) return false;
    throw err;
  }
}

/** `work`, or a rejection as soon as `signal` aborts (container.ready() takes no signal of its own). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('blobLimiter: storage did not answer in time'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Error('blobLimiter: storage did not answer in time'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
