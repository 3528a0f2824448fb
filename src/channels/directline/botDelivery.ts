/** How long one delivery may take in all, retries included (directline-js gives up after 20 s). */
export const DEFAULT_DELIVERY_TIMEOUT_MS = 15_000;
/** Longest wait between retries when the bot says 503 (still loading) with Retry-After. */
export const MAX_RETRY_DELAY_MS = 2_000;

export type DeliveryResult = { ok: true; status: number } | { ok: false; status?: number; reason: 'bot-error' | 'unreachable' | 'timeout' };

export interface BotDeliveryOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  endpoint: string;
  /** Total time allowed per activity, in ms (default DEFAULT_DELIVERY_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Extra request headers, e.g. the person's address for the bot's per-client limits (default none). */
  headers?: Record<string, string>;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * POSTs an activity to the bot's /api/messages as Azure's Direct Line does, so CloudAdapter
 * processes it exactly as in production. A 503 (the bot is still loading its index) is
 * retried until the deadline, so an early message is delayed rather than lost.
 */
export async function deliverToBot(activity: Record<string, unknown>, options: BotDeliveryOptions): Promise<DeliveryResult> {
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS);
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) return { ok: false, reason: 'timeout' };
    let response: Response;
    try {
      response = await fetch(options.endpoint, {
        method: 'POST',
        headers: { ...options.headers, 'content-type': 'application/json' },
        body: JSON.stringify(activity),
        signal: AbortSignal.timeout(remaining),
      });
    } catch (err) {
      const timedOut = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      return { ok: false, reason: timedOut ? 'timeout' : 'unreachable' };
    }
    // The body (CloudAdapter's invoke response, usually empty) is not needed.
    await response.arrayBuffer().catch(() => undefined);
    if (response.ok) return { ok: true, status: response.status };
    if (response.status !== 503) return { ok: false, status: response.status, reason: 'bot-error' };
    const retryAfter = Number(response.headers.get('retry-after'));
    const delay = Math.min(MAX_RETRY_DELAY_MS, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 500);
    if (Date.now() + delay >= deadline) return { ok: false, status: 503, reason: 'timeout' };
    await sleep(delay);
  }
}
