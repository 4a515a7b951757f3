import request from 'supertest';
import { noQuietHours, seedClients, touchesOf } from '../support/actions-fixtures';
import { newBusiness } from '../support/factories';
import { FaultRedis, startFaultRedis } from '../support/fault-redis';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { SmtpSink, startSmtpSink } from '../fakes/smtp-sink';

// Issue #17 item 2: with Redis down, the routes that use a queue hung for more than 60 s, and
// touches they had claimed went out 34 minutes later with the sweeper. Now: a read that needs
// Redis answers 503 naming it within seconds, work that was accepted is kept in PostgreSQL
// (job_outbox) and runs as soon as Redis is back, and reads that do not need Redis answer.
// The test's own Redis (not the shared one) is killed and started again.

/** Answers a request's status, body and how long it took (a hang shows as a 10 s timeout). */
async function timed(req: request.Test): Promise<{ status: number; body: any; ms: number }> {
  const started = Date.now();
  const res = await req.timeout(10_000).catch((e: Error) => ({ status: 0, body: { error: e.message } }));
  return { status: res.status, body: res.body, ms: Date.now() - started };
}

describe('Redis outage', () => {
  let redis: FaultRedis;
  let sink: SmtpSink;
  let app: TestApp;
  let biz: { businessId: string; apiKey: string };
  let clients: string[];
  const api = () => ({
    get: (path: string) => request(app.url).get(path).set('Authorization', `Bearer ${biz.apiKey}`),
    post: (path: string, body?: object) => request(app.url).post(path).set('Authorization', `Bearer ${biz.apiKey}`).send(body),
  });
  const outbox = async () => (await app.ds.query(`SELECT count(*)::int AS n FROM job_outbox`))[0].n as number;

  beforeAll(async () => {
    redis = await startFaultRedis();
    sink = await startSmtpSink();
    app = await startTestApp({
      worker: true,
      // a Mindbody that refuses at once: the stale-sync job the overview queues fails quietly
      env: { REDIS_URL: redis.url, SMTP_URL: sink.url, PUBLIC_BASE_URL: 'https://comeback.example', MINDBODY_API_URL: 'http://127.0.0.1:9' },
    });
    biz = await newBusiness(app.ds);
    await noQuietHours(app.ds, biz.businessId);
    clients = await seedClients(app.ds, biz.businessId, [{ email: 'ana@example.test' }, { email: 'tom@example.test' }, { email: 'eve@example.test' }]);
    // a Mindbody connection never synced: GET /overview queues a sync (the queue-using path)
    await app.ds.query(`INSERT INTO integration_connection (business_id, provider) VALUES ($1, 'mindbody')`, [biz.businessId]);
  });
  afterAll(async () => {
    await app?.close();
    await sink?.close();
    await redis?.close();
  });

  it('should answer within seconds while Redis is down, keep accepted work in PostgreSQL, and run it as soon as Redis is back', async () => {
    const segment = await api()
      .post('/api/v1/segments', { name: 'Everyone', conditions: { condition: 'customer_type', values: ['adult'] } })
      .expect(201);
    await app.ds.query(`UPDATE client SET customer_type = 'adult' WHERE business_id = $1`, [biz.businessId]);
    const campaign = await api()
      .post('/api/v1/campaigns', {
        name: 'Outage',
        segmentId: segment.body.id,
        holdoutPercent: 0,
        steps: [{ key: 'hi', channel: 'email', template: { subject: 'campaign', text: 'x {{unsubscribe_url}}' } }],
      })
      .expect(201);

    await redis.kill();

    // a read that needs Redis: 503 with the reason, fast
    const failed = await timed(api().get('/api/v1/deliveries/failed'));
    expect(failed).toMatchObject({ status: 503, body: { message: 'queue unavailable: Redis not reachable' } });
    expect(failed.ms).toBeLessThan(5000);

    // a read that only queues a refresh answers (the sync waits in the outbox)
    const overview = await timed(api().get('/api/v1/overview'));
    expect(overview).toMatchObject({ status: 200, body: { refreshing: true } });
    expect(overview.ms).toBeLessThan(5000);

    // writes that enqueue are accepted: the jobs are kept in PostgreSQL
    const send = await timed(
      api().post('/api/v1/actions/send', { origin: 'outage:send', channel: 'email', clientIds: clients.slice(0, 2), template: { subject: 'direct', text: 'x {{unsubscribe_url}}' } }),
    );
    expect(send).toMatchObject({ status: 202, body: { claimed: 2, queued: 2 } });
    expect(send.ms).toBeLessThan(5000);
    const camp = await timed(api().post(`/api/v1/campaigns/${campaign.body.id}/send`));
    expect(camp).toMatchObject({ status: 202, body: { state: 'sending' } });
    expect(camp.ms).toBeLessThan(5000);
    const assess = await timed(api().post('/api/v1/risk/assess'));
    expect(assess.status).toBe(200);
    expect(assess.ms).toBeLessThan(5000);
    expect(await outbox()).toBeGreaterThanOrEqual(3);
    expect(sink.count()).toBe(0);

    // Redis is back (empty, as after a restart without persistence): the outbox drains and the
    // mail goes out within seconds, not at the next sweep
    await redis.start();
    const back = Date.now();
    await waitFor(async () => (await outbox()) === 0, 10_000);
    const drainedMs = Date.now() - back;
    await waitFor(async () => sink.to('ana@example.test').length === 2 && sink.to('eve@example.test').length === 1, 15_000);
    const deliveredMs = Date.now() - back;
    const direct = await waitFor(async () => {
      const ts = await touchesOf(app.ds, biz.businessId, 'outage:send');
      return ts.every((t) => t.status === 'sent') && ts;
    }, 10_000);
    expect(direct).toHaveLength(2);
    expect(
      sink
        .to('ana@example.test')
        .map((m) => m.subject)
        .sort(),
    ).toEqual(['campaign', 'direct']);
    // the figures docs/reliability.md quotes
    // eslint-disable-next-line no-console
    console.log(`redis outage: 503 in ${failed.ms} ms, send accepted in ${send.ms} ms; outbox drained ${drainedMs} ms and mail delivered ${deliveredMs} ms after Redis returned`);

    // and the queue reads answer again
    await api().get('/api/v1/deliveries/failed').expect(200);
  });
});
