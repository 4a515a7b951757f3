import { createHash, randomBytes } from 'crypto';

// Keys look like `cbk_<8 hex prefix>_<43 base64url>`; only the SHA-256 is stored. A fast hash
// is right here: the key has 256 bits of entropy, so it cannot be brute-forced like a password.
export function generateApiKey(): { key: string; prefix: string; hash: Buffer } {
  const prefix = randomBytes(4).toString('hex');
  const key = `cbk_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}
