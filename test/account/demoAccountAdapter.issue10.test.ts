import { describe, expect, it } from 'vitest';
import { runInScope } from '../../src/requestScope';
import { makeDemo } from './helpers';

const MINUTE = 60_000;
const TARO_EMAIL = 'taro.backup@example.net';
const A = { channelId: 'directline', conversationId: 'conv-a' };
const B = { channelId: 'directline', conversationId: 'conv-b' };

describe('DemoAccountAdapter limits per account and per client (issue 10)', () => {
  it('counts code requests per account across its sign-in names (taro@example.com and taro_yamada share one budget)', async () => {
    const { demo, clock } = makeDemo({ startLimit: 4 });
    await demo.sendSecurityCode({ account: 'taro@example.com', channel: 'email', contact: TARO_EMAIL });
    await demo.startAuthenticatorChallenge({ account: 'taro_yamada' });
    await demo.startSecretQuestion({ account: 'ＴＡＲＯ＠example.com' });
    expect(await demo.startAuthenticatorChallenge({ account: 'taro_yamada' })).toMatchObject({ ok: true });
    expect(await demo.sendSecurityCode({ account: 'taro@example.com', channel: 'email', contact: TARO_EMAIL })).toEqual({ ok: false, reason: 'rate-limited', retryAfterSeconds: 900 });
    expect(await demo.startSecretQuestion({ account: 'taro_yamada' })).toEqual({ ok: false, reason: 'rate-limited', retryAfterSeconds: 900 });
    // Another account is not affected; the window frees the account again.
    expect(await demo.startAuthenticatorChallenge({ account: 'hanako@example.com' })).toMatchObject({ ok: true });
    clock.advance(15 * MINUTE);
    expect(await demo.startAuthenticatorChallenge({ account: 'taro_yamada' })).toMatchObject({ ok: true });
  });

  it('keys an unknown name by its normalized form, as before: its writings share a budget, other names do not', async () => {
    const { demo } = makeDemo({ startLimit: 2 });
    await demo.startAuthenticatorChallenge({ account: 'nobody@example.com' });
    await demo.startAuthenticatorChallenge({ account: 'NOBODY@EXAMPLE.COM' });
    expect(await demo.startAuthenticatorChallenge({ account: 'ｎｏｂｏｄｙ@example.com' })).toMatchObject({ ok: false, reason: 'rate-limited' });
    expect(await demo.startAuthenticatorChallenge({ account: 'someone@example.com' })).toMatchObject({ ok: true });
  });

  it('locks recovery codes per account: wrong codes under two names add up', async () => {
    const { demo } = makeDemo({ maxCodeAttempts: 2 });
    expect(await demo.checkRecoveryCode({ account: 'taro@example.com', code: 'WRONG-00000' })).toMatchObject({ reason: 'wrong-code', attemptsLeft: 1 });
    expect(await demo.checkRecoveryCode({ account: 'taro_yamada', code: 'WRONG-00000' })).toEqual({ ok: false, reason: 'locked' });
  });

  it('limits code requests per client address across accounts (from the request scope)', async () => {
    const { demo, clock } = makeDemo({ codeRequestsPerClient: { count: 2, windowMs: 15 * MINUTE } });
    const asClient = <T>(address: string, work: () => Promise<T>) => runInScope({ clientAddress: address }, work);
    expect(await asClient('192.0.2.1', () => demo.startAuthenticatorChallenge({ account: 'taro@example.com' }))).toMatchObject({ ok: true });
    expect(await asClient('192.0.2.1', () => demo.sendUnblockCode({ account: 'hanako@example.com', phone: '080-9876-5432' }))).toMatchObject({ ok: true });
    expect(await asClient('192.0.2.1', () => demo.startSecretQuestion({ account: 'jiro@example.com' }))).toEqual({ ok: false, reason: 'rate-limited', retryAfterSeconds: 450 });
    expect(await asClient('192.0.2.2', () => demo.startSecretQuestion({ account: 'jiro@example.com' }))).toMatchObject({ ok: true });
    // Outside a request scope (tests, proactive work) there is no client to count.
    expect(await demo.startSecretQuestion({ account: 'jiro@example.com' })).toMatchObject({ ok: true });
    clock.advance(450_000);
    expect(await asClient('192.0.2.1', () => demo.startSecretQuestion({ account: 'jiro@example.com' }))).toMatchObject({ ok: true });
  });

  it('limits guesses per client address across accounts: past the limit a guess is answered as locked', async () => {
    const { demo, lines } = makeDemo({ codeGuessesPerClient: { count: 2, windowMs: 15 * MINUTE } });
    const taro = await demo.startAuthenticatorChallenge({ account: 'taro@example.com' });
    const jiro = await demo.startSecretQuestion({ account: 'jiro@example.com' });
    if (!taro.ok || !jiro.ok) throw new Error('test: challenges should start');
    await runInScope({ clientAddress: '192.0.2.1' }, async () => {
      expect(await demo.verifyCode({ challengeId: taro.challengeId, code: '000000' })).toMatchObject({ reason: 'wrong-code' });
      expect(await demo.answerSecretQuestion({ challengeId: jiro.challengeId, answer: 'タマ' })).toMatchObject({ reason: 'wrong-code' });
      expect(await demo.verifyCode({ challengeId: taro.challengeId, code: '000000' })).toEqual({ ok: false, reason: 'locked' });
      expect(await demo.checkRecoveryCode({ account: 'taro@example.com', code: 'ABCDE-12345-FGHIJ-67890-KLMNP' })).toEqual({ ok: false, reason: 'locked' });
    });
    expect(lines.some((l) => l.includes('demoAccountAdapter: too many guesses from one client address'))).toBe(true);
    // Another client still has its own tries, and the challenge itself was not used up.
    expect(await runInScope({ clientAddress: '192.0.2.2' }, () => demo.verifyCode({ challengeId: taro.challengeId, code: '000000' }))).toMatchObject({ reason: 'wrong-code', attemptsLeft: 1 });
  });
});

describe('DemoAccountAdapter outbox per conversation (issue 10)', () => {
  it('tags each message with the conversation that asked for it, resends and recovery mails included', async () => {
    const { demo } = makeDemo({ resendIntervalMs: 0 });
    const a = await runInScope({ conversation: A }, () => demo.sendSecurityCode({ account: 'taro@example.com', channel: 'email', contact: TARO_EMAIL }));
    await runInScope({ conversation: B }, () => demo.sendUnblockCode({ account: 'hanako@example.com', phone: '080-9876-5432' }));
    if (!a.ok) throw new Error('test: the code should be sent');
    // A resend asked from anywhere still belongs to the conversation that started the challenge.
    await runInScope({ conversation: B }, () => demo.resendCode({ challengeId: a.challengeId }));
    expect(demo.outboxFor(A).map((m) => m.to)).toEqual([TARO_EMAIL, TARO_EMAIL]);
    expect(demo.outboxFor(B).map((m) => m.to)).toEqual(['080-9876-5432']);
    expect(demo.outboxFor({ channelId: 'emulator', conversationId: 'conv-a' })).toEqual([]);
    expect(demo.outbox()).toHaveLength(3);
    // The JSON pages read never names a conversation.
    expect(JSON.stringify(demo.outbox())).not.toContain('conv-');
  });
});
