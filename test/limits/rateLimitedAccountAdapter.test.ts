import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { createAccountAdapter } from '../../src/account/createAccountAdapter';
import { DemoAccountAdapter } from '../../src/account/demoAccountAdapter';
import { HttpAccountAdapter } from '../../src/account/httpAccountAdapter';
import { createLimiters, type CodeLimiters } from '../../src/limits/createLimiters';
import { LIMIT_NAMES, MemoryLimiter, type Limiter, type LimitVerdict } from '../../src/limits/limiter';
import { DEFAULT_LIMITS } from '../../src/limits/limits';
import { RateLimitedAccountAdapter } from '../../src/limits/rateLimitedAccountAdapter';
import type { Rate } from '../../src/limits/rateLimiter';
import { runInScope, type RequestScope } from '../../src/requestScope';
import { captureLogger, FakeClock } from '../account/helpers';
import { RecordingAccountAdapter } from './recordingAccountAdapter';

const QUARTER_HOUR = 15 * 60_000;
const GENEROUS: Rate = { count: 1_000, windowMs: QUARTER_HOUR };

function setup(rates: Partial<Record<keyof CodeLimiters, Rate>> = {}) {
  const clock = new FakeClock();
  const limiter = (name: string, rate: Rate | undefined) => new MemoryLimiter({ name, rate: rate ?? GENEROUS, now: clock.now });
  const limiters: CodeLimiters = {
    requestsPerAccount: limiter(LIMIT_NAMES.codeRequestsPerAccount, rates.requestsPerAccount),
    requestsPerClient: limiter(LIMIT_NAMES.codeRequestsPerClient, rates.requestsPerClient),
    guessesPerClient: limiter(LIMIT_NAMES.codeGuessesPerClient, rates.guessesPerClient),
  };
  const inner = new RecordingAccountAdapter();
  const { logger, lines } = captureLogger();
  const adapter = new RateLimitedAccountAdapter({ inner, limiters, logger });
  const messages = () => lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
  return { adapter, inner, clock, messages };
}

const as = <T>(scope: RequestScope, work: () => Promise<T>) => runInScope(scope, work);
const client = (address: string) => ({ clientAddress: address });
const TEAMS_A = { conversation: { channelId: 'msteams', conversationId: 'a:1' } };
const TEAMS_B = { conversation: { channelId: 'msteams', conversationId: 'b:2' } };

