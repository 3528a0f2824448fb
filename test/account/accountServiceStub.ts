import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DemoAccountAdapter } from '../../src/account/demoAccountAdapter';

/**
 * A real HTTP server implementing openapi/account-service.yaml on loopback, backed by the
 * demo adapter, with faults that tests queue per operation.
 */

export type Fault =
  | { readonly status: number; readonly headers?: Record<string, string>; readonly body?: string }
  /** Answer normally, but only after this delay. */
  | { readonly delayMs: number }
  /** Drop the connection without answering. */
  | { readonly destroy: true };

export interface RecordedRequest {
  readonly operation: string;
  readonly method: string;
  readonly path: string;
  readonly idempotencyKey?: string;
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

const problem = (status: number, code: string): Reply => ({ status, body: { type: 'about:blank', status, code } });

function route(method: string, path: string): { operation: string; id?: string } | undefined {
  const table: [string, RegExp, string][] = [
    ['POST', /^\/v1\/challenges\/security-code$/, 'sendSecurityCode'],
    ['POST', /^\/v1\/challenges\/authenticator$/, 'startAuthenticatorChallenge'],
    ['POST', /^\/v1\/challenges\/unblock-code$/, 'sendUnblockCode'],
    ['POST', /^\/v1\/challenges\/recovery-contact$/, 'verifyRecoveryContact'],
    ['POST', /^\/v1\/challenges\/([^/]+)\/verify$/, 'verifyCode'],
    ['POST', /^\/v1\/challenges\/([^/]+)\/resend$/, 'resendCode'],
    ['POST', /^\/v1\/password-reset-links$/, 'issueResetLink'],
    ['POST', /^\/v1\/unblock$/, 'unblock'],
    ['POST', /^\/v1\/secret-questions$/, 'startSecretQuestion'],
    ['POST', /^\/v1\/secret-questions\/([^/]+)\/answer$/, 'answerSecretQuestion'],
    ['POST', /^\/v1\/recovery-codes\/check$/, 'checkRecoveryCode'],
    ['POST', /^\/v1\/recovery-requests$/, 'submitRecoveryRequest'],
    ['GET', /^\/v1\/recovery-requests\/([^/]+)$/, 'getRecoveryStatus'],
  ];
  for (const [m, pattern, operation] of table) {
    const match = pattern.exec(path);
    if (m === method && match) return { operation, id: match[1] ? decodeURIComponent(match[1]) : undefined };
  }
  return undefined;
}

type Body = Record<string, string> & { answers?: Record<string, unknown> };

async function handle(demo: DemoAccountAdapter, operation: string, id: string | undefined, body: Body): Promise<Reply> {
  type Started = { ok: true; challengeId: string; expiresAt: string } | { ok: false; reason: 'rate-limited'; retryAfterSeconds: number } | { ok: false; reason: 'unavailable' };
  const started = (r: Started): Reply =>
    r.ok ? { status: 201, body: { challengeId: r.challengeId, expiresAt: r.expiresAt } } : r.reason === 'rate-limited' ? { ...problem(429, 'rate-limited'), headers: { 'Retry-After': String(r.retryAfterSeconds) } } : problem(503, 'unavailable');
  type Attempt =
    | { ok: true; proof: string }
    | { ok: false; reason: 'wrong-code'; attemptsLeft: number }
    | { ok: false; reason: 'rate-limited'; retryAfterSeconds: number }
    | { ok: false; reason: 'locked' | 'expired' | 'unavailable' };
  const attempt = (r: Attempt): Reply => {
    if (r.ok) return { status: 200, body: { result: 'verified', proof: r.proof } };
    if (r.reason === 'rate-limited') return { ...problem(429, 'rate-limited'), headers: { 'Retry-After': String(r.retryAfterSeconds) } };
    if (r.reason === 'wrong-code') return { status: 200, body: { result: 'wrong-code', attemptsLeft: r.attemptsLeft } };
    if (r.reason === 'locked') return { status: 200, body: { result: 'locked' } };
    return problem(410, 'challenge-expired');
  };
  const s = (key: string) => String(body[key] ?? '');
  switch (operation) {
    case 'sendSecurityCode':
      return started(await demo.sendSecurityCode({ account: s('account'), channel: s('channel') === 'sms' ? 'sms' : 'email', contact: s('contact') }));
    case 'startAuthenticatorChallenge':
      return started(await demo.startAuthenticatorChallenge({ account: s('account') }));
    case 'sendUnblockCode':
      return started(await demo.sendUnblockCode({ account: s('account'), phone: s('phone') }));
    case 'verifyRecoveryContact':
      return started(await demo.verifyRecoveryContact({ account: s('account'), contactEmail: s('contactEmail') }));
    case 'verifyCode':
      return attempt(await demo.verifyCode({ challengeId: id ?? '', code: s('code') }));
    case 'answerSecretQuestion':
      return attempt(await demo.answerSecretQuestion({ challengeId: id ?? '', answer: s('answer') }));
    case 'checkRecoveryCode':
      return attempt(await demo.checkRecoveryCode({ account: s('account'), code: s('code') }));
    case 'resendCode': {
      const r = await demo.resendCode({ challengeId: id ?? '' });
      if (r.ok) return { status: 200, body: { expiresAt: r.expiresAt } };
      if (r.reason === 'rate-limited') return { ...problem(429, 'rate-limited'), headers: { 'Retry-After': String(r.retryAfterSeconds) } };
      return problem(410, r.reason === 'locked' ? 'challenge-locked' : 'challenge-expired');
    }
    case 'issueResetLink': {
      const r = await demo.issueResetLink({ proof: s('proof') });
      return r.ok ? { status: 201, body: { url: r.url, expiresAt: r.expiresAt } } : problem(403, 'invalid-proof');
    }
    case 'unblock': {
      const r = await demo.unblock({ proof: s('proof') });
      return r.ok ? { status: 204 } : problem(403, 'invalid-proof');
    }
    case 'startSecretQuestion': {
      const r = await demo.startSecretQuestion({ account: s('account') });
      return r.ok ? { status: 201, body: { challengeId: r.challengeId, question: r.question } } : problem(429, 'rate-limited');
    }
    case 'submitRecoveryRequest': {
      const r = await demo.submitRecoveryRequest({ proof: s('proof'), account: s('account'), contactEmail: s('contactEmail'), answers: body.answers ?? {} });
      if (r.ok) return { status: 201, body: { result: 'submitted', ticketId: r.ticketId } };
      if (r.reason === 'insufficient') return { status: 200, body: { result: 'insufficient', sections: r.sections } };
      return problem(403, 'invalid-proof');
    }
    case 'getRecoveryStatus': {
      const r = await demo.getRecoveryStatus({ ticketId: id ?? '' });
      return r.ok ? { status: 200, body: { status: r.status, updatedAt: r.updatedAt } } : problem(404, 'ticket-not-found');
    }
    default:
      return problem(404, 'not-found');
  }
}

export class AccountServiceStub {
  readonly requests: RecordedRequest[] = [];
  private readonly faults = new Map<string, Fault[]>();
  private readonly replays = new Map<string, Reply>();
  private readonly server: http.Server;
  baseUrl = '';

