import { createHmac } from 'crypto';
import { computeMindbodySignature, verifyMindbodySignature } from './mindbody-signature';

const KEY = 'whsec-comeback-test';
const BODY = Buffer.from('{"messageId":"ASwFMoA2Q5UKw69g3RDbvU","eventId":"client.updated"}', 'utf8');
// computed independently (Python hmac + base64) so the test does not just mirror the code
const KNOWN = 'sha256=ThvGEQi8pwnx00R+PTPTQsNXlQOEavNDGhTQXDVz1OE=';

describe('verifyMindbodySignature', () => {
  it('should compute "sha256=" + base64 HMAC-SHA256 of the raw body', () => {
    expect(computeMindbodySignature(BODY, KEY)).toBe(KNOWN);
  });

  it('should accept the signature Mindbody sends for the body', () => {
    expect(verifyMindbodySignature(BODY, KNOWN, KEY)).toBe(true);
  });

  it('should reject when the header is missing or empty', () => {
    expect(verifyMindbodySignature(BODY, undefined, KEY)).toBe(false);
    expect(verifyMindbodySignature(BODY, '', KEY)).toBe(false);
  });

  it('should reject when the key is empty', () => {
    expect(verifyMindbodySignature(BODY, KNOWN, '')).toBe(false);
  });

  it('should reject a tampered body', () => {
    const tampered = Buffer.from(BODY.toString('utf8').replace('client.updated', 'client.deactivated'), 'utf8');
    expect(verifyMindbodySignature(tampered, KNOWN, KEY)).toBe(false);
  });

  it('should reject a body that differs only in whitespace', () => {
    expect(verifyMindbodySignature(Buffer.concat([BODY, Buffer.from(' ')]), KNOWN, KEY)).toBe(false);
  });

  it('should reject a signature made with another key', () => {
    expect(verifyMindbodySignature(BODY, computeMindbodySignature(BODY, 'another-key'), KEY)).toBe(false);
  });

  it('should reject the bare base64 digest without the sha256= prefix', () => {
    expect(verifyMindbodySignature(BODY, KNOWN.slice('sha256='.length), KEY)).toBe(false);
  });

  it('should reject a hex digest and a header of a different length', () => {
    const hex = 'sha256=' + createHmac('sha256', KEY).update(BODY).digest('hex');
    expect(verifyMindbodySignature(BODY, hex, KEY)).toBe(false);
    expect(verifyMindbodySignature(BODY, KNOWN + 'A', KEY)).toBe(false);
  });
});
