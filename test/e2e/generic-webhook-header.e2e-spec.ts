import request from 'supertest';
import { signComebackPayload } from '../../src/common/payload-signing';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

// The generic webhook's HMAC header name is set per business (integrations.md), so a system
// that signs the t=,v1= way under its own header (Hapana's X-Hapana-Signature) needs no relay.
describe('generic webhook: configurable signature header', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ worker: true });
  });
  afterAll(() => app.close());

  const event = (id: string, externalId: string) => JSON.stringify({ id, type: 'client.upserted', occurredAt: '2026-03-01T10:00:00Z', data: { externalId, firstName: 'Hana' } });
  const post = (businessId: string, body: string, header: string, secret: string) =>
    request(app.url)
      .post(`/webhooks/generic/${businessId}`)
      .set('Content-Type', 'application/json')
      .set(header, signComebackPayload(body, secret, Math.floor(Date.now() / 1000)))
      .send(body);

  it('should verify the signature under the configured header and only there', async () => {
    const b = await newBusiness(app.ds);
    const put = (body: object) => request(app.url).put('/api/v1/integrations/generic').set('Authorization', `Bearer ${b.apiKey}`).send(body);
    expect((await put({ signatureHeader: 'X Hapana: Signature' }).expect(400)).body.message).toMatch(/signatureHeader must be an HTTP header name/);
    const res = await put({ signatureHeader: 'X-Hapana-Signature', recordSource: 'hapana' }).expect(200);
    expect(res.body.config).toEqual({ auth: 'hmac', signatureHeader: 'X-Hapana-Signature', recordSource: 'hapana' });
    const secret: string = res.body.signingSecret;

    const ok = await post(b.businessId, event('h-1', 'hc1'), 'X-Hapana-Signature', secret).expect(202);
    expect(ok.body).toMatchObject({ received: 1, duplicates: 0 });
    // the default header is no longer read for this business
    const refused = await post(b.businessId, event('h-2', 'hc2'), 'X-Comeback-Signature', secret).expect(401);
    expect(refused.body.message).toBe('webhook signature rejected: missing X-Hapana-Signature header');
    await waitFor(async () => (await app.ds.query(`SELECT 1 FROM client WHERE business_id = $1 AND source = 'hapana' AND external_id = 'hc1'`, [b.businessId])).length === 1);
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM event_inbox WHERE business_id = $1 AND external_event_id = 'h-2'`, [b.businessId])).toEqual([{ n: 0 }]);

    // a rotation keeps the header name
    const rotated = await request(app.url).post('/api/v1/integrations/generic/signing-secret').set('Authorization', `Bearer ${b.apiKey}`).expect(201);
    expect(rotated.body.config.signatureHeader).toBe('X-Hapana-Signature');
    await post(b.businessId, event('h-3', 'hc3'), 'x-hapana-signature', rotated.body.signingSecret).expect(202);
  });

  it('should keep X-Comeback-Signature for a business that names no header', async () => {
    const b = await newBusiness(app.ds);
    const res = await request(app.url).put('/api/v1/integrations/generic').set('Authorization', `Bearer ${b.apiKey}`).send({}).expect(200);
    await post(b.businessId, event('d-1', 'dc1'), 'X-Comeback-Signature', res.body.signingSecret).expect(202);
    const refused = await post(b.businessId, event('d-2', 'dc2'), 'X-Hapana-Signature', res.body.signingSecret).expect(401);
    expect(refused.body.message).toBe('webhook signature rejected: missing X-Comeback-Signature header');
  });
});
