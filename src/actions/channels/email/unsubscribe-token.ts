import { createHmac, timingSafeEqual } from 'node:crypto';

// Unsubscribe links carry the touch id and an HMAC of it: no login, nothing to look up before
// the signature is checked, and a link cannot be forged for another touch or business.
// Format: <touch id base36>.<first 16 bytes of HMAC-SHA256, base64url>.

const TOKEN = /^([0-9a-z]{1,13})\.([A-Za-z0-9_-]{22})$/;

/** The signing key, derived from SECRETS_KEY so rotating that rotates links too. */
export function unsubscribeKey(secretsKeyHex: string): Buffer {
  return createHmac('sha256', Buffer.from(secretsKeyHex, 'hex')).update('comeback/unsubscribe/v1').digest();
}

function mac(key: Buffer, touchId: string): Buffer {
  return createHmac('sha256', key).update(`unsubscribe:${touchId}`).digest().subarray(0, 16);
}

export function signUnsubscribeToken(key: Buffer, touchId: string): string {
  return `${BigInt(touchId).toString(36)}.${mac(key, touchId).toString('base64url')}`;
}

/** The touch id the token was issued for, or undefined when it is malformed or forged. */
export function verifyUnsubscribeToken(key: Buffer, token: string): string | undefined {
  const m = TOKEN.exec(token);
  if (!m) return undefined;
  let id: bigint;
  try {
    id = [...m[1]].reduce((acc, ch) => acc * 36n + BigInt(parseInt(ch, 36)), 0n);
  } catch {
    return undefined;
  }
  if (id <= 0n || id > 9_223_372_036_854_775_807n) return undefined;
  const touchId = id.toString();
  const given = Buffer.from(m[2], 'base64url');
  return given.length === 16 && timingSafeEqual(given, mac(key, touchId)) ? touchId : undefined;
}
