import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpAccountAdapter, parseRetryAfter, type HttpAccountAdapterOptions } from '../../src/account/httpAccountAdapter';
import type { DemoAccountAdapter } from '../../src/account/demoAccountAdapter';
import { AccountServiceStub } from './accountServiceStub';
import { captureLogger, lastCode, makeDemo } from './helpers';

const API_KEY = 'test-key-123';
const TARO = 'taro@example.com';
const TARO_EMAIL = 'taro.backup@example.net';

let demo: DemoAccountAdapter;
let stub: AccountServiceStub;
let lines: string[];

beforeEach(async () => {
  ({ demo } = makeDemo());
  stub = new AccountServiceStub(demo, API_KEY);
  await stub.start();
});

afterEach(async () => {
  await stub.stop();
});

function client(options: Partial<HttpAccountAdapterOptions> = {}): HttpAccountAdapter {
  const captured = captureLogger();
  lines = captured.lines;
  return new HttpAccountAdapter({ baseUrl: stub.baseUrl, apiKey: API_KEY, timeoutMs: 5_000, logger: captured.logger, retryBaseDelayMs: 5, ...options });
}

function messages(): string[] {
  return lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
}

describe('constructor', () => {
  it.each([
    [{ baseUrl: 'localhost:1' }, 'httpAccountAdapter: baseUrl must be an http(s) URL (got "localhost:1")'],
    [{ apiKey: ' ' }, 'httpAccountAdapter: apiKey must not be empty'],
    [{ timeoutMs: 0 }, 'httpAccountAdapter: timeoutMs must be positive (got 0)'],
  ])('rejects %j', (override, message) => {
    expect(() => client(override)).toThrow(message);
  });
});

