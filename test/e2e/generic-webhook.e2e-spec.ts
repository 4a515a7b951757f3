import request from 'supertest';
import { signComebackPayload } from '../../src/common/payload-signing';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

describe('generic signed webhook (API + worker, real PostgreSQL and Redis)', () => {
  let app: TestApp;
  let biz: { businessId: string; apiKey: string };
  let secret: string;

  const send = (body: string, opts: { secret?: string; t?: number } = {}) =>
    request(app.url)
      .post(`/webhooks/generic/${biz.businessId}`)
      .set('Content-Type', 'application/json')
      .set('X-Comeback-Signature', signComebackPayload(body, opts.secret ?? secret, opts.t ?? Math.floor(Date.now() / 1000)))
      .send(body);
  const clientRow = async (ext: string) => (await app.ds.query(`SELECT first_name, last_visit_on::text FROM client WHERE business_id = $1 AND external_id = $2`, [biz.businessId, ext]))[0];
  const inbox = (extId: string) => app.ds.query(`SELECT processed_at IS NOT NULL AS processed, error FROM event_inbox WHERE external_event_id = $1`, [extId]);

  beforeAll(async () => {
    app = await startTestApp({ worker: true });
    biz = await newBusiness(app.ds, { timezone: 'Europe/Stockholm' });
    const res = await request(app.url).put('/api/v1/integrations/generic').set('Authorization', `Bearer ${biz.apiKey}`).send({}).expect(200);
    secret = res.body.signingSecret;
    expect(secret).toMatch(/^whsec_/);
  });
  afterAll(() => app.close());

  it('should store, acknowledge and then process a signed event into the canonical tables', async () => {
    const body = JSON.stringify({
      events: [
        { id: 'evt-1', type: 'client.upserted', occurredAt: '2026-03-01T10:00:00Z', data: { externalId: 'g1', firstName: 'Greta' } },
        { id: 'evt-2', type: 'visit.created', occurredAt: '2026-03-01T10:05:00Z', data: { externalId: 'gv1', clientExternalId: 'g1', visitedAt: '2026-03-01T23:30:00Z' } },
      ],
    });
    const res = await send(body).expect(202);
    expect(res.body).toMatchObject({ received: 2, duplicates: 0, queued: true });
    // 23:30Z is already 2 March in Stockholm
    await waitFor(async () => (await clientRow('g1'))?.last_visit_on === '2026-03-02');
    expect((await clientRow('g1')).first_name).toBe('Greta');
  });

  it('should acknowledge a redelivery without processing it again', async () => {
    const body = JSON.stringify({ id: 'evt-1', type: 'client.upserted', occurredAt: '2026-03-01T10:00:00Z', data: { externalId: 'g1', firstName: 'Changed?' } });
    const res = await send(body).expect(202);
    expect(res.body).toMatchObject({ received: 1, duplicates: 1, events: [{ id: 'evt-1', status: 'duplicate' }] });
    await new Promise((r) => setTimeout(r, 300));
    expect((await clientRow('g1')).first_name).toBe('Greta');
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM event_inbox WHERE external_event_id = 'evt-1'`)).toEqual([{ n: 1 }]);
  });

  it('should never let an older event overwrite a newer one', async () => {
    await send(JSON.stringify({ id: 'evt-new', type: 'client.upserted', occurredAt: '2026-03-05T10:00:00Z', data: { externalId: 'g2', firstName: 'Newer' } })).expect(202);
    await waitFor(async () => (await inbox('evt-new'))[0]?.processed);
    await send(JSON.stringify({ id: 'evt-old', type: 'client.upserted', occurredAt: '2026-03-04T10:00:00Z', data: { externalId: 'g2', firstName: 'Older' } })).expect(202);
    await waitFor(async () => (await inbox('evt-old'))[0]?.processed);
    expect((await clientRow('g2')).first_name).toBe('Newer');
  });

  it('should answer 401 to a bad or missing signature, record the rejection and process nothing', async () => {
    const body = JSON.stringify({ id: 'evt-forged', type: 'client.upserted', occurredAt: '2026-03-01T10:00:00Z', data: { externalId: 'forged' } });
    await send(body, { secret: 'whsec_wrong-secret-value' }).expect(401);
    await request(app.url).post(`/webhooks/generic/${biz.businessId}`).set('Content-Type', 'application/json').send(body).expect(401);
    await send(body, { t: Math.floor(Date.now() / 1000) - 3600 }).expect(401);
    const rejected = await app.ds.query(`SELECT count(*)::int AS n FROM webhook_rejection WHERE business_id = $1 AND stage = 'signature'`, [biz.businessId]);
    expect(rejected[0].n).toBe(3);
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM event_inbox WHERE business_id = $1 AND NOT signature_ok`, [biz.businessId])).toEqual([{ n: 0 }]);
    expect(await clientRow('forged')).toBeUndefined();
  });

  it('should answer malformed JSON with 400 and an oversized body with 413', async () => {
    const bad = await send('{"id": "x", ').expect(400);
    expect(bad.body.message).toMatch(/malformed JSON/);
    const big = JSON.stringify({ id: 'big', type: 'client.upserted', occurredAt: '2026-03-01T10:00:00Z', data: { externalId: 'b', firstName: 'x'.repeat(400_000) } });
    await send(big).expect(413);
  });

  it('should store and acknowledge unknown event types, and record invalid data without writing it', async () => {
    await send(JSON.stringify({ id: 'evt-unknown', type: 'spaceship.launched', occurredAt: '2026-03-01T10:00:00Z', data: {} })).expect(202);
    await send(JSON.stringify({ id: 'evt-badtype', type: 'client.upserted', occurredAt: '2026-03-01T10:00:00Z', data: { externalId: 'g3', gender: 'robot' } })).expect(202);
    await waitFor(async () => (await inbox('evt-unknown'))[0]?.processed && (await inbox('evt-badtype'))[0]?.processed);
    expect((await inbox('evt-unknown'))[0].error).toMatch(/^ignored/);
    expect((await inbox('evt-badtype'))[0].error).toMatch(/gender: must be one of/);
    expect(await clientRow('g3')).toBeUndefined();
  });

  it('should publish the event schema (behind an API key) covering every canonical event type', async () => {
    await request(app.url).get('/api/v1/schema/events').expect(401);
    const res = await request(app.url).get('/api/v1/schema/events').set('Authorization', `Bearer ${biz.apiKey}`).expect(200);
    expect(res.body.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const types = JSON.stringify(res.body);
    for (const t of ['client.upserted', 'visit.created', 'booking.upserted', 'subscription.upserted', 'invoice.upserted', 'sale.created']) expect(types).toContain(`"${t}"`);
  });

  it('should answer 404 for an unknown business or source', async () => {
    await request(app.url).post('/webhooks/generic/00000000-0000-0000-0000-000000000000').send('{}').expect(404);
    await request(app.url).post(`/webhooks/nosuch/${biz.businessId}`).send('{}').expect(404);
  });

  it('should still store and acknowledge when Redis is down, and a worker processes it once Redis is reachable', async () => {
    // an API whose Redis is unreachable, on its own database
    const down = await startTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    let worker: TestApp | undefined;
    try {
      const b = await newBusiness(down.ds);
      const conf = await request(down.url).put('/api/v1/integrations/generic').set('Authorization', `Bearer ${b.apiKey}`).send({}).expect(200);
      const body = JSON.stringify({ id: 'evt-redis-down', type: 'client.upserted', occurredAt: '2026-03-01T10:00:00Z', data: { externalId: 'g4', firstName: 'Stored' } });
      const res = await request(down.url)
        .post(`/webhooks/generic/${b.businessId}`)
        .set('Content-Type', 'application/json')
        .set('X-Comeback-Signature', signComebackPayload(body, conf.body.signingSecret, Math.floor(Date.now() / 1000)))
        .send(body)
        .expect(202);
      // the drain job waits in the job outbox (PostgreSQL) until a process reaches Redis
      expect(res.body).toMatchObject({ received: 1, queued: true });
      const stored = await down.ds.query(`SELECT processed_at FROM event_inbox WHERE external_event_id = 'evt-redis-down'`);
      expect(stored).toEqual([{ processed_at: null }]);
      expect(await down.ds.query(`SELECT job_name FROM job_outbox`)).toEqual([{ job_name: 'webhook.process' }]);

      // a worker with Redis up, on the same database, relays the outbox (the sweeper is the backstop)
      worker = await startTestApp({ http: false, worker: true, db: down.db });
      await waitFor(async () => (await down.ds.query(`SELECT first_name FROM client WHERE external_id = 'g4'`))[0]?.first_name === 'Stored');
    } finally {
      await worker?.close();
      await down.close();
    }
  });
  // last: it replaces the secret the other tests sign with
  it('should rotate the signing secret on the server: shown once, the old one refused from then on', async () => {
    const other = await newBusiness(app.ds);
    await request(app.url).post('/api/v1/integrations/generic/signing-secret').set('Authorization', `Bearer ${other.apiKey}`).expect(404);
    const res = await request(app.url).post('/api/v1/integrations/generic/signing-secret').set('Authorization', `Bearer ${biz.apiKey}`).expect(201);
    expect(res.body).toMatchObject({ provider: 'generic', config: { auth: 'hmac' }, secretsSet: ['signingSecret'] });
    expect(res.body.signingSecret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    expect(res.body.signingSecret).not.toBe(secret);
    const body = JSON.stringify({ id: 'evt-rotated', type: 'client.upserted', occurredAt: '2026-03-06T10:00:00Z', data: { externalId: 'g3', firstName: 'Rotated' } });
    await send(body).expect(401);
    await send(body, { secret: res.body.signingSecret }).expect(202);
    // reading the connection never shows it again
    const list = await request(app.url).get('/api/v1/integrations').set('Authorization', `Bearer ${biz.apiKey}`).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(res.body.signingSecret);
  });
});
