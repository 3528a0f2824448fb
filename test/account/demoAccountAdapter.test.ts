import { describe, expect, it } from 'vitest';
import { NOT_REGISTERED, type RecoveryAnswers } from '../../dialogs/accountPort';
import { DemoAccountAdapter } from '../../src/account/demoAccountAdapter';
import { lastCode, makeDemo, wrongCode } from './helpers';

const TARO = 'taro@example.com';
const TARO_EMAIL = 'taro.backup@example.net';
const TARO_PHONE = '090-1234-5678';
const HANAKO_PHONE = '080-9876-5432';
const MINUTE = 60_000;

async function taroProof(demo: DemoAccountAdapter): Promise<string> {
  const started = await demo.sendSecurityCode({ account: TARO, channel: 'email', contact: TARO_EMAIL });
  if (!started.ok) throw new Error('test: no challenge');
  const verified = await demo.verifyCode({ challengeId: started.challengeId, code: lastCode(demo, TARO_EMAIL) });
  if (!verified.ok) throw new Error('test: not verified');
  return verified.proof;
}

/** The shape of a result with its random values replaced, to compare real and dud answers. */
function shape(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (_k, v: unknown) => (typeof v === 'string' ? (/^ch_/.test(v) ? 'ch_*' : v) : v));
}

describe('constructor', () => {
  it('rejects a base URL that is not http(s)', () => {
    expect(() => makeDemo({ publicBaseUrl: 'ftp://x' })).toThrow('demoAccountAdapter: publicBaseUrl must be an http(s) URL (got "ftp://x")');
  });
  it('rejects two accounts sharing a sign-in name', () => {
    const seed = { id: 'a@x.jp', signInNames: ['a@x.jp'], state: 'active' as const, securityEmails: [], securityPhones: [], authenticatorApp: false };
    expect(() => makeDemo({ accounts: [seed, { ...seed, id: 'b@x.jp', signInNames: ['A@X.JP'] }] })).toThrow('demoAccountAdapter: sign-in name "A@X.JP" is used by two accounts');
  });
});

describe('sendSecurityCode and verifyCode', () => {
  it('sends a 6-digit code to a registered email, typed in any width and case', async () => {
    const { demo, clock } = makeDemo();
    const started = await demo.sendSecurityCode({ account: 'ＴＡＲＯ@example.com', channel: 'email', contact: 'Taro.Backup@Example.NET ' });
    expect(started).toEqual({ ok: true, challengeId: expect.stringMatching(/^ch_/), expiresAt: new Date(clock.ms + 10 * MINUTE).toISOString() });
    const [message] = demo.outbox();
    expect(message).toEqual({ to: TARO_EMAIL, kind: 'security-code', code: expect.stringMatching(/^\d{6}$/), at: new Date(clock.ms).toISOString() });
  });

  it('sends an SMS to a registered phone written as +81, and accepts a full-width code', async () => {
    const { demo } = makeDemo();
    const started = await demo.sendSecurityCode({ account: 'taro_yamada', channel: 'sms', contact: '+81 90 1234 5678' });
    if (!started.ok) throw new Error('not started');
    const code = lastCode(demo, TARO_PHONE);
    const fullWidth = code.replace(/\d/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));
    const verified = await demo.verifyCode({ challengeId: started.challengeId, code: fullWidth });
    expect(verified).toEqual({ ok: true, proof: expect.stringMatching(/^pf_/) });
  });

  it('counts down wrong codes, then locks the challenge on the third even for the right code', async () => {
    const { demo } = makeDemo();
    const started = await demo.sendSecurityCode({ account: TARO, channel: 'email', contact: TARO_EMAIL });
    if (!started.ok) throw new Error('not started');
    const code = lastCode(demo, TARO_EMAIL);
    expect(await demo.verifyCode({ challengeId: started.challengeId, code: wrongCode(code) })).toEqual({ ok: false, reason: 'wrong-code', attemptsLeft: 2 });
    expect(await demo.verifyCode({ challengeId: started.challengeId, code: wrongCode(code) })).toEqual({ ok: false, reason: 'wrong-code', attemptsLeft: 1 });
    expect(await demo.verifyCode({ challengeId: started.challengeId, code: wrongCode(code) })).toEqual({ ok: false, reason: 'locked' });
    expect(await demo.verifyCode({ challengeId: started.challengeId, code })).toEqual({ ok: false, reason: 'locked' });
    expect(await demo.resendCode({ challengeId: started.challengeId })).toEqual({ ok: false, reason: 'locked' });
  });

  it('expires a code after 10 minutes', async () => {
    const { demo, clock } = makeDemo();
    const started = await demo.sendSecurityCode({ account: TARO, channel: 'email', contact: TARO_EMAIL });
    if (!started.ok) throw new Error('not started');
    clock.advance(10 * MINUTE - 1);
    const code = lastCode(demo, TARO_EMAIL);
    const again = await demo.sendSecurityCode({ account: TARO, channel: 'email', contact: TARO_EMAIL });
    if (!again.ok) throw new Error('not started');
    expect(await demo.verifyCode({ challengeId: again.challengeId, code: lastCode(demo, TARO_EMAIL) })).toMatchObject({ ok: true });
    clock.advance(1);
    expect(await demo.verifyCode({ challengeId: started.challengeId, code })).toEqual({ ok: false, reason: 'expired' });
  });

  it('accepts a code once only, and treats an unknown challenge as expired', async () => {
    const { demo } = makeDemo();
    const started = await demo.sendSecurityCode({ account: TARO, channel: 'email', contact: TARO_EMAIL });
    if (!started.ok) throw new Error('not started');
    const code = lastCode(demo, TARO_EMAIL);
    expect(await demo.verifyCode({ challengeId: started.challengeId, code })).toMatchObject({ ok: true });
    expect(await demo.verifyCode({ challengeId: started.challengeId, code })).toEqual({ ok: false, reason: 'expired' });
    expect(await demo.verifyCode({ challengeId: 'ch_nope', code })).toEqual({ ok: false, reason: 'expired' });
  });
});

