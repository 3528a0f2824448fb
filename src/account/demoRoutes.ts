import { randomBytes } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import { RESET_PATH, type DemoAccountAdapter, type ResetTokenState } from './demoAccountAdapter';
import { checkPassword } from './passwordPolicy';
import { renderResetForm, renderResetGone, renderResetSuccess, type ResetFormProblem } from './resetPage';

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
}

export function registerDemoRoutes(server: Server, demo: DemoAccountAdapter, options: DemoRoutesOptions = {}): void {
  // restify 12 takes (req, res) handlers only when async.
  server.get('/demo/outbox', async (_req: Request, res: Response) => {
    res.header('Cache-Control', 'no-store');
    res.json(200, demo.outbox());
  });

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
