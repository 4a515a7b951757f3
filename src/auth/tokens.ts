import { createHash, createHmac, randomBytes, timingSafeEqual } from 'crypto';

// Session ids and invitation/reset links: 256 random bits, base64url (43 characters). Only
// the SHA-256 is stored; a fast hash is right for 256-bit secrets (nothing to brute-force).
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function newToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export function looksLikeToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN.test(value);
}

/**
 * The CSRF token of a session: an HMAC of its id under SECRETS_KEY. Bound to the session (a
 * token from another session is wrong), nothing to store, and it dies with the session.
 */
export function csrfTokenFor(sessionToken: string, secretsKeyHex: string): string {
  return createHmac('sha256', Buffer.from(secretsKeyHex, 'hex')).update(`csrf:${sessionToken}`).digest('base64url');
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