describe('enumeration safety', () => {
  const cases = [
    ['an unknown account', { account: 'nobody@example.com', channel: 'email' as const, contact: TARO_EMAIL }],
    ['an unregistered email', { account: TARO, channel: 'email' as const, contact: 'someone@example.org' }],
    ['an unregistered phone', { account: TARO, channel: 'sms' as const, contact: '090-0000-0000' }],
    ['the right contact on the wrong channel', { account: TARO, channel: 'sms' as const, contact: TARO_EMAIL }],
  ] as const;

  it.each(cases)('answers %s exactly like a real send, but the dud never verifies and sends nothing', async (_label, request) => {
    const { demo } = makeDemo();
    const real = await demo.sendSecurityCode({ account: TARO, channel: 'email', contact: TARO_EMAIL });
    const sent = demo.outbox().length;
    const dud = await demo.sendSecurityCode(request);
    expect(shape(dud)).toEqual(shape(real));
    expect(demo.outbox()).toHaveLength(sent);
    if (!dud.ok) throw new Error('not started');
    const attempts = [];
    for (let i = 0; i < 3; i++) attempts.push(await demo.verifyCode({ challengeId: dud.challengeId, code: String(i).repeat(6) }));
    expect(attempts).toEqual([
      { ok: false, reason: 'wrong-code', attemptsLeft: 2 },
      { ok: false, reason: 'wrong-code', attemptsLeft: 1 },
      { ok: false, reason: 'locked' },
    ]);
  });

  it('resends a dud with the same limits and still sends nothing', async () => {
    const { demo, clock } = makeDemo();
    const dud = await demo.sendSecurityCode({ account: 'nobody@example.com', channel: 'sms', contact: TARO_PHONE });
    if (!dud.ok) throw new Error('not started');
    expect(await demo.resendCode({ challengeId: dud.challengeId })).toEqual({ ok: false, reason: 'rate-limited', retryAfterSeconds: 60 });
    clock.advance(MINUTE);
    expect(await demo.resendCode({ challengeId: dud.challengeId })).toMatchObject({ ok: true });
    expect(demo.outbox()).toEqual([]);
  });

  it('gives unknown accounts a plausible secret question, the same one each time', async () => {
    const { demo } = makeDemo();
    const first = await demo.startSecretQuestion({ account: 'nobody@example.com' });
    const second = await demo.startSecretQuestion({ account: 'NOBODY@example.com' });
    expect(first).toEqual({ ok: true, challengeId: expect.stringMatching(/^ch_/), question: expect.stringMatching(/は？$/) });
    if (!first.ok || !second.ok) throw new Error('not started');
    expect(second.question).toBe(first.question);
    expect(await demo.answerSecretQuestion({ challengeId: first.challengeId, answer: 'ポチ' })).toEqual({ ok: false, reason: 'wrong-code', attemptsLeft: 2 });
  });

  it('takes at least the minimum latency for known and unknown accounts alike', async () => {
    const { demo } = makeDemo({ minLatencyMs: 40 });
    for (const account of [TARO, 'nobody@example.com']) {
      const started = performance.now();
      await demo.sendSecurityCode({ account, channel: 'email', contact: TARO_EMAIL });
      expect(performance.now() - started).toBeGreaterThanOrEqual(39);
    }
  });

  it('rate-limits challenge starts per account name, known or not', async () => {
    const { demo, clock } = makeDemo({ startLimit: 2 });
    for (const account of [TARO, 'nobody@example.com']) {
      await demo.startAuthenticatorChallenge({ account });
      await demo.startSecretQuestion({ account });
      expect(await demo.sendSecurityCode({ account, channel: 'email', contact: TARO_EMAIL })).toEqual({ ok: false, reason: 'rate-limited', retryAfterSeconds: 900 });
    }
    clock.advance(15 * MINUTE);
    expect(await demo.startAuthenticatorChallenge({ account: TARO })).toMatchObject({ ok: true });
  });
});