describe('RateLimitedAccountAdapter: challenge starts', () => {
  it('counts every way of starting a challenge per account name, normalized, and refuses before calling the service', async () => {
    const { adapter, inner, messages } = setup({ requestsPerAccount: { count: 5, windowMs: QUARTER_HOUR } });
    expect(await adapter.sendSecurityCode({ account: 'taro@example.com', channel: 'email', contact: 'taro.backup@example.net' })).toMatchObject({ ok: true });
    expect(await adapter.startAuthenticatorChallenge({ account: 'TARO@example.com' })).toMatchObject({ ok: true });
    expect(await adapter.sendUnblockCode({ account: ' ｔａｒｏ@example.com', phone: '090-1234-5678' })).toMatchObject({ ok: true });
    expect(await adapter.verifyRecoveryContact({ account: 'taro@example.com', contactEmail: 'me@example.org' })).toMatchObject({ ok: true });
    expect(await adapter.startSecretQuestion({ account: 'taro@example.com' })).toMatchObject({ ok: true });
    expect(await adapter.startSecretQuestion({ account: 'taro@example.com' })).toEqual({ ok: false, reason: 'rate-limited', retryAfterSeconds: 180 });
    expect(await adapter.sendSecurityCode({ account: 'taro@example.com', channel: 'sms', contact: '090-1234-5678' })).toEqual({ ok: false, reason: 'rate-limited', retryAfterSeconds: 180 });
    expect(inner.calls).toEqual(['sendSecurityCode', 'startAuthenticatorChallenge', 'sendUnblockCode', 'verifyRecoveryContact', 'startSecretQuestion']);
    // Another account is not affected.
    expect(await adapter.startAuthenticatorChallenge({ account: 'hanako@example.com' })).toMatchObject({ ok: true });
    expect(messages()).toContain('rateLimitedAccountAdapter: code request limit reached (per account or per client); answered as rate-limited');
  });

  it('counts per client across accounts, and the window frees it again', async () => {
    const { adapter, inner, clock } = setup({ requestsPerClient: { count: 2, windowMs: QUARTER_HOUR } });
    const from1 = client('192.0.2.1');
    expect(await as(from1, () => adapter.startAuthenticatorChallenge({ account: 'taro@example.com' }))).toMatchObject({ ok: true });
    expect(await as(from1, () => adapter.sendUnblockCode({ account: 'hanako@example.com', phone: '080-9876-5432' }))).toMatchObject({ ok: true });
    expect(await as(from1, () => adapter.startSecretQuestion({ account: 'jiro@example.com' }))).toEqual({ ok: false, reason: 'rate-limited', retryAfterSeconds: 450 });
    expect(await as(client('192.0.2.2'), () => adapter.startSecretQuestion({ account: 'jiro@example.com' }))).toMatchObject({ ok: true });
    expect(inner.calls).toHaveLength(3);
    clock.advance(450_000);
    expect(await as(from1, () => adapter.startSecretQuestion({ account: 'jiro@example.com' }))).toMatchObject({ ok: true });
  });

  it('a refusal costs nothing: an account at its limit does not spend the client\'s budget', async () => {
    const { adapter } = setup({ requestsPerAccount: { count: 1, windowMs: QUARTER_HOUR }, requestsPerClient: { count: 2, windowMs: QUARTER_HOUR } });
    const from1 = client('192.0.2.1');
    expect(await as(from1, () => adapter.startAuthenticatorChallenge({ account: 'taro@example.com' }))).toMatchObject({ ok: true });
    for (let i = 0; i < 3; i++) expect(await as(from1, () => adapter.startAuthenticatorChallenge({ account: 'taro@example.com' }))).toMatchObject({ reason: 'rate-limited' });
    expect(await as(from1, () => adapter.startAuthenticatorChallenge({ account: 'hanako@example.com' }))).toMatchObject({ ok: true });
  });

  it('without a client address (Bot Framework authentication) counts per conversation; outside a request only per account', async () => {
    const { adapter } = setup({ requestsPerClient: { count: 1, windowMs: QUARTER_HOUR } });
    expect(await as(TEAMS_A, () => adapter.startAuthenticatorChallenge({ account: 'taro@example.com' }))).toMatchObject({ ok: true });
    expect(await as(TEAMS_A, () => adapter.startAuthenticatorChallenge({ account: 'hanako@example.com' }))).toMatchObject({ reason: 'rate-limited' });
    expect(await as(TEAMS_B, () => adapter.startAuthenticatorChallenge({ account: 'hanako@example.com' }))).toMatchObject({ ok: true });
    expect(await adapter.startAuthenticatorChallenge({ account: 'jiro@example.com' })).toMatchObject({ ok: true });
    expect(await adapter.startAuthenticatorChallenge({ account: 'jiro@example.com' })).toMatchObject({ ok: true });
  });

  it('counts a resend per client (it sends a code again)', async () => {
    const { adapter, inner } = setup({ requestsPerClient: { count: 2, windowMs: QUARTER_HOUR } });
    const from1 = client('192.0.2.1');
    expect(await as(from1, () => adapter.sendSecurityCode({ account: 'taro@example.com', channel: 'email', contact: 'taro.backup@example.net' }))).toMatchObject({ ok: true });
    expect(await as(from1, () => adapter.resendCode({ challengeId: 'ch_test' }))).toMatchObject({ ok: true });
    expect(await as(from1, () => adapter.resendCode({ challengeId: 'ch_test' }))).toEqual({ ok: false, reason: 'rate-limited', retryAfterSeconds: 450 });
    expect(inner.calls).toEqual(['sendSecurityCode', 'resendCode']);
  });
});

