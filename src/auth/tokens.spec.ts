import { csrfTokenFor, hashToken, looksLikeToken, newToken, sameSecret } from './tokens';

const KEY = 'ab'.repeat(32);

describe('tokens', () => {
  it('should make 256-bit base64url tokens and store only their SHA-256', () => {
    const a = newToken();
    const b = newToken();
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toEqual(hashToken(a.token));
    expect(a.hash).toHaveLength(32);
    expect(looksLikeToken(a.token)).toBe(true);
    expect(looksLikeToken(`${a.token}x`)).toBe(false);
    expect(looksLikeToken(undefined)).toBe(false);
  });

  it('should bind the CSRF token to the session and to SECRETS_KEY', () => {
    const s = newToken().token;
    expect(csrfTokenFor(s, KEY)).toBe(csrfTokenFor(s, KEY));
    expect(csrfTokenFor(s, KEY)).not.toBe(csrfTokenFor(newToken().token, KEY));
    expect(csrfTokenFor(s, KEY)).not.toBe(csrfTokenFor(s, 'cd'.repeat(32)));
    expect(csrfTokenFor(s, KEY)).not.toContain(s);
  });

  it('should compare secrets of any length without throwing', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abd')).toBe(false);
    expect(sameSecret('abc', 'abcd')).toBe(false);
    expect(sameSecret('', 'x')).toBe(false);
  });
});