describe('resendCode', () => {
  it('waits 60 s between sends, allows 3 resends, and each resend replaces the code', async () => {
    const { demo, clock } = makeDemo();
    const started = await demo.sendSecurityCode({ account: TARO, channel: 'sms', contact: TARO_PHONE });
    if (!started.ok) throw new Error('not started');
    const first = lastCode(demo, TARO_PHONE);
    clock.advance(30_000);
    expect(await demo.resendCode({ challengeId: started.challengeId })).toEqual({ ok: false, reason: 'rate-limited', retryAfterSeconds: 30 });
    for (let i = 0; i < 3; i++) {
      clock.advance(MINUTE);
      expect(await demo.resendCode({ challengeId: started.challengeId })).toEqual({ ok: true, expiresAt: new Date(clock.ms + 10 * MINUTE).toISOString() });
    }
    expect(demo.outbox().filter((m) => m.kind === 'security-code')).toHaveLength(4);
    clock.advance(MINUTE);
    expect(await demo.resendCode({ challengeId: started.challengeId })).toEqual({ ok: false, reason: 'rate-limited', retryAfterSeconds: 540 });
    const latest = lastCode(demo, TARO_PHONE);
    if (latest !== first) expect(await demo.verifyCode({ challengeId: started.challengeId, code: first })).toMatchObject({ reason: 'wrong-code' });
    expect(await demo.verifyCode({ challengeId: started.challengeId, code: latest })).toMatchObject({ ok: true });
  });

  it('does not revive an expired challenge', async () => {
    const { demo, clock } = makeDemo();
    const started = await demo.sendSecurityCode({ account: TARO, channel: 'sms', contact: TARO_PHONE });
    if (!started.ok) throw new Error('not started');
    clock.advance(10 * MINUTE);
    expect(await demo.resendCode({ challengeId: started.challengeId })).toEqual({ ok: false, reason: 'expired' });
  });
});

describe('outbox and log', () => {
  it('keeps messages newest first, bounded', async () => {
    const { demo, clock } = makeDemo({ outboxCapacity: 2 });
    await demo.sendSecurityCode({ account: TARO, channel: 'email', contact: TARO_EMAIL });
    clock.advance(1000);
    await demo.sendSecurityCode({ account: TARO, channel: 'sms', contact: TARO_PHONE });
    clock.advance(1000);
    await demo.startAuthenticatorChallenge({ account: TARO });
    expect(demo.outbox().map((m) => m.kind)).toEqual(['authenticator-code', 'security-code']);
    expect(demo.outbox().map((m) => m.to)).toEqual(['authenticator-app', TARO_PHONE]);
  });

  it('logs each message masked, with neither the code nor the address', async () => {
    const { demo, lines } = makeDemo();
    await demo.sendSecurityCode({ account: TARO, channel: 'email', contact: TARO_EMAIL });
    await demo.sendUnblockCode({ account: 'hanako@example.com', phone: HANAKO_PHONE });
    const sent = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'demoAccountAdapter: message sent');
    expect(sent.map((l) => [l.kind, l.to])).toEqual([
      ['security-code', 't***@example.net'],
      ['unblock-code', '***-****-5432'],
    ]);
    const all = lines.join('\n');
    for (const message of demo.outbox()) expect(all).not.toContain(message.code);
    expect(all).not.toContain(TARO_EMAIL);
    expect(all).not.toContain('9876');
  });
});