describe('RateLimitedAccountAdapter: guesses', () => {
  it('counts codes, secret answers and recovery codes per client; past the limit answers rate-limited without asking the service', async () => {
    const { adapter, inner, messages } = setup({ guessesPerClient: { count: 3, windowMs: QUARTER_HOUR } });
    const from1 = client('192.0.2.1');
    expect(await as(from1, () => adapter.verifyCode({ challengeId: 'ch_1', code: '000000' }))).toMatchObject({ reason: 'wrong-code' });
    expect(await as(from1, () => adapter.answerSecretQuestion({ challengeId: 'ch_2', answer: 'タマ' }))).toMatchObject({ reason: 'wrong-code' });
    expect(await as(from1, () => adapter.checkRecoveryCode({ account: 'taro@example.com', code: 'WRONG-00000' }))).toMatchObject({ reason: 'wrong-code' });
    expect(await as(from1, () => adapter.verifyCode({ challengeId: 'ch_1', code: '000000' }))).toEqual({ ok: false, reason: 'rate-limited', retryAfterSeconds: 300 });
    expect(await as(from1, () => adapter.answerSecretQuestion({ challengeId: 'ch_2', answer: 'タマ' }))).toEqual({ ok: false, reason: 'rate-limited', retryAfterSeconds: 300 });
    expect(await as(from1, () => adapter.checkRecoveryCode({ account: 'taro@example.com', code: 'WRONG-00000' }))).toEqual({ ok: false, reason: 'rate-limited', retryAfterSeconds: 300 });
    expect(inner.calls).toEqual(['verifyCode', 'answerSecretQuestion', 'checkRecoveryCode']);
    expect(messages()).toContain('rateLimitedAccountAdapter: too many code guesses from one client; answered as rate-limited');
    // Another client still has its own tries.
    expect(await as(client('192.0.2.2'), () => adapter.verifyCode({ challengeId: 'ch_1', code: '000000' }))).toMatchObject({ reason: 'wrong-code' });
  });

  it('counts an IPv6 client per /64: a fresh address from the same network is the same client', async () => {
    const { adapter } = setup({ guessesPerClient: { count: 2, windowMs: QUARTER_HOUR } });
    await as(client('2001:db8:1:2::10'), () => adapter.verifyCode({ challengeId: 'ch_1', code: '000000' }));
    await as(client('2001:db8:1:2:aaaa:bbbb:cccc:dddd'), () => adapter.verifyCode({ challengeId: 'ch_1', code: '000000' }));
    expect(await as(client('2001:0db8:0001:0002::ffff'), () => adapter.verifyCode({ challengeId: 'ch_1', code: '000000' }))).toMatchObject({ ok: false, reason: 'rate-limited' });
    expect(await as(client('2001:db8:1:3::10'), () => adapter.verifyCode({ challengeId: 'ch_1', code: '000000' }))).toMatchObject({ reason: 'wrong-code' });
  });

  it('counts guesses per conversation without a client address', async () => {
    const { adapter } = setup({ guessesPerClient: { count: 1, windowMs: QUARTER_HOUR } });
    expect(await as(TEAMS_A, () => adapter.verifyCode({ challengeId: 'ch_1', code: '000000' }))).toMatchObject({ reason: 'wrong-code' });
    expect(await as(TEAMS_A, () => adapter.verifyCode({ challengeId: 'ch_1', code: '000000' }))).toMatchObject({ ok: false, reason: 'rate-limited' });
    expect(await as(TEAMS_B, () => adapter.verifyCode({ challengeId: 'ch_1', code: '000000' }))).toMatchObject({ reason: 'wrong-code' });
  });
});

describe('RateLimitedAccountAdapter: a limit store that fails (closed)', () => {
  /** What a fail-closed BlobLimiter answers while storage is down. */
  class DownLimiter implements Limiter {
    readonly name = 'down';
    readonly rate = GENEROUS;
    async check(): Promise<LimitVerdict> {
      return { ok: false, reason: 'store-unavailable', retryAfterSeconds: 30 };
    }
    async take(): Promise<LimitVerdict> {
      return this.check();
    }
  }

  it('answers unavailable (the flows offer to try again) and never calls the service', async () => {
    const inner = new RecordingAccountAdapter();
    const down = new DownLimiter();
    const adapter = new RateLimitedAccountAdapter({ inner, limiters: { requestsPerAccount: down, requestsPerClient: down, guessesPerClient: down }, logger: captureLogger().logger });
    const from1 = client('192.0.2.1');
    expect(await as(from1, () => adapter.sendSecurityCode({ account: 'taro@example.com', channel: 'email', contact: 'x@example.net' }))).toEqual({ ok: false, reason: 'unavailable' });
    expect(await as(from1, () => adapter.startSecretQuestion({ account: 'taro@example.com' }))).toEqual({ ok: false, reason: 'unavailable' });
    expect(await as(from1, () => adapter.resendCode({ challengeId: 'ch_1' }))).toEqual({ ok: false, reason: 'unavailable' });
    expect(await as(from1, () => adapter.verifyCode({ challengeId: 'ch_1', code: '000000' }))).toEqual({ ok: false, reason: 'unavailable' });
    expect(await as(from1, () => adapter.checkRecoveryCode({ account: 'taro@example.com', code: 'X' }))).toEqual({ ok: false, reason: 'unavailable' });
    expect(inner.calls).toEqual([]);
  });
});

