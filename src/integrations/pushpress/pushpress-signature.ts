import { createHmac, timingSafeEqual } from 'crypto';

/** The header PushPress puts its signature in (lower-cased, as the HTTP layer hands headers over). */
export const PUSHPRESS_SIGNATURE_HEADER = 'webhook-signature';

/**
 * The signature PushPress's TypeScript SDK (PushPress/pushpress-ts, WebhookSecurity.sign) puts in
 * the header: hex HMAC-SHA256, keyed with the webhook's signing secret (UTF-8), of
 * JSON.stringify(body.data). Not of the raw body: `created` and `event` are outside it.
 */
export function computePushPressSignature(data: unknown, secret: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(Buffer.from(JSON.stringify(data), 'utf8'))
    .digest('hex');
}

export type PushPressSignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * Checks the webhook-signature header of a delivery. The body is parsed to reach `data`, and
 * JSON.stringify of the parsed value gives back what the sender signed (it serialised the same
 * value the same way). Compared in constant time; nothing of the body is used before this passes.
 */
export function verifyPushPressSignature(rawBody: Buffer, header: string | undefined, secret: string): PushPressSignatureCheck {
  if (!secret) return { ok: false, reason: 'no signing secret configured for this connection' };
  if (header === undefined || header.trim() === '') return { ok: false, reason: 'missing webhook-signature header' };
  const received = header.trim();
  if (!/^[0-9a-f]{64}$/i.test(received)) return { ok: false, reason: 'webhook-signature must be 64 hex characters (HMAC-SHA256)' };
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return { ok: false, reason: 'body is not JSON, so its signed data cannot be read' };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('data' in body) || !(body as { data: unknown }).data) {
    return { ok: false, reason: 'body has no data attribute, which is what PushPress signs' };
  }
  const expected = Buffer.from(computePushPressSignature((body as { data: unknown }).data, secret), 'hex');
  return timingSafeEqual(expected, Buffer.from(received, 'hex')) ? { ok: true } : { ok: false, reason: 'webhook-signature does not match the body' };
}
