import type { Request, Response, Next } from 'restify';
import { messages } from '../../dialogs/messages';

/** Seconds a client is asked to wait before retrying on another instance while this one drains. */
export const DRAIN_RETRY_AFTER_SECONDS = 1;

/** Probes keep answering while draining: /healthz 200 (alive), /readyz 503 "draining" (take me out). */
const PROBES: ReadonlySet<string> = new Set(['/healthz', '/readyz']);

/**
 * Graceful shutdown for the HTTP host (issue 11): counts the requests in flight and, once
 * `begin()` is called, answers new ones 503 with `Connection: close` (a load balancer or the
 * Bot Framework retries elsewhere) while those already running finish. /healthz still answers,
 * /readyz says "draining", so probes see the instance leave.
 */
export class RequestDrain {
  private inFlight = 0;
  private draining = false;
  private waiters: (() => void)[] = [];

  /** Requests currently being handled. */
  get active(): number {
    return this.inFlight;
  }

  /** True once shutdown has begun. */
  get isDraining(): boolean {
    return this.draining;
  }

  /** A restify `pre` handler: counts each request until its response is finished or the socket closes. */
  readonly handler = (req: Request, res: Response, next: Next): void => {
    if (this.draining && !PROBES.has((req.url ?? '').split('?')[0] ?? '')) {
      res.header('Retry-After', String(DRAIN_RETRY_AFTER_SECONDS));
      res.header('Connection', 'close');
      res.json(503, { error: 'madoguchi: shutting down; retry on another instance', message: messages.httpErrors.unavailable });
      next(false);
      return;
    }
    this.inFlight++;
    let counted = true;
    const done = () => {
      if (!counted) return;
      counted = false;
      this.inFlight--;
      if (this.inFlight === 0) this.release();
    };
    res.once('finish', done);
    res.once('close', done);
    next();
  };

  /** Stops admitting requests. */
  begin(): void {
    this.draining = true;
    if (this.inFlight === 0) this.release();
  }

  /** Resolves true when no request is in flight, or false when `timeoutMs` passes first. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== wake);
        resolve(false);
      }, timeoutMs);
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.waiters.push(wake);
    });
  }

  private release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
