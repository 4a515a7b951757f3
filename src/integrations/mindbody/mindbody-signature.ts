import { createHmac, timingSafeEqual } from 'crypto';

export const MINDBODY_SIGNATURE_HEADER = 'x-mindbody-signature';
const PREFIX = 'sha256=';

/** The header value Mindbody sends for this body: "sha256=" + base64(HMAC-SHA256(body, key)). */
export function computeMindbodySignature(rawBody: Buffer, signatureKey: string): string {
  return PREFIX + createHmac('sha256', Buffer.from(signatureKey, 'utf8')).update(rawBody).digest('base64');
}

/**
 * Checks X-Mindbody-Signature against the raw request bytes (never a re-serialised body:
 * any whitespace change breaks the HMAC). Constant-time; a missing header or key is false.
 */
export function verifyMindbodySignature(rawBody: Buffer, header: string | undefined, signatureKey: string): boolean {
  if (!header || !signatureKey) return false;
  const expected = Buffer.from(computeMindbodySignature(rawBody, signatureKey), 'utf8');
  const received = Buffer.from(header.trim(), 'utf8');
  // timingSafeEqual throws on unequal lengths; the length of a valid signature is public
  if (received.length !== expected.length) return false;
  return timingSafeEqual(received, expected);
}
