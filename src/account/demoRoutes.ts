import { randomBytes } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { isLocalRequest } from '../limits/clientAddress';
import type { Logger } from '../logger';
import type { ConversationTag } from '../requestScope';
import { RESET_PATH, type DemoAccountAdapter, type ResetTokenState } from './demoAccountAdapter';
import { checkPassword } from './passwordPolicy';
import { renderResetForm, renderResetGone, renderResetSuccess, type ResetFormProblem } from './resetPage';
import { messages } from '../../dialogs/messages';

/** Tokens are base64url; anything else is not a token we issued (and is never echoed back). */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{1,128}$/;

const resetFormSchema = z.object({
  newPassword: z.string().optional().default(''),
  confirmPassword: z.string().optional().default(''),
});

function sendHtml(res: Response, status: number, html: string, nonce: string): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    // The token is in the URL: never leak it to another site through Referer.
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`,
  });
  res.end(html);
}

function tokenOf(req: Request): { token: string; state?: undefined } | { token?: undefined; state: 'not-found' } {
  const token = String(req.params?.token ?? '');
  return TOKEN_SHAPE.test(token) ? { token } : { state: 'not-found' };
}

function sendGone(res: Response, state: Exclude<ResetTokenState, 'valid'>, nonce: string): void {
  sendHtml(res, state === 'not-found' ? 404 : 410, renderResetGone(state, nonce), nonce);
}

/**
 * The demo's operator and user pages: GET /demo/outbox (what was "sent", newest first) and
 * the password reset page the reset links open. Registered only with the demo adapter.
 */
export interface DemoRoutesOptions {
  /** Called after the reset page changed a password with this link token (the chat is told); default: nothing. */
  onPasswordChanged?: (token: string) => Promise<void>;
  /** Resolves a bearer token (the page's Direct Line token) to its conversation; undefined: no GET /demo/inbox (default). */
  inboxConversation?: (token: string) => ConversationTag | undefined;
  /** Where refused requests are logged (default: not logged). */
  logger?: Logger;
}

/** The operator's view of everything "sent". */
export const DEMO_OUTBOX_PATH = '/demo/outbox';
/** One conversation's messages, for the Web Chat page (Authorization: Bearer <Direct Line token>). */
export const DEMO_INBOX_PATH = '/demo/inbox';
/** Shown when the inbox cannot tell which conversation is asking. */
export const INBOX_REFUSED_MESSAGE = messages.httpErrors.inboxRefused;

export function registerDemoRoutes(server: Server, demo: DemoAccountAdapter, options: DemoRoutesOptions = {}): void {
  // restify 12 takes (req, res) handlers only when async.
  // Every code and link of every conversation: only for the operator on this machine (a tunnel's visitors are not).
  server.get(DEMO_OUTBOX_PATH, async (req: Request, res: Response) => {
    res.header('Cache-Control', 'no-store');
    if (!isLocalRequest(req)) {
      options.logger?.warn({ path: DEMO_OUTBOX_PATH }, 'demoRoutes: /demo/outbox refused (403): not a loopback client');
      res.json(403, { error: 'demoRoutes: /demo/outbox is served to loopback clients only; the Web Chat page reads /demo/inbox' });
      return;
    }
    res.json(200, demo.outbox());
  });

  const resolve = options.inboxConversation;
  if (resolve) {
    // The page's own conversation only: the token proves which one, and the answer never names it.
    server.get(DEMO_INBOX_PATH, async (req: Request, res: Response) => {
      res.header('Cache-Control', 'no-store');
      const token = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '')?.[1];
      const conversation = token === undefined ? undefined : resolve(token);
      if (!conversation) {
        options.logger?.warn({ path: DEMO_INBOX_PATH, token: token === undefined ? 'missing' : 'invalid' }, 'demoRoutes: /demo/inbox refused (401)');
        res.header('WWW-Authenticate', 'Bearer');
        res.json(401, { error: 'demoRoutes: /demo/inbox needs Authorization: Bearer <a live Direct Line token>', message: INBOX_REFUSED_MESSAGE });
        return;
      }
      res.json(200, demo.outboxFor(conversation));
    });
  }

  server.get(`${RESET_PATH}/:token`, async (req: Request, res: Response) => {
    const nonce = randomBytes(16).toString('base64');
    const { token } = tokenOf(req);
    const state = token ? demo.resetTokenState(token) : 'not-found';
    if (state !== 'valid' || !token) return sendGone(res, state === 'valid' ? 'not-found' : state, nonce);
    sendHtml(res, 200, renderResetForm({ actionPath: `${RESET_PATH}/${token}`, nonce, problems: [] }), nonce);
  });

  server.post(`${RESET_PATH}/:token`, async (req: Request, res: Response) => {
    const nonce = randomBytes(16).toString('base64');
    const { token } = tokenOf(req);
    if (!token) return sendGone(res, 'not-found', nonce);
    const state = demo.resetTokenState(token);
    if (state !== 'valid') return sendGone(res, state, nonce);
    const parsed = resetFormSchema.safeParse(typeof req.body === 'object' && req.body !== null ? req.body : {});
    const form = parsed.success ? parsed.data : { newPassword: '', confirmPassword: '' };
    const problems: ResetFormProblem[] = [];
    if (form.newPassword === '') problems.push('empty');
    else {
      const check = checkPassword(form.newPassword);
      if (!check.ok) problems.push(...check.problems);
      if (form.newPassword !== form.confirmPassword) problems.push('mismatch');
    }
    const again = () => sendHtml(res, 400, renderResetForm({ actionPath: `${RESET_PATH}/${token}`, nonce, problems }), nonce);
    if (problems.length > 0) return again();
    const result = await demo.setPasswordWithResetToken(token, form.newPassword);
    if (result.ok) {
      sendHtml(res, 200, renderResetSuccess(nonce), nonce);
      await options.onPasswordChanged?.(token);
      return;
    }
    if (result.reason === 'weak') {
      problems.push(...result.problems);
      return again();
    }
    sendGone(res, result.reason, nonce);
  });
}