describe('the contract, end to end', () => {
  it('resets a password: code by email, verify, reset link', async () => {
    const api = client();
    const started = await api.sendSecurityCode({ account: TARO, channel: 'email', contact: TARO_EMAIL });
    expect(started).toEqual({ ok: true, challengeId: expect.stringMatching(/^ch_/), expiresAt: expect.any(String) });
    if (!started.ok) throw new Error('not started');
    expect(await api.verifyCode({ challengeId: started.challengeId, code: '000000' === lastCode(demo, TARO_EMAIL) ? '111111' : '000000' })).toEqual({ ok: false, reason: 'wrong-code', attemptsLeft: 2 });
    const verified = await api.verifyCode({ challengeId: started.challengeId, code: lastCode(demo, TARO_EMAIL) });
    if (!verified.ok) throw new Error('not verified');
    expect(await api.verifyCode({ challengeId: started.challengeId, code: lastCode(demo, TARO_EMAIL) })).toEqual({ ok: false, reason: 'expired' });
    expect(await api.issueResetLink({ proof: verified.proof })).toEqual({ ok: true, url: expect.stringMatching(/^http:\/\/bot\.test\/demo\/reset\//), expiresAt: expect.any(String) });
    expect(await api.issueResetLink({ proof: 'pf_forged' })).toEqual({ ok: false, reason: 'invalid-proof' });
  });

  it('unblocks with a phone code, and maps locked, resend limits and unknown challenges', async () => {
    const api = client();
    const started = await api.sendUnblockCode({ account: 'hanako@example.com', phone: '080-9876-5432' });
    if (!started.ok) throw new Error('not started');
    expect(await api.resendCode({ challengeId: started.challengeId })).toEqual({ ok: false, reason: 'rate-limited', retryAfterSeconds: 60 });
    const verified = await api.verifyCode({ challengeId: started.challengeId, code: lastCode(demo, '080-9876-5432') });
    if (!verified.ok) throw new Error('not verified');
    expect(await api.unblock({ proof: verified.proof })).toEqual({ ok: true });
    expect(demo.accountState('hanako@example.com')).toBe('active');
    expect(await api.unblock({ proof: 'nope' })).toEqual({ ok: false, reason: 'invalid-proof' });
    expect(await api.resendCode({ challengeId: started.challengeId })).toEqual({ ok: false, reason: 'expired' });

    const other = await api.startAuthenticatorChallenge({ account: TARO });
    if (!other.ok) throw new Error('not started');
    for (let i = 0; i < 3; i++) await api.verifyCode({ challengeId: other.challengeId, code: 'x' });
    expect(await api.resendCode({ challengeId: other.challengeId })).toEqual({ ok: false, reason: 'locked' });
    stub.fail('verifyCode', { status: 404, body: JSON.stringify({ status: 404, code: 'challenge-not-found' }) });
    expect(await api.verifyCode({ challengeId: 'ch_unknown', code: '123456' })).toEqual({ ok: false, reason: 'expired' });
    stub.fail('verifyCode', { status: 410, body: JSON.stringify({ status: 410, code: 'challenge-locked' }) });
    expect(await api.verifyCode({ challengeId: 'ch_unknown', code: '123456' })).toEqual({ ok: false, reason: 'locked' });
  });

  it('answers the secret question and checks a recovery code', async () => {
    const api = client();
    const question = await api.startSecretQuestion({ account: TARO });
    expect(question).toMatchObject({ ok: true, question: '初めて飼ったペットの名前は？' });
    if (!question.ok) throw new Error('not started');
    expect(await api.answerSecretQuestion({ challengeId: question.challengeId, answer: 'ぽち' })).toMatchObject({ ok: true });
    expect(await api.checkRecoveryCode({ account: TARO, code: 'nope' })).toEqual({ ok: false, reason: 'wrong-code', attemptsLeft: 2 });
    expect(await api.checkRecoveryCode({ account: TARO, code: 'ABCDE-12345-FGHIJ-67890-KLMNP' })).toMatchObject({ ok: true });
  });

  it('files a recovery request, reports insufficient answers, and reads its status', async () => {
    const api = client();
    const contact = 'jiro.personal@example.org';
    const started = await api.verifyRecoveryContact({ account: 'jiro@example.com', contactEmail: contact });
    if (!started.ok) throw new Error('not started');
    const verified = await api.verifyCode({ challengeId: started.challengeId, code: lastCode(demo, contact) });
    if (!verified.ok) throw new Error('not verified');
    const base = { proof: verified.proof, account: 'jiro@example.com', contactEmail: contact };
    expect(await api.submitRecoveryRequest({ ...base, answers: { lastName: '山田' } })).toEqual({ ok: false, reason: 'insufficient', sections: ['account', 'mail'] });
    const answers = { lastName: '山田', firstName: '次郎', birthDate: '1990-01-02', prefecture: '東京都', postalCode: '100-0001' };
    const submitted = await api.submitRecoveryRequest({ ...base, answers });
    expect(submitted).toEqual({ ok: true, ticketId: expect.stringMatching(/^RR-/) });
    if (!submitted.ok) throw new Error('not submitted');
    expect(await api.getRecoveryStatus({ ticketId: submitted.ticketId })).toEqual({ ok: true, status: 'received', updatedAt: expect.any(String) });
    expect(await api.getRecoveryStatus({ ticketId: 'RR-AAAAAAAA' })).toEqual({ ok: false, reason: 'not-found' });
  });
});

describe('failures', () => {
  it('gives up on a slow reply at the timeout, without retrying', async () => {
    const api = client({ timeoutMs: 150 });
    stub.fail('getRecoveryStatus', { delayMs: 6_000 });
    const started = performance.now();
    expect(await api.getRecoveryStatus({ ticketId: 'RR-AAAAAAAA' })).toEqual({ ok: false, reason: 'unavailable' });
    expect(performance.now() - started).toBeLessThan(4_000);
    expect(stub.count('getRecoveryStatus')).toBe(1);
    expect(messages()).toContain('httpAccountAdapter: getRecoveryStatus timed out after 150 ms');
  });

  it('maps a 500 to unavailable and does not retry it', async () => {
    const api = client();
    stub.fail('sendSecurityCode', { status: 500 });
    expect(await api.sendSecurityCode({ account: TARO, channel: 'email', contact: TARO_EMAIL })).toEqual({ ok: false, reason: 'unavailable' });
    expect(stub.count('sendSecurityCode')).toBe(1);
    expect(messages()).toContain('httpAccountAdapter: sendSecurityCode answered 500');
  });

  it('retries a safe call after a 429, waiting Retry-After', async () => {
    const api = client();
    stub.fail('getRecoveryStatus', { status: 429, headers: { 'Retry-After': '1' } });
    const started = performance.now();
    expect(await api.getRecoveryStatus({ ticketId: 'RR-AAAAAAAA' })).toEqual({ ok: false, reason: 'not-found' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(stub.count('getRecoveryStatus')).toBe(2);
  });

  it('retries an idempotent POST with the same Idempotency-Key, so the code is sent once', async () => {
    const api = client();
    stub.fail('sendSecurityCode', { status: 503 }, { destroy: true });
    expect(await api.sendSecurityCode({ account: TARO, channel: 'email', contact: TARO_EMAIL })).toMatchObject({ ok: true });
    const keys = stub.requests.filter((r) => r.operation === 'sendSecurityCode').map((r) => r.idempotencyKey);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(demo.outbox()).toHaveLength(1);
  });

  it('does not retry an unsafe call after a 429 or a network error', async () => {
    const api = client();
    stub.fail('verifyCode', { status: 429, headers: { 'Retry-After': '0' } }, { destroy: true });
    expect(await api.verifyCode({ challengeId: 'ch_x', code: '123456' })).toEqual({ ok: false, reason: 'unavailable' });
    expect(await api.verifyCode({ challengeId: 'ch_x', code: '123456' })).toEqual({ ok: false, reason: 'unavailable' });
    expect(stub.count('verifyCode')).toBe(2);
    expect(stub.requests.every((r) => r.idempotencyKey === undefined)).toBe(true);
    stub.fail('checkRecoveryCode', { status: 503 });
    expect(await api.checkRecoveryCode({ account: TARO, code: 'x' })).toEqual({ ok: false, reason: 'unavailable' });
    expect(stub.count('checkRecoveryCode')).toBe(1);
  });

  it('reports rate-limited without waiting when Retry-After is long', async () => {
    const api = client();
    stub.fail('sendSecurityCode', { status: 429, headers: { 'Retry-After': '120' } });
    expect(await api.sendSecurityCode({ account: TARO, channel: 'email', contact: TARO_EMAIL })).toEqual({ ok: false, reason: 'rate-limited', retryAfterSeconds: 120 });
    expect(stub.count('sendSecurityCode')).toBe(1);
  });

  it('stops after maxRetries and answers unavailable', async () => {
    const api = client({ maxRetries: 2 });
    stub.fail('startSecretQuestion', { status: 503 }, { status: 503 }, { status: 503 }, { status: 503 });
    expect(await api.startSecretQuestion({ account: TARO })).toEqual({ ok: false, reason: 'unavailable' });
    expect(stub.count('startSecretQuestion')).toBe(3);
  });

  it('maps malformed JSON to unavailable, logging its size but not its content', async () => {
    const api = client();
    stub.fail('issueResetLink', { status: 201, body: '{"url": "http://x/taro@example.com", ' });
    expect(await api.issueResetLink({ proof: 'pf_x' })).toEqual({ ok: false, reason: 'unavailable' });
    expect(messages()).toContain('httpAccountAdapter: issueResetLink answered malformed JSON');
    expect(lines.join('\n')).not.toContain('taro@example.com');
  });

  it('maps a body that breaks the contract to unavailable, logging paths only', async () => {
    const api = client();
    stub.fail('sendSecurityCode', { status: 201, body: JSON.stringify({ challengeId: 'ch_1', expiresAt: 'taro.backup@example.net' }) });
    expect(await api.sendSecurityCode({ account: TARO, channel: 'email', contact: TARO_EMAIL })).toEqual({ ok: false, reason: 'unavailable' });
    const entry = lines.map((l) => JSON.parse(l) as { msg: string; issues?: string[] }).find((l) => l.msg === 'httpAccountAdapter: sendSecurityCode answered a body that does not match the contract');
    expect(entry?.issues).toEqual(['expiresAt: invalid_format']);
    expect(lines.join('\n')).not.toContain(TARO_EMAIL);
    stub.fail('verifyCode', { status: 200, body: JSON.stringify({ result: 'wrong-code', attemptsLeft: 'two' }) });
    expect(await api.verifyCode({ challengeId: 'ch_1', code: '1' })).toEqual({ ok: false, reason: 'unavailable' });
  });

  it('maps a wrong API key to unavailable and tells the operator', async () => {
    const api = client({ apiKey: 'wrong' });
    expect(await api.startAuthenticatorChallenge({ account: TARO })).toEqual({ ok: false, reason: 'unavailable' });
    expect(messages()).toContain('httpAccountAdapter: startAuthenticatorChallenge answered 401 (unauthorized)');
  });

  it('answers unavailable when nothing listens', async () => {
    await stub.stop();
    const api = client({ maxRetries: 1 });
    expect(await api.getRecoveryStatus({ ticketId: 'RR-AAAAAAAA' })).toEqual({ ok: false, reason: 'unavailable' });
    await stub.start();
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['5', 5],
    [' 0 ', 0],
    ['Wed, 05 Jan 2026 09:00:30 GMT', 30],
    ['soon', undefined],
    [null, undefined],
  ])('reads %j as %j', (value, seconds) => {
    expect(parseRetryAfter(value, Date.parse('2026-01-05T09:00:00Z'))).toBe(seconds);
  });
});