describe('issueResetLink and setPasswordWithResetToken', () => {
  it('issues a single-use link under the public base URL and sets a password that meets the policy', async () => {
    const { demo } = makeDemo();
    const link = await demo.issueResetLink({ proof: await taroProof(demo) });
    if (!link.ok) throw new Error('no link');
    expect(link.url).toMatch(/^http:\/\/bot\.test\/demo\/reset\/[A-Za-z0-9_-]{32}$/);
    const token = link.url.split('/').pop() as string;
    expect(demo.resetTokenState(token)).toBe('valid');
    expect(await demo.setPasswordWithResetToken(token, 'short')).toEqual({ ok: false, reason: 'weak', problems: ['too-short', 'too-few-kinds'] });
    expect(await demo.setPasswordWithResetToken(token, 'Madoguchi#2026')).toEqual({ ok: true });
    expect(await demo.passwordMatches('TARO@example.com', 'Madoguchi#2026')).toBe(true);
    expect(await demo.passwordMatches(TARO, 'madoguchi#2026')).toBe(false);
    expect(demo.resetTokenState(token)).toBe('used');
    expect(await demo.setPasswordWithResetToken(token, 'Another#2026')).toEqual({ ok: false, reason: 'used' });
    expect(await demo.passwordMatches(TARO, 'Madoguchi#2026')).toBe(true);
  });

  it('expires a link after 15 minutes', async () => {
    const { demo, clock } = makeDemo();
    const link = await demo.issueResetLink({ proof: await taroProof(demo) });
    if (!link.ok) throw new Error('no link');
    const token = link.url.split('/').pop() as string;
    clock.advance(15 * MINUTE);
    expect(demo.resetTokenState(token)).toBe('expired');
    expect(await demo.setPasswordWithResetToken(token, 'Madoguchi#2026')).toEqual({ ok: false, reason: 'expired' });
    expect(await demo.setPasswordWithResetToken('never-issued', 'Madoguchi#2026')).toEqual({ ok: false, reason: 'not-found' });
  });

  it('refuses unknown, expired and recovery-contact proofs', async () => {
    const { demo, clock } = makeDemo();
    expect(await demo.issueResetLink({ proof: 'pf_forged' })).toEqual({ ok: false, reason: 'invalid-proof' });
    const proof = await taroProof(demo);
    clock.advance(30 * MINUTE);
    expect(await demo.issueResetLink({ proof })).toEqual({ ok: false, reason: 'invalid-proof' });
    const contact = await demo.verifyRecoveryContact({ account: TARO, contactEmail: 'me@example.org' });
    if (!contact.ok) throw new Error('not started');
    const verified = await demo.verifyCode({ challengeId: contact.challengeId, code: lastCode(demo, 'me@example.org') });
    if (!verified.ok) throw new Error('not verified');
    expect(await demo.issueResetLink({ proof: verified.proof })).toEqual({ ok: false, reason: 'invalid-proof' });
    expect(await demo.unblock({ proof: verified.proof })).toEqual({ ok: false, reason: 'invalid-proof' });
  });
});

