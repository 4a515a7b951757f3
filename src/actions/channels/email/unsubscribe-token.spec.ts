import { createHmac } from 'node:crypto';
import { signUnsubscribeToken, unsubscribeKey, verifyUnsubscribeToken } from './unsubscribe-token';

const KEY = unsubscribeKey('c0ffee'.repeat(10) + 'c0ff');

describe('unsubscribe tokens', () => {
  it('should round-trip a touch id', () => {
    for (const id of ['1', '42', '123456789', '9223372036854775807']) {
      expect(verifyUnsubscribeToken(KEY, signUnsubscribeToken(KEY, id))).toBe(id);
    }
  });

  it('should be the documented format (base36 id, 16-byte HMAC-SHA256 prefix)', () => {
    const mac = createHmac('sha256', KEY).update('unsubscribe:1000').digest().subarray(0, 16).toString('base64url');
    expect(signUnsubscribeToken(KEY, '1000')).toBe(`rs.${mac}`);
  });

  it('should refuse a token for another touch, another key, or garbage', () => {
    const token = signUnsubscribeToken(KEY, '1000');
    const [, sig] = token.split('.');
    expect(verifyUnsubscribeToken(KEY, `rt.${sig}`)).toBeUndefined();
    expect(verifyUnsubscribeToken(unsubscribeKey('ab'.repeat(32)), token)).toBeUndefined();
    for (const bad of ['', 'rs', 'rs.', `RS.${sig}`, `${token}x`, '0.AAAAAAAAAAAAAAAAAAAAAA', `zzzzzzzzzzzzz.${sig}`]) {
      expect(verifyUnsubscribeToken(KEY, bad)).toBeUndefined();
    }
  });
});
