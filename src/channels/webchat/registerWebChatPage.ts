import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Response, Server } from 'restify';
import { messages } from '../../../dialogs/messages';
import type { Logger } from '../../logger';
import { DIRECTLINE_PATH } from '../directline/registerDirectLine';
import { defaultPublicDir, defaultWebChatBundle } from './assets';
import { PAGE_LOCALE, renderPage } from './pageHtml';

/** URL of Web Chat's bundle on this server. */
export const WEBCHAT_BUNDLE_URL = '/webchat/vendor/webchat.js';
/** The demo outbox route (src/account/demoRoutes.ts) the inbox panel polls. */
export const DEFAULT_DEMO_OUTBOX_URL = '/demo/inbox';
/** Browsers may reuse static files this long (seconds); the page itself is never cached. */
export const STATIC_MAX_AGE_S = 300;

export interface WebChatPageOptions {
  /** Shown in the header and as the chat's label. */
  botName: string;
  logger: Logger;
  /** Show the 「デモ受信箱」 panel polling this URL; undefined: no panel (default: none). */
  demoOutboxUrl?: string;
  /** The page's static files (default: src/channels/webchat/public under the project root). */
  publicDir?: string;
  /** Web Chat's UMD bundle (default: node_modules/botframework-webchat/dist/webchat.js above this file). */
  webChatBundle?: string;
}

/** CSP hash of the empty string: permits an empty <style> element and no other inline style. */
const EMPTY_STYLE_HASH = 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';

/** The page's own files, by URL: a fixed list, so no request can name another file. */
const STATIC_FILES: Record<string, { file: string; type: string }> = {
  '/webchat/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/webchat/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
  '/webchat/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
};

/**
 * Scripts only from this server and no inline script; Web Chat's generated <style> elements
 * carry the nonce. Nothing may be fetched from or sent to another origin.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    // Web Chat also creates one empty <style> it fills through the CSSOM: the hash of '' allows exactly that.
    `style-src 'self' 'nonce-${nonce}' '${EMPTY_STYLE_HASH}'`,
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' data: blob:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function securityHeaders(res: Response): void {
  res.header('X-Content-Type-Options', 'nosniff');
  res.header('Referrer-Policy', 'no-referrer');
}

function sendFile(res: Response, file: string, type: string, logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    const stream = fs.createReadStream(file);
    stream.on('open', () => {
      securityHeaders(res);
      res.writeHead(200, { 'Content-Type': type, 'Cache-Control': `public, max-age=${STATIC_MAX_AGE_S}` });
      stream.pipe(res);
    });
    stream.on('error', (err) => {
      logger.error({ file: path.basename(file), err: { message: err.message } }, 'webChatPage: cannot read a static file');
      if (!res.headersSent) res.json(500, { error: 'webChatPage: static file unavailable' });
      resolve();
    });
    stream.on('end', () => resolve());
  });
}

/**
 * GET / serves the support page with the real Web Chat, its bundle served from the installed
 * package (no CDN: works offline, no third-party requests). Needs the local Direct Line
 * (registerDirectLine) on the same server.
 */
export function registerWebChatPage(server: Server, options: WebChatPageOptions): void {
  const publicDir = options.publicDir ?? defaultPublicDir();
  if (!publicDir || !fs.existsSync(path.join(publicDir, 'app.js'))) {
    throw new Error(`webChatPage: the page's static files were not found (looked for app.js in ${publicDir ?? 'src/channels/webchat/public above ' + __dirname})`);
  }
  const bundle = options.webChatBundle ?? defaultWebChatBundle();
  if (!bundle || !fs.existsSync(bundle)) {
    throw new Error(`webChatPage: Web Chat's browser bundle was not found (${bundle ?? 'node_modules/botframework-webchat/dist/webchat.js'}); run npm install`);
  }

  server.get('/', async (_req, res) => {
    const nonce = randomBytes(16).toString('base64');
    const html = renderPage({
      botName: options.botName,
      locale: PAGE_LOCALE,
      directLinePath: DIRECTLINE_PATH,
      demoOutboxUrl: options.demoOutboxUrl ?? null,
      nonce,
      strings: messages.webChatPage,
    });
    securityHeaders(res);
    res.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': contentSecurityPolicy(nonce),
      'Cache-Control': 'no-store',
    });
    res.end(html);
  });

  for (const [url, asset] of Object.entries(STATIC_FILES)) {
    server.get(url, async (_req, res) => sendFile(res, path.join(publicDir, asset.file), asset.type, options.logger));
  }
  server.get(WEBCHAT_BUNDLE_URL, async (_req, res) => sendFile(res, bundle, 'text/javascript; charset=utf-8', options.logger));
}