describe('secret question and recovery code', () => {
  it("accepts taro's answer in any kana width", async () => {
    const { demo } = makeDemo();
    const started = await demo.startSecretQuestion({ account: TARO });
    expect(started).toMatchObject({ ok: true, question: '初めて飼ったペットの名前は？' });
    if (!started.ok) throw new Error('not started');
    expect(await demo.answerSecretQuestion({ challengeId: started.challengeId, answer: 'ぽち' })).toMatchObject({ ok: true });
    const again = await demo.startSecretQuestion({ account: TARO });
    if (!again.ok) throw new Error('not started');
    expect(await demo.answerSecretQuestion({ challengeId: again.challengeId, answer: 'ﾎﾟﾁ' })).toMatchObject({ ok: true });
    expect(await demo.verifyCode({ challengeId: again.challengeId, code: '123456' })).toEqual({ ok: false, reason: 'expired' });
  });

  it('accepts the recovery code without hyphens or case, and locks after 3 wrong ones for any name', async () => {
    const { demo, clock } = makeDemo();
    const ok = await demo.checkRecoveryCode({ account: TARO, code: 'abcde12345fghij67890klmnp' });
    expect(ok).toEqual({ ok: true, proof: expect.stringMatching(/^pf_/) });
    if (!ok.ok) throw new Error('not ok');
    expect(await demo.issueResetLink({ proof: ok.proof })).toMatchObject({ ok: true });
    for (const account of [TARO, 'nobody@example.com']) {
      expect(await demo.checkRecoveryCode({ account, code: 'X' })).toEqual({ ok: false, reason: 'wrong-code', attemptsLeft: 2 });
      expect(await demo.checkRecoveryCode({ account, code: 'X' })).toEqual({ ok: false, reason: 'wrong-code', attemptsLeft: 1 });
      expect(await demo.checkRecoveryCode({ account, code: 'X' })).toEqual({ ok: false, reason: 'locked' });
    }
    expect(await demo.checkRecoveryCode({ account: TARO, code: 'ABCDE-12345-FGHIJ-67890-KLMNP' })).toEqual({ ok: false, reason: 'locked' });
    clock.advance(30 * MINUTE);
    expect(await demo.checkRecoveryCode({ account: TARO, code: 'ABCDE-12345-FGHIJ-67890-KLMNP' })).toMatchObject({ ok: true });
  });
});

describe('unblock', () => {
  it("unblocks hanako with the code sent to her phone", async () => {
    const { demo } = makeDemo();
    expect(demo.accountState('hanako@example.com')).toBe('blocked');
    const started = await demo.sendUnblockCode({ account: 'hanako@example.com', phone: '０８０ー９８７６ー５４３２' });
    if (!started.ok) throw new Error('not started');
    const verified = await demo.verifyCode({ challengeId: started.challengeId, code: lastCode(demo, HANAKO_PHONE) });
    if (!verified.ok) throw new Error('not verified');
    expect(demo.accountState('hanako@example.com')).toBe('blocked');
    expect(await demo.unblock({ proof: verified.proof })).toEqual({ ok: true });
    expect(demo.accountState('080-9876-5432')).toBe('active');
    expect(await demo.issueResetLink({ proof: verified.proof })).toMatchObject({ ok: true });
  });

  it('sends no unblock code to a phone the account does not have', async () => {
    const { demo } = makeDemo();
    const started = await demo.sendUnblockCode({ account: 'hanako@example.com', phone: TARO_PHONE });
    expect(started).toMatchObject({ ok: true });
    expect(demo.outbox()).toEqual([]);
  });
});

