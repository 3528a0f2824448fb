import type { AccountAdapter } from '../../dialogs/accountPort';
import type { Config } from '../config';
import type { CodeLimiters } from '../limits/createLimiters';
import type { LimitSettings } from '../limits/limits';
import { RateLimitedAccountAdapter } from '../limits/rateLimitedAccountAdapter';
import type { Logger } from '../logger';
import { DemoAccountAdapter, type DemoAccountAdapterOptions } from './demoAccountAdapter';
import { HttpAccountAdapter } from './httpAccountAdapter';

export type AccountWiring =
  /** The demo adapter; its routes (outbox, reset page) must be registered. */
  | { readonly kind: 'demo'; readonly adapter: AccountAdapter; readonly demo: DemoAccountAdapter }
  | { readonly kind: 'http'; readonly adapter: AccountAdapter };

/**
 * How a host tunes the demo account service beyond what configuration says (its limits come from
 * config.limits, its logger and links from the host): the equalized latency (tests and the load
 * benchmark: 0, it is a sleep), the outbox size, review times.
 */
export type DemoTuning = Omit<DemoAccountAdapterOptions, 'logger' | 'publicBaseUrl' | 'startLimit' | 'startWindowMs' | 'codeRequestsPerClient' | 'codeGuessesPerClient' | 'clientLimiters'>;

/** Builds the account adapter that config.account names (ACCOUNT_ADAPTER). */
export function createAccountAdapter(options: {
  /** config.account from loadConfig. */
  account: Config['account'];
  logger: Logger;
  /** Where this server is reached from a browser, for the demo's reset links (e.g. http://127.0.0.1:3978); a function when known only after listen. */
  publicBaseUrl: string | (() => string);
  /** config.limits: the demo's code request and guess limits (default: the demo adapter's own defaults). */
  limits?: Pick<LimitSettings, 'codeRequestsPerAccount' | 'codeRequestsPerClient' | 'codeGuessesPerClient'>;
  /**
   * createLimiters(…).code: the bot's own code limits (issue 11), shared by every instance in
   * blob mode. With http the adapter is wrapped in a RateLimitedAccountAdapter counting in them;
   * the demo counts its per-client limits in them. Default: http without bot-level limits (the
   * composition root always passes them), the demo with in-memory ones from `limits`.
   */
  limiters?: CodeLimiters;
  /** Tuning of the demo account service (ignored with http). Default: the demo's own defaults. */
  demo?: DemoTuning;
}): AccountWiring {
  const logger = options.logger.child({ component: 'account' });
  if (options.account.adapter === 'http') {
    const { baseUrl, apiKey, timeoutMs } = options.account;
    const http = new HttpAccountAdapter({ baseUrl, apiKey, timeoutMs, logger });
    return { kind: 'http', adapter: options.limiters ? new RateLimitedAccountAdapter({ inner: http, limiters: options.limiters, logger }) : http };
  }
  const limits = options.limits;
  const demo = new DemoAccountAdapter({
    ...options.demo,
    logger,
    publicBaseUrl: options.publicBaseUrl,
    ...(limits
      ? {
          startLimit: limits.codeRequestsPerAccount.count,
          startWindowMs: limits.codeRequestsPerAccount.windowMs,
          codeRequestsPerClient: limits.codeRequestsPerClient,
          codeGuessesPerClient: limits.codeGuessesPerClient,
        }
      : {}),
    ...(options.limiters ? { clientLimiters: options.limiters } : {}),
  });
  return { kind: 'demo', adapter: demo, demo };
}
