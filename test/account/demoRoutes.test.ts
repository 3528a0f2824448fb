import type { AddressInfo } from 'node:net';
import { CloudAdapter } from 'botbuilder';
import type { Server } from 'restify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerDemoRoutes } from '../../src/account/demoRoutes';
import { createServer } from '../../src/server';
import { captureLogger, lastCode, makeDemo } from './helpers';
import type { DemoAccountAdapter } from '../../src/account/demoAccountAdapter';
import type { FakeClock } from './helpers';

let server: Server;
let base: string;
let demo: DemoAccountAdapter;
let clock: FakeClock;

beforeEach(async () => {
  ({ demo, clock } = makeDemo({ publicBaseUrl: () => base }));
  // The real host, with the demo routes as index wiring adds them.
  server = createServer({ adapter: new CloudAdapter(), bot: () => undefined, logger: captureLogger().logger, extraRoutes: (s) => registerDemoRoutes(s, demo) });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A reset token for taro, through the real flow: code by email, then a link. */
async function resetToken(): Promise<string> {
  const started = await demo.sendSecurityCode({ account: 'taro@example.com', channel: 'email', contact: 'taro.backup@example.net' });
  if (!started.ok) throw new Error('not started');
  const verified = await demo.verifyCode({ challengeId: started.challengeId, code: lastCode(demo, 'taro.backup@example.net') });
  if (!verified.ok) throw new Error('not verified');
  const link = await demo.issueResetLink({ proof: verified.proof });
  if (!link.ok) throw new Error('no link');
  expect(link.url.startsWith(`${base}/demo/reset/`)).toBe(true);
  return new URL(link.url).pathname.split('/').pop() as string;
}

function post(token: string, fields: Record<string, string>): Promise<Response> {
  return fetch(`${base}/demo/reset/${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

describe('GET /demo/outbox', () => {
  it('lists what was sent, newest first, as JSON', async () => {
    await demo.sendSecurityCode({ account: 'taro@example.com', channel: 'email', contact: 'taro.backup@example.net' });
    clock.advance(1000);
    await demo.sendUnblockCode({ account: 'hanako@example.com', phone: '080-9876-5432' });
    const response = await fetch(`${base}/demo/outbox`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { to: string; kind: string; code: string; at: string }[];
    expect(body.map((m) => [m.to, m.kind])).toEqual([
      ['080-9876-5432', 'unblock-code'],
      ['taro.backup@example.net', 'security-code'],
    ]);
    expect(body[0]?.code).toMatch(/^\d{6}$/);
    expect(Date.parse(body[0]?.at ?? '')).toBeGreaterThan(Date.parse(body[1]?.at ?? ''));
  });
});

describe('GET /demo/reset/:token', () => {
  it('shows the form, the policy and a client-side check, with a strict CSP and no referrer', async () => {
    const token = await resetToken();
    const response = await fetch(`${base}/demo/reset/${token}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('パスワードの再設定');
    expect(html).toContain('8 文字以上 16 文字以下である。');
    expect(html).toContain(`action="/demo/reset/${token}"`);
    expect(html.match(/type="password"/g)).toHaveLength(2);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).toContain("out.push('too-few-kinds')");
  });

  it('answers 404 with a Japanese page for a token never issued, without echoing it', async () => {
    const response = await fetch(`${base}/demo/reset/%3Cscript%3Ealert(1)%3C%2Fscript%3E`);
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain('このパスワード再設定リンクは正しくありません');
    expect(html).not.toContain('<script>alert');
  });

  it('answers 410 for an expired token', async () => {
    const token = await resetToken();
    clock.advance(15 * 60_000);
    const response = await fetch(`${base}/demo/reset/${token}`);
    expect(response.status).toBe(410);
    expect(await response.text()).toContain('有効期限が切れています');
  });
});

describe('POST /demo/reset/:token', () => {
  it('shows the page again with a Japanese error when the passwords differ, and keeps the token', async () => {
    const token = await resetToken();
    const response = await post(token, { newPassword: 'Madoguchi#2026', confirmPassword: 'Madoguchi#2027' });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('2 つのパスワードが一致しません。');
    expect(html).not.toContain('Madoguchi#2026');
    expect(demo.resetTokenState(token)).toBe('valid');
  });

  it('checks the policy on the server too', async () => {
    const token = await resetToken();
    const response = await post(token, { newPassword: 'abcdefgh', confirmPassword: 'abcdefgh' });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('大文字・小文字・数字・記号のうち、3 種類以上を組み合わせてください。');
    const empty = await post(token, {});
    expect(await empty.text()).toContain('パスワードを入力してください。');
    expect(await demo.passwordMatches('taro@example.com', 'abcdefgh')).toBe(false);
  });

  it('sets the password, then answers 410 when the link is used again', async () => {
    const token = await resetToken();
    const response = await post(token, { newPassword: 'Madoguchi#2026', confirmPassword: 'Madoguchi#2026' });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('パスワードを変更しました');
    expect(await demo.passwordMatches('taro@example.com', 'Madoguchi#2026')).toBe(true);

    const again = await post(token, { newPassword: 'Another#2026x', confirmPassword: 'Another#2026x' });
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('すでに使用されています');
    expect(await demo.passwordMatches('taro@example.com', 'Another#2026x')).toBe(false);
    expect((await fetch(`${base}/demo/reset/${token}`)).status).toBe(410);
  });
});