describe('recovery', () => {
  const CONTACT = 'jiro.personal@example.org';
  const jiroAnswers: RecoveryAnswers = {
    lastName: '山田',
    firstName: '次郎',
    birthDate: '1990-01-02',
    country: '日本',
    prefecture: '東京',
    postalCode: '１００ー０００１',
    recentSubjects: ['同窓会のお知らせ'],
  };

  async function contactProof(demo: DemoAccountAdapter, account: string): Promise<string> {
    const started = await demo.verifyRecoveryContact({ account, contactEmail: CONTACT });
    if (!started.ok) throw new Error('not started');
    const verified = await demo.verifyCode({ challengeId: started.challengeId, code: lastCode(demo, CONTACT) });
    if (!verified.ok) throw new Error('not verified');
    return verified.proof;
  }

  it('sends the contact code whether or not the account exists, but never to the account itself', async () => {
    const { demo } = makeDemo();
    await demo.verifyRecoveryContact({ account: 'nobody@example.com', contactEmail: CONTACT });
    await demo.verifyRecoveryContact({ account: 'jiro@example.com', contactEmail: 'JIRO@example.com' });
    expect(demo.outbox().map((m) => [m.to, m.kind])).toEqual([[CONTACT, 'recovery-contact-code']]);
  });

  it('returns the weak sections when too little is answered', async () => {
    const { demo } = makeDemo();
    const proof = await contactProof(demo, 'jiro@example.com');
    const base = { proof, account: 'jiro@example.com', contactEmail: CONTACT };
    expect(await demo.submitRecoveryRequest({ ...base, answers: { lastName: '山田', recentSubjects: ['a'], folderNames: ['b'], recentRecipients: ['c@example.com'], cardLast4: '1234' } })).toEqual({
      ok: false,
      reason: 'insufficient',
      sections: ['account', 'billing'],
    });
    const notRegistered = { lastName: NOT_REGISTERED, firstName: NOT_REGISTERED, birthDate: '1990-01-02', country: '日本', recentSubjects: [NOT_REGISTERED] };
    expect(await demo.submitRecoveryRequest({ ...base, answers: notRegistered })).toEqual({ ok: false, reason: 'insufficient', sections: ['account', 'mail'] });
  });

  it('refuses a proof for another account or contact, or an identity proof', async () => {
    const { demo } = makeDemo();
    const proof = await contactProof(demo, 'jiro@example.com');
    expect(await demo.submitRecoveryRequest({ proof, account: TARO, contactEmail: CONTACT, answers: jiroAnswers })).toEqual({ ok: false, reason: 'invalid-proof' });
    expect(await demo.submitRecoveryRequest({ proof, account: 'jiro@example.com', contactEmail: 'other@example.org', answers: jiroAnswers })).toEqual({ ok: false, reason: 'invalid-proof' });
    expect(await demo.submitRecoveryRequest({ proof: await taroProof(demo), account: TARO, contactEmail: TARO_EMAIL, answers: jiroAnswers })).toEqual({ ok: false, reason: 'invalid-proof' });
  });

  it("files jiro's request, reports received, in-review, then verified with a reset link mailed", async () => {
    const { demo, clock } = makeDemo();
    const proof = await contactProof(demo, 'jiro@example.com');
    const submitted = await demo.submitRecoveryRequest({ proof, account: 'jiro@example.com', contactEmail: CONTACT, answers: jiroAnswers });
    expect(submitted).toEqual({ ok: true, ticketId: expect.stringMatching(/^RR-[A-Z0-9]{8}$/) });
    if (!submitted.ok) throw new Error('not submitted');
    const t0 = clock.ms;
    expect(demo.outbox()[0]).toMatchObject({ to: CONTACT, kind: 'recovery-received', ticketId: submitted.ticketId });
    expect(await demo.getRecoveryStatus({ ticketId: submitted.ticketId })).toEqual({ ok: true, status: 'received', updatedAt: new Date(t0).toISOString() });
    clock.advance(MINUTE);
    expect(await demo.getRecoveryStatus({ ticketId: submitted.ticketId.toLowerCase() })).toEqual({ ok: true, status: 'in-review', updatedAt: new Date(t0 + MINUTE).toISOString() });
    clock.advance(4 * MINUTE);
    expect(await demo.getRecoveryStatus({ ticketId: submitted.ticketId })).toEqual({ ok: true, status: 'verified', updatedAt: new Date(t0 + 5 * MINUTE).toISOString() });
    const mail = demo.outbox()[0];
    expect(mail).toMatchObject({ to: CONTACT, kind: 'reset-link', ticketId: submitted.ticketId, link: expect.stringMatching(/^http:\/\/bot\.test\/demo\/reset\//) });
    const token = (mail?.link as string).split('/').pop() as string;
    expect(await demo.setPasswordWithResetToken(token, 'Jiro#Recovered1')).toEqual({ ok: true });
    expect(await demo.passwordMatches('jiro@example.com', 'Jiro#Recovered1')).toBe(true);
  });

  it('does not verify wrong answers or an unknown account, and says so by mail', async () => {
    const { demo, clock } = makeDemo();
    const wrong = { ...jiroAnswers, birthDate: '1991-01-02', prefecture: '大阪府', postalCode: '530-0001' };
    const forJiro = await demo.submitRecoveryRequest({ proof: await contactProof(demo, 'jiro@example.com'), account: 'jiro@example.com', contactEmail: CONTACT, answers: wrong });
    const forNobody = await demo.submitRecoveryRequest({ proof: await contactProof(demo, 'nobody@example.com'), account: 'nobody@example.com', contactEmail: CONTACT, answers: jiroAnswers });
    if (!forJiro.ok || !forNobody.ok) throw new Error('not submitted');
    clock.advance(5 * MINUTE);
    expect(demo.outbox().slice(0, 2).map((m) => m.kind)).toEqual(['recovery-result', 'recovery-result']);
    expect(await demo.getRecoveryStatus({ ticketId: forJiro.ticketId })).toMatchObject({ status: 'not-verified' });
    expect(await demo.getRecoveryStatus({ ticketId: forNobody.ticketId })).toMatchObject({ status: 'not-verified' });
    expect(await demo.getRecoveryStatus({ ticketId: 'RR-NOTATICK' })).toEqual({ ok: false, reason: 'not-found' });
  });
});