  constructor(private readonly demo: DemoAccountAdapter, private readonly apiKey: string) {
    this.server = http.createServer((req, res) => void this.serve(req, res));
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Queues faults for the next calls of `operation`, one per call. */
  fail(operation: string, ...faults: Fault[]): void {
    this.faults.set(operation, [...(this.faults.get(operation) ?? []), ...faults]);
  }

  count(operation: string): number {
    return this.requests.filter((r) => r.operation === operation).length;
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = new URL(req.url ?? '/', 'http://stub').pathname;
    const found = route(req.method ?? 'GET', path);
    const idempotencyKey = req.headers['idempotency-key'] as string | undefined;
    this.requests.push({ operation: found?.operation ?? '(none)', method: req.method ?? '', path, idempotencyKey });
    const fault = found ? this.faults.get(found.operation)?.shift() : undefined;
    if (fault && 'destroy' in fault) {
      req.socket.destroy();
      return;
    }
    if (fault && 'status' in fault) {
      res.writeHead(fault.status, { 'Content-Type': 'application/json', ...fault.headers });
      res.end(fault.body ?? JSON.stringify({ status: fault.status, code: 'injected' }));
      return;
    }
    if (fault && 'delayMs' in fault) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    if (res.destroyed) return;
    let reply: Reply;
    if (req.headers['x-api-key'] !== this.apiKey) reply = problem(401, 'unauthorized');
    else if (!found) reply = problem(404, 'not-found');
    else if (idempotencyKey && this.replays.has(idempotencyKey)) reply = this.replays.get(idempotencyKey) as Reply;
    else {
      let body: Body;
      try {
        body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Body) : {};
      } catch {
        body = {};
      }
      reply = await handle(this.demo, found.operation, found.id, body);
      if (idempotencyKey && reply.status < 500 && reply.status !== 429) this.replays.set(idempotencyKey, reply);
    }
    const isProblem = reply.status >= 400;
    res.writeHead(reply.status, { 'Content-Type': isProblem ? 'application/problem+json' : 'application/json', ...reply.headers });
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  }
}
