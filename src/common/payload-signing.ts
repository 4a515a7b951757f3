// Signing and verifying payloads with X-Comeback-Signature (HMAC-SHA256 over "<t>.<raw body>"):
// the generic webhook checks it on what arrives, the push channel signs what it sends.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Request headers by lower-case name. */
type Headers = Record<string, string | undefined>;

type SignatureFailure = 'missing_header' | 'malformed_header' | 'timestamp_out_of_tolerance' | 'signature_mismatch';

type SignatureCheck = { ok: true } | { ok: false; code: SignatureFailure; reason: string };

type StaticHeaderCheck = { ok: true } | { ok: false; code: 'missing_header' | 'value_mismatch'; reason: string };

const HEX_SHA256_RE = /^[0-9a-f]{64}$/i;
// Ten digits covers unix seconds until the year 2286; more is garbage, not a timestamp.
const UNIX_SECONDS_RE = /^\d{1,10}$/;

/** Hex HMAC-SHA256 of "<t>.<raw body>", hashing the body's bytes exactly as received. */
export function computeComebackSignature(body: Buffer | string, secret: string, t: number): string {
  return createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
}

/** The X-Comeback-Signature header value for a body; for tests, docs and benchmarks. */
export function signComebackPayload(body: Buffer | string, secret: string, t: number): string {
  return `t=${t},v1=${computeComebackSignature(body, secret, t)}`;
}

/**
 * Verifies `X-Comeback-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...]`. Any v1 entry
 * may match, so a sender rotating secrets can sign with the old and the new one at once.
 */
export function verifyComebackSignature(rawBody: Buffer, header: string | undefined, secret: string, now: Date, toleranceSeconds = 300): SignatureCheck {
  if (header === undefined || header.trim() === '') {
    return { ok: false, code: 'missing_header', reason: 'missing X-Comeback-Signature header' };
  }
  const parsed = parseSignatureHeader(header);
  if (typeof parsed === 'string') {
    return { ok: false, code: 'malformed_header', reason: `malformed X-Comeback-Signature header: ${parsed}` };
  }
  // Checked before the HMAC: a replayed delivery is refused without hashing its body.
  const skew = Math.abs(Math.floor(now.getTime() / 1000) - parsed.t);
  if (skew > toleranceSeconds) {
    return {
      ok: false,
      code: 'timestamp_out_of_tolerance',
      reason: `signature timestamp is ${skew} s away from the server clock (tolerance ${toleranceSeconds} s)`,
    };
  }
  const expected = Buffer.from(computeComebackSignature(rawBody, secret, parsed.t), 'hex');
  let match = false;
  // No early exit: every candidate is compared, in constant time each.
  for (const candidate of parsed.v1) {
    if (timingSafeEqual(expected, Buffer.from(candidate, 'hex'))) match = true;
  }
  return match ? { ok: true } : { ok: false, code: 'signature_mismatch', reason: 'signature mismatch' };
}

// Returns the problem as a string, or the timestamp and v1 signatures. Unknown schemes
// (v0=, v2=) are skipped so the scheme can grow without breaking old receivers.
function parseSignatureHeader(header: string): { t: number; v1: string[] } | string {
  let t: number | undefined;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return `"${truncate(part.trim())}" is not key=value`;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (t !== undefined) return 'more than one t=';
      if (!UNIX_SECONDS_RE.test(value)) return 't= must be unix seconds';
      t = Number(value);
    } else if (key === 'v1') {
      if (!HEX_SHA256_RE.test(value)) return 'v1= must be 64 hex characters';
      v1.push(value);
    }
  }
  if (t === undefined) return 'no t=';
  if (v1.length === 0) return 'no v1=';
  return { t, v1 };
}

function truncate(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}...` : s;
}

/**
 * Compares a fixed header value (for senders like Hapana that can only send a static
 * header) in constant time. `headers` has lower-cased names, as the HTTP layer gives them.
 */
export function verifyStaticHeader(headers: Headers, headerName: string, expected: string): StaticHeaderCheck {
  const actual = headers[headerName.toLowerCase()];
  if (actual === undefined || actual === '') {
    return { ok: false, code: 'missing_header', reason: `missing ${headerName} header` };
  }
  // Hashing both sides gives equal-length buffers, so neither the value nor its length leaks.
  const equal = timingSafeEqual(sha256(actual), sha256(expected));
  return equal && expected !== '' ? { ok: true } : { ok: false, code: 'value_mismatch', reason: `${headerName} header does not match` };
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
