import type { AddressInfo } from 'node:net';
import path from 'node:path';
import restify, { type Server } from 'restify';
import { afterEach, describe, expect, it } from 'vitest';
import { BOT_NAME, messages } from '../../../dialogs/messages';
import { createLogger } from '../../../src/logger';
import { defaultPublicDir, defaultWebChatBundle } from '../../../src/channels/webchat/assets';
import { registerWebChatPage, type WebChatPageOptions } from '../../../src/channels/webchat/registerWebChatPage';

let server: Server | undefined;

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function start(options: Partial<WebChatPageOptions> = {}): Promise<string> {
  server = restify.createServer({ handleUncaughtExceptions: false });
  registerWebChatPage(server, { botName: BOT_NAME, logger: createLogger('silent'), ...options });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

interface PageConfigJson {
  botName: string;
  locale: string;
  directLinePath: string;
  demoOutboxUrl: string | null;
  nonce: string;
  strings: { inbox: { title: string } };
}

function configOf(html: string): PageConfigJson {
  const match = /<script type="application\/json" id="madoguchi-config">([^<]*)<\/script>/.exec(html);
  if (!match?.[1]) throw new Error('no config block');
  return JSON.parse(match[1]) as PageConfigJson;
}

describe('registerWebChatPage', () => {
  it('serves a Japanese page with the bot name, a strict CSP and no inline script', async () => {
    const base = await start();
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain(`<h1 class="site-header__title">${BOT_NAME}</h1>`);
    expect(html).toContain('name="viewport"');

    const config = configOf(html);
    expect(config).toMatchObject({ botName: BOT_NAME, locale: 'ja-JP', directLinePath: '/v3/directline', demoOutboxUrl: null });
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain(`'nonce-${config.nonce}'`);
    expect(csp).toContain("connect-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');

    // Every executable script comes from this server.
    const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1] ?? '');
    for (const attrs of scripts) expect(attrs.includes('type="application/json"') || /src="\/webchat\//.test(attrs), attrs).toBe(true);
    expect(html).not.toContain('<aside');
    expect(html).not.toContain('inbox-toggle');
  });

  it('uses a fresh nonce per response', async () => {
    const base = await start();
    const a = configOf(await (await fetch(`${base}/`)).text()).nonce;
    const b = configOf(await (await fetch(`${base}/`)).text()).nonce;
    expect(a).not.toBe(b);
  });

  it('shows the demo inbox panel only when an outbox URL is given', async () => {
    const base = await start({ demoOutboxUrl: '/demo/outbox' });
    const html = await (await fetch(`${base}/`)).text();
    expect(html).toContain(`<h2 id="inbox-title">${messages.webChatPage.inbox.title}</h2>`);
    expect(configOf(html).demoOutboxUrl).toBe('/demo/outbox');
  });

  it('gives the inbox a header button that controls it as a drawer (phones), and a labelled close button', async () => {
    const base = await start({ demoOutboxUrl: '/demo/outbox' });
    const html = await (await fetch(`${base}/`)).text();
    const inbox = messages.webChatPage.inbox;
    const toggle = /<button([^>]*)id="inbox-toggle"([^>]*)>/.exec(html);
    expect(toggle).not.toBeNull();
    const attrs = `${toggle?.[1] ?? ''} ${toggle?.[2] ?? ''}`;
    expect(attrs).toContain('aria-expanded="false"');
    expect(attrs).toContain('aria-controls="inbox"');
    expect(html).toContain('<aside class="inbox" id="inbox"');
    // The toggle sits in the header, before the chat; the drawer's close button says what it closes.
    expect(html.indexOf('id="inbox-toggle"')).toBeLessThan(html.indexOf('<main'));
    expect(html).toContain(`aria-label="${inbox.closeLabel}">${inbox.close}</button>`);
    // The inbox scrolls on its own: focusable, so keyboard users can scroll it (WCAG 2.1.1).
    expect(html).toMatch(/<aside class="inbox"[^>]*tabindex="0"/);
  });

  it('escapes what it puts into the page', async () => {
    const base = await start({ botName: '</script><script>alert(1)</script>' });
    const html = await (await fetch(`${base}/`)).text();
    expect(html).not.toContain('<script>alert(1)');
    expect(configOf(html).botName).toBe('</script><script>alert(1)</script>');
  });

  it("serves Web Chat's UMD bundle from the installed package, and the page's own files", async () => {
    const base = await start();
    const bundle = await fetch(`${base}/webchat/vendor/webchat.js`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const js = await bundle.text();
    expect(js.length).toBeGreaterThan(1_000_000);
    expect(js).toContain('window.WebChat=');
    for (const [file, type] of [
      ['app.js', 'text/javascript; charset=utf-8'],
      ['app.css', 'text/css; charset=utf-8'],
      ['favicon.svg', 'image/svg+xml'],
    ]) {
      const res = await fetch(`${base}/webchat/${file}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
    }
    expect((await fetch(`${base}/webchat/..%2f..%2fpackage.json`)).status).toBe(404);
    expect((await fetch(`${base}/webchat/registerWebChatPage.ts`)).status).toBe(404);
  });

  it('finds its files from the project root (so dist/ works too)', () => {
    expect(defaultPublicDir()).toBe(path.resolve(__dirname, '../../../src/channels/webchat/public'));
    expect(defaultWebChatBundle()).toBe(path.resolve(__dirname, '../../../node_modules/botframework-webchat/dist/webchat.js'));
  });

  it('refuses to start without the bundle or the static files, saying which', () => {
    const s = restify.createServer();
    expect(() => registerWebChatPage(s, { botName: 'x', logger: createLogger('silent'), webChatBundle: '/nonexistent/webchat.js' })).toThrow(
      "webChatPage: Web Chat's browser bundle was not found (/nonexistent/webchat.js); run npm install",
    );
    expect(() => registerWebChatPage(s, { botName: 'x', logger: createLogger('silent'), publicDir: '/nonexistent' })).toThrow(
      "webChatPage: the page's static files were not found (looked for app.js in /nonexistent)",
    );
  });
});
