import { computePushPressSignature, verifyPushPressSignature } from './pushpress-signature';

const SECRET = 'pp-secret-for-tests';
// the SDK's checkin.created example
const DATA = {
  id: 'chk_12345',
  customer: 'usr_12345',
  company: 'cli_12345',
  timestamp: 1672531200000,
  name: 'My Class',
  typeId: 'cit_12345',
  classId: 'cal_item_12345',
  source: 'staff app',
  result: 'success',
  type: { id: 'cit_12345', name: 'Group HIIT Training' },
  kind: 'class',
  role: 'attendee',
};
// computed independently (Python hmac over the compact JSON of data) so the test does not mirror the code
const KNOWN = '78af9cc98004989db08603334c2491f1f2dc10498f4743fd52a79737bfe40f3b';

/** What the SDK's WebhookSecurity.sign does, with WebCrypto as it does. */
async function sdkSign(body: string, secret: string): Promise<string> {
  const { data } = JSON.parse(body) as { data: unknown };
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return Buffer.from(await crypto.subtle.sign('HMAC', key, Buffer.from(JSON.stringify(data)))).toString('hex');
}

describe('PushPress webhook signature', () => {
  const body = JSON.stringify({ data: DATA, created: 1767000000, event: 'checkin.created' }, null, 2);

  it('should be the hex HMAC-SHA256 of JSON.stringify(data), as the SDK signs', async () => {
    expect(computePushPressSignature(DATA, SECRET)).toBe(KNOWN);
    expect(await sdkSign(body, SECRET)).toBe(KNOWN);
  });

  it('should accept the SDK signature whatever the whitespace of the body, and in upper case', () => {
    expect(verifyPushPressSignature(Buffer.from(body), KNOWN, SECRET)).toEqual({ ok: true });
    expect(verifyPushPressSignature(Buffer.from(JSON.stringify({ event: 'checkin.created', data: DATA, created: 1 })), KNOWN.toUpperCase(), SECRET)).toEqual({ ok: true });
  });

  it('should refuse a changed data, another secret, a missing or malformed header, and a body without data', () => {
    const changed = Buffer.from(JSON.stringify({ data: { ...DATA, customer: 'usr_other' }, created: 1767000000, event: 'checkin.created' }));
    expect(verifyPushPressSignature(changed, KNOWN, SECRET)).toEqual({ ok: false, reason: 'webhook-signature does not match the body' });
    expect(verifyPushPressSignature(Buffer.from(body), KNOWN, 'another-secret')).toMatchObject({ ok: false });
    expect(verifyPushPressSignature(Buffer.from(body), undefined, SECRET)).toEqual({ ok: false, reason: 'missing webhook-signature header' });
    expect(verifyPushPressSignature(Buffer.from(body), 'sha256=abc', SECRET)).toMatchObject({ ok: false, reason: expect.stringMatching(/64 hex/) });
    expect(verifyPushPressSignature(Buffer.from('{"created":1}'), KNOWN, SECRET)).toMatchObject({ ok: false, reason: expect.stringMatching(/no data attribute/) });
    expect(verifyPushPressSignature(Buffer.from('not json'), KNOWN, SECRET)).toMatchObject({ ok: false, reason: expect.stringMatching(/not JSON/) });
  });
});
