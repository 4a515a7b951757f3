import { createHmac } from 'node:crypto';
import { computeComebackSignature, signComebackPayload, verifyComebackSignature, verifyStaticHeader } from './payload-signing';

const secret = 'whsec_test_1';
const body = Buffer.from('{"id":"evt_1","type":"visit.created","occurredAt":"2026-03-01T09:30:00Z","data":{}}');
const t = Date.UTC(2026, 2, 1, 9, 30) / 1000;
const now = new Date(t * 1000);

describe('verifyComebackSignature', () => {
  it('should accept a correctly signed body', () => {
    expect(verifyComebackSignature(body, signComebackPayload(body, secret, t), secret, now)).toEqual({ ok: true });
  });

  it('should sign "<t>.<raw body>" with HMAC-SHA256 as the docs describe', () => {
    const expected = createHmac('sha256', secret)
      .update(`${t}.${body.toString('utf8')}`)
      .digest('hex');
    expect(computeComebackSignature(body, secret, t)).toBe(expected);
    expect(signComebackPayload(body.toString('utf8'), secret, t)).toBe(`t=${t},v1=${expected}`);
  });

  it('should accept timestamps at the edge of the tolerance', () => {
    const header = signComebackPayload(body, secret, t - 300);
    expect(verifyComebackSignature(body, header, secret, now).ok).toBe(true);
  });

  it('should reject a tampered body with signature_mismatch', () => {
    const header = signComebackPayload(body, secret, t);
    const tampered = Buffer.from(body.toString('utf8').replace('evt_1', 'evt_2'));
    expect(verifyComebackSignature(tampered, header, secret, now)).toMatchObject({ ok: false, code: 'signature_mismatch' });
  });

  it('should reject a signature made with another secret', () => {
    const header = signComebackPayload(body, 'other', t);
    expect(verifyComebackSignature(body, header, secret, now)).toMatchObject({ ok: false, code: 'signature_mismatch' });
  });

  it('should reject a re-signed timestamp that does not match the signature', () => {
    const v1 = computeComebackSignature(body, secret, t);
    expect(verifyComebackSignature(body, `t=${t + 1},v1=${v1}`, secret, now)).toMatchObject({ ok: false, code: 'signature_mismatch' });
  });

  it('should reject an old timestamp even when the signature is valid', () => {
    const header = signComebackPayload(body, secret, t - 301);
    const res = verifyComebackSignature(body, header, secret, now);
    expect(res).toMatchObject({ ok: false, code: 'timestamp_out_of_tolerance' });
    expect(!res.ok && res.reason).toMatch(/301 s/);
  });

  it('should reject a timestamp too far in the future', () => {
    const header = signComebackPayload(body, secret, t + 301);
    expect(verifyComebackSignature(body, header, secret, now)).toMatchObject({ ok: false, code: 'timestamp_out_of_tolerance' });
  });

  it('should honour a custom tolerance', () => {
    const header = signComebackPayload(body, secret, t - 60);
    expect(verifyComebackSignature(body, header, secret, now, 30)).toMatchObject({ ok: false, code: 'timestamp_out_of_tolerance' });
  });

  it.each([undefined, '', '   '])('should report a missing header when it is %p', (header) => {
    expect(verifyComebackSignature(body, header, secret, now)).toMatchObject({ ok: false, code: 'missing_header' });
  });

  const v1 = computeComebackSignature(body, secret, t);
  it.each([
    ['garbage', 'garbage'],
    ['no t', `v1=${v1}`],
    ['no v1', `t=${t}`],
    ['t not a number', `t=abc,v1=${v1}`],
    ['t in milliseconds', `t=${t * 1000},v1=${v1}`],
    ['two t', `t=${t},t=${t},v1=${v1}`],
    ['short v1', `t=${t},v1=abcd`],
    ['non-hex v1', `t=${t},v1=${'z'.repeat(64)}`],
    ['empty key', `=1,t=${t},v1=${v1}`],
  ])('should report a malformed header (%s)', (_name, header) => {
    expect(verifyComebackSignature(body, header, secret, now)).toMatchObject({ ok: false, code: 'malformed_header' });
  });

  it('should tolerate spaces and unknown schemes', () => {
    const header = `t=${t}, v0=whatever, v1=${v1.toUpperCase()}`;
    expect(verifyComebackSignature(body, header, secret, now)).toEqual({ ok: true });
  });

  it('should accept any of several v1 entries when the sender rotates secrets', () => {
    const oldSig = computeComebackSignature(body, 'old-secret', t);
    const newSig = computeComebackSignature(body, 'new-secret', t);
    const header = `t=${t},v1=${oldSig},v1=${newSig}`;
    expect(verifyComebackSignature(body, header, 'old-secret', now)).toEqual({ ok: true });
    expect(verifyComebackSignature(body, header, 'new-secret', now)).toEqual({ ok: true });
    expect(verifyComebackSignature(body, header, 'third-secret', now)).toMatchObject({ ok: false, code: 'signature_mismatch' });
  });

  it('should sign the raw bytes, not a re-encoded string', () => {
    const latin1 = Buffer.from([0x7b, 0xe9, 0x7d]); // not valid UTF-8
    const header = signComebackPayload(latin1, secret, t);
    expect(verifyComebackSignature(latin1, header, secret, now)).toEqual({ ok: true });
    expect(verifyComebackSignature(Buffer.from(latin1.toString('utf8')), header, secret, now).ok).toBe(false);
  });
});

describe('verifyStaticHeader', () => {
  it('should accept the configured value', () => {
    expect(verifyStaticHeader({ 'x-comeback-token': 's3cret' }, 'x-comeback-token', 's3cret')).toEqual({ ok: true });
  });

  it('should look the header up case-insensitively by name', () => {
    expect(verifyStaticHeader({ 'x-hapana-auth': 's3cret' }, 'X-Hapana-Auth', 's3cret')).toEqual({ ok: true });
  });

  it.each([['s3cre'], ['s3cret!'], ['S3CRET']])('should reject the wrong value %p', (value) => {
    expect(verifyStaticHeader({ 'x-comeback-token': value }, 'x-comeback-token', 's3cret')).toMatchObject({ ok: false, code: 'value_mismatch' });
  });

  it('should report a missing header', () => {
    expect(verifyStaticHeader({ other: 's3cret' }, 'x-comeback-token', 's3cret')).toMatchObject({ ok: false, code: 'missing_header' });
    expect(verifyStaticHeader({ 'x-comeback-token': '' }, 'x-comeback-token', 's3cret')).toMatchObject({ ok: false, code: 'missing_header' });
  });

  it('should never accept when the expected value is empty', () => {
    expect(verifyStaticHeader({ 'x-comeback-token': 'x' }, 'x-comeback-token', '').ok).toBe(false);
  });
});
