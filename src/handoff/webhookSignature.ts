import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signing, documented for receivers:
 *
 *   POST <HANDOFF_WEBHOOK_URL>
 *   Content-Type: application/json
 *   X-Madoguchi-Signature: sha256=<hex HMAC-SHA256 of the raw request body, key HANDOFF_WEBHOOK_SECRET>
 *   X-Madoguchi-Timestamp: <unix seconds when this attempt was sent>
 *   X-Madoguchi-Delivery: <ticket number> (the same on every retry)
 *   X-Madoguchi-Attempt: <1, 2, …>
 *
 * Verify the signature over the bytes exactly as received (before any JSON parsing) with a
 * constant-time comparison. Delivery is at least once: deduplicate on X-Madoguchi-Delivery.
 */
export const SIGNATURE_HEADER = 'X-Madoguchi-Signature';
export const TIMESTAMP_HEADER = 'X-Madoguchi-Timestamp';
export const DELIVERY_HEADER = 'X-Madoguchi-Delivery';
export const ATTEMPT_HEADER = 'X-Madoguchi-Attempt';
const PREFIX = 'sha256=';

export function signBody(secret: string, rawBody: string | Buffer): string {
  return `${PREFIX}${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** Constant-time check of a received signature header against the raw body. */
export function verifySignature(secret: string, rawBody: string | Buffer, header: string | undefined): boolean {
  if (!header?.startsWith(PREFIX)) return false;
  const expected = Buffer.from(signBody(secret, rawBody));
  const got = Buffer.from(header);
  return expected.length === got.length && timingSafeEqual(expected, got);
}
