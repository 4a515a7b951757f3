import { hashPassword, verifyPassword } from './password';

describe('passwords', () => {
  it('should hash with argon2id and a fresh salt, and verify only the right password', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    await expect(verifyPassword(a, 'correct horse battery')).resolves.toBe(true);
    await expect(verifyPassword(a, 'correct horse batterY')).resolves.toBe(false);
  });

  it('should answer false, after the same work, when there is no hash (unknown email, invited user)', async () => {
    await expect(verifyPassword(null, 'anything')).resolves.toBe(false);
  });

  it('should answer false for a stored value that is not a hash', async () => {
    await expect(verifyPassword('not-a-phc-string', 'anything')).resolves.toBe(false);
  });
});
