import { createHmac, timingSafeEqual } from 'node:crypto';

// Tracking links (/c/<token>, /o/<token>.gif) carry what the redirect needs and nothing more:
// the business, the touch, the link's index in the message and the day the message was sent,
// signed with an HMAC. So the redirect checks the signature and the expiry before it touches the
// database, and a token cannot be forged for another link, touch or business. Built like the
// unsubscribe token (channels/email/unsubscribe-token.ts) rather than on common/payload-signing,
// which signs whole webhook bodies with a timestamp header and would not fit in a link.
// Format: <business uuid, 16 bytes base64url>.<touch id base36>.<link index base36>.<send day base36>.<16-byte HMAC base64url>

/** A link stops working this many days after the message was sent (docs/actions.md "Engagement"). */
export const CLICK_TOKEN_DAYS = 90;

const TOKEN = /^([A-Za-z0-9_-]{22})\.([0-9a-z]{1,13})\.([0-9a-z]{1,3})\.([0-9a-z]{1,5})\.([A-Za-z0-9_-]{22})$/;
const DAY_MS = 86_400_000;
const MAX_BIGINT = 9_223_372_036_854_775_807n;

export type TrackKind = 'click' | 'open';

export interface ClickClaims {
  businessId: string;
  touchId: string;
  /** The link's position in the message (0 for the open pixel). */
  index: number;
  /** Days since 1970-01-01 (UTC) of the send. */
  day: number;
}

/** The signing key, derived from SECRETS_KEY so rotating that rotates links too. */
export function clickKey(secretsKeyHex: string): Buffer {
  return createHmac('sha256', Buffer.from(secretsKeyHex, 'hex')).update('comeback/click/v1').digest();
}

export function dayOf(at: Date): number {
  return Math.floor(at.getTime() / DAY_MS);
}

function mac(key: Buffer, kind: TrackKind, c: ClickClaims): Buffer {
  return createHmac('sha256', key).update(`${kind}:${c.businessId}:${c.touchId}:${c.index}:${c.day}`).digest().subarray(0, 16);
}

export function signClickToken(key: Buffer, kind: TrackKind, c: ClickClaims): string {
  const biz = Buffer.from(c.businessId.replace(/-/g, ''), 'hex').toString('base64url');
  return [biz, BigInt(c.touchId).toString(36), c.index.toString(36), c.day.toString(36), mac(key, kind, c).toString('base64url')].join('.');
}

function uuidOf(b64: string): string | undefined {
  const hex = Buffer.from(b64, 'base64url').toString('hex');
  if (hex.length !== 32) return undefined;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The claims when the token is well formed, signed by `key` and not expired at `now`; undefined otherwise. */
export function verifyClickToken(key: Buffer, kind: TrackKind, token: string, now: Date): ClickClaims | undefined {
  const m = TOKEN.exec(token);
  if (!m) return undefined;
  const businessId = uuidOf(m[1]);
  if (!businessId) return undefined;
  const id = [...m[2]].reduce((acc, ch) => acc * 36n + BigInt(parseInt(ch, 36)), 0n);
  if (id <= 0n || id > MAX_BIGINT) return undefined;
  const claims: ClickClaims = { businessId, touchId: id.toString(), index: parseInt(m[3], 36), day: parseInt(m[4], 36) };
  const given = Buffer.from(m[5], 'base64url');
  if (given.length !== 16 || !timingSafeEqual(given, mac(key, kind, claims))) return undefined;
  const today = dayOf(now);
  // a token from the future (clock skew aside) was not issued by this server
  if (claims.day > today + 1 || today > claims.day + CLICK_TOKEN_DAYS) return undefined;
  return claims;
}