describe('RateLimitedAccountAdapter: the rest', () => {
  it('passes proof and ticket operations through unlimited', async () => {
    const { adapter, inner } = setup({ requestsPerAccount: { count: 1, windowMs: QUARTER_HOUR }, requestsPerClient: { count: 1, windowMs: QUARTER_HOUR }, guessesPerClient: { count: 1, windowMs: QUARTER_HOUR } });
    for (let i = 0; i < 3; i++) {
      await adapter.issueResetLink({ proof: 'pf_1' });
      await adapter.unblock({ proof: 'pf_1' });
      await adapter.submitRecoveryRequest({ proof: 'pf_1', account: 'jiro@example.com', contactEmail: 'me@example.org', answers: {} });
      expect(await adapter.getRecoveryStatus({ ticketId: 'RR-TEST0001' })).toEqual({ ok: false, reason: 'not-found' });
    }
    expect(inner.calls.filter((c) => c === 'getRecoveryStatus')).toHaveLength(3);
    expect(inner.calls).toHaveLength(12);
  });
});

describe('createAccountAdapter with limiters (issue 11)', () => {
  function accountConfig(env: Record<string, string>) {
    const loaded = loadConfig(env);
    if (!loaded.ok) throw new Error(loaded.error);
    return loaded.config.account;
  }

  it('wraps the HTTP client in the bot-level code limits', () => {
    const account = accountConfig({ ACCOUNT_ADAPTER: 'http', ACCOUNT_API_BASE_URL: 'https://accounts.example.internal', ACCOUNT_API_KEY: 'k' });
    const limiters = createLimiters(DEFAULT_LIMITS, { logger: captureLogger().logger });
    const wiring = createAccountAdapter({ account, logger: captureLogger().logger, publicBaseUrl: 'http://127.0.0.1:3978', limits: DEFAULT_LIMITS, limiters: limiters.code });
    expect(wiring.kind).toBe('http');
    expect(wiring.adapter).toBeInstanceOf(RateLimitedAccountAdapter);
    expect(wiring.adapter).not.toBeInstanceOf(HttpAccountAdapter);
  });

  it('lets the demo count its per-client limits in the given limiters', async () => {
    const clock = new FakeClock();
    const limiters = createLimiters({ ...DEFAULT_LIMITS, codeRequestsPerClient: { count: 1, windowMs: QUARTER_HOUR }, codeGuessesPerClient: { count: 1, windowMs: QUARTER_HOUR } }, { logger: captureLogger().logger, now: clock.now });
    const wiring = createAccountAdapter({ account: accountConfig({}), logger: captureLogger().logger, publicBaseUrl: 'http://127.0.0.1:3978', limits: DEFAULT_LIMITS, limiters: limiters.code });
    if (wiring.kind !== 'demo') throw new Error('test: expected the demo');
    expect(wiring.adapter).toBeInstanceOf(DemoAccountAdapter);
    const from1 = client('192.0.2.1');
    expect(await as(from1, () => wiring.demo.startAuthenticatorChallenge({ account: 'taro@example.com' }))).toMatchObject({ ok: true });
    expect(await as(from1, () => wiring.demo.startAuthenticatorChallenge({ account: 'hanako@example.com' }))).toMatchObject({ reason: 'rate-limited' });
    // The demo's limit and the shared limiter are one count: the limiter itself is spent.
    expect(await limiters.code.requestsPerClient.check('client:192.0.2.1')).toMatchObject({ ok: false, reason: 'limited' });
  });
});
