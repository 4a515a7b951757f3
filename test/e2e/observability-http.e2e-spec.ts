import request from 'supertest';
import { signComebackPayload } from '../../src/common/payload-signing';
import { signInAs } from '../support/auth-fixtures';
import { noQuietHours, seedClients, touchesOf } from '../support/actions-fixtures';
import { newBusiness } from '../support/factories';
import { FaultProxy, startFaultProxy } from '../support/fault-proxy';
import { FaultRedis, startFaultRedis } from '../support/fault-redis';
import { createTestDb, TestDb } from '../support/test-db';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { SmtpSink, startSmtpSink } from '../fakes/smtp-sink';

// Issue #15 item 6 (docs/operations.md): health, metrics and the queue board of a running API.

/** One sample of the Prometheus text, 0 when the series does not exist yet. */
function sample(text: string, name: string, labels: Record<string, string>): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const body = line.slice(name.length + 1, line.indexOf('}'));
    const got = Object.fromEntries(body.split(/,(?=\w+=)/).map((kv) => [kv.slice(0, kv.indexOf('=')), JSON.parse(kv.slice(kv.indexOf('=') + 1))]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return 0;
}

describe('health, metrics and the queue board', () => {
  let proxy: FaultProxy;
  let redis: FaultRedis;
  let sink: SmtpSink;
  let db: TestDb;
  let app: TestApp;
  let biz: { businessId: string; apiKey: string };

  beforeAll(async () => {
    proxy = await startFaultProxy({ host: '127.0.0.1', port: 5432 });
    redis = await startFaultRedis();
    sink = await startSmtpSink();
    db = await createTestDb();
    // the API reaches PostgreSQL through the proxy and has a Redis of its own, so the test can cut either
    app = await startTestApp({ db, worker: true, env: { DATABASE_URL: proxy.via(db.url), REDIS_URL: redis.url, SMTP_URL: sink.url, READY_MAX_WAITING: '5' } });
    biz = await newBusiness(app.ds);
    await noQuietHours(app.ds, biz.businessId);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await db?.drop();
    await sink?.close();
    await redis?.close();
    await proxy?.close();
  });

  const metrics = async () => (await request(app.url).get('/metrics').expect(200)).text;

  it('should answer live without looking at any dependency, and ready naming each check', async () => {
    expect((await request(app.url).get('/health/live').expect(200)).body).toEqual({ status: 'ok' });
    const ready = await request(app.url).get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' }, redis: { status: 'up' }, queues: { status: 'up' } } });
  });

  it('should go unready naming redis while Redis is down, and ready again once it is back', async () => {
    await redis.kill();
    try {
      const down = await request(app.url).get('/health/ready').expect(503);
      expect(down.body.error.redis).toMatchObject({ status: 'down' });
      expect(down.body.message).toMatch(/^not ready: .*redis: Redis not reachable/);
      expect(down.body.info.database).toMatchObject({ status: 'up' });
      await request(app.url).get('/health/live').expect(200);
    } finally {
      await redis.start();
    }
    await waitFor(async () => (await request(app.url).get('/health/ready')).status === 200, 15_000, 100);
  });

  it('should go unready naming database while PostgreSQL is cut, and recover without a restart', async () => {
    await proxy.cut();
    try {
      const down = await request(app.url).get('/health/ready').expect(503);
      expect(down.body.error.database).toMatchObject({ status: 'down' });
      expect(down.body.message).toMatch(/database: PostgreSQL not reachable/);
      expect(down.body.info.redis).toMatchObject({ status: 'up' });
      await request(app.url).get('/health/live').expect(200);
    } finally {
      await proxy.restore();
    }
    await waitFor(async () => (await request(app.url).get('/health/ready')).status === 200, 15_000, 100);
  });

  it('should go unready naming the queue whose backlog passes READY_MAX_WAITING', async () => {
    const q = app.http!.get((await import('../../src/queue/job-queue.service')).JobQueue).queue('follow-up' as never);
    await q.pause(false);
    try {
      for (let i = 0; i < 6; i++) await q.add('follow-up.compute-business', { businessId: biz.businessId, windowEnd: 'x' }, { jobId: `backlog-${i}` });
      const down = await request(app.url).get('/health/ready').expect(503);
      expect(down.body.error.queues.message).toMatch(/follow-up \(6\)/);
    } finally {
      await q.empty();
      await q.resume(false);
    }
    await request(app.url).get('/health/ready').expect(200);
  });

  it('should count webhook deliveries accepted and rejected per source, and time requests by route template', async () => {
    const res = await request(app.url).put('/api/v1/integrations/generic').set('Authorization', `Bearer ${biz.apiKey}`).send({}).expect(200);
    const secret = res.body.signingSecret as string;
    const before = await metrics();
    const body = JSON.stringify({ events: [{ id: 'm-1', type: 'client.upserted', occurredAt: '2026-03-01T10:00:00Z', data: { externalId: 'm1', firstName: 'Mo' } }] });
    await request(app.url)
      .post(`/webhooks/generic/${biz.businessId}`)
      .set('Content-Type', 'application/json')
      .set('X-Comeback-Signature', signComebackPayload(body, secret, Math.floor(Date.now() / 1000)))
      .send(body)
      .expect(202);
    await request(app.url).post(`/webhooks/generic/${biz.businessId}`).set('Content-Type', 'application/json').set('X-Comeback-Signature', 't=1,v1=bad').send(body).expect(401);
    const [clientId] = await seedClients(app.ds, biz.businessId, [{ email: 'route@example.test' }]);
    await request(app.url).get(`/api/v1/clients/${clientId}`).set('Authorization', `Bearer ${biz.apiKey}`).expect(200);

    const after = await metrics();
    const d = (labels: Record<string, string>) => sample(after, 'comeback_webhook_deliveries_total', labels) - sample(before, 'comeback_webhook_deliveries_total', labels);
    expect(d({ source: 'generic', outcome: 'accepted' })).toBe(1);
    expect(d({ source: 'generic', outcome: 'rejected' })).toBe(1);
    expect(d({ source: 'mindbody', outcome: 'accepted' })).toBe(0);
    // the route template, never the id
    expect(sample(after, 'comeback_http_request_duration_seconds_count', { route: '/api/v1/clients/:id', method: 'GET', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(after).not.toContain(`/api/v1/clients/${clientId}`);
    expect(sample(after, 'comeback_http_request_duration_seconds_count', { route: '/webhooks/:source/:businessId', method: 'POST', status: '401' })).toBeGreaterThanOrEqual(1);
    // queue lengths read at scrape time
    expect(after).toMatch(/comeback_queue_jobs\{queue="deliver-email",state="waiting"\} \d+/);
    expect(sample(after, 'comeback_queue_up', {}) || Number(/comeback_queue_up (\d)/.exec(after)?.[1])).toBe(1);
  });

  it('should count sends per channel and outcome, and time the jobs per queue', async () => {
    const before = await metrics();
    const ids = await seedClients(app.ds, biz.businessId, [{ email: 'ok1@example.test' }, { email: 'ok2@example.test' }, { email: 'nobody@example.test' }]);
    sink.rejectRecipient(/^nobody@/, 550);
    await request(app.url)
      .post('/api/v1/actions/send')
      .set('Authorization', `Bearer ${biz.apiKey}`)
      .send({ origin: 'metrics:send', channel: 'email', clientIds: ids, template: { subject: 'Hi', text: 'x {{unsubscribe_url}}' } })
      .expect(202);
    await waitFor(async () => (await touchesOf(app.ds, biz.businessId, 'metrics:send')).every((t) => t.status === 'sent' || t.status === 'failed'), 20_000);
    const after = await metrics();
    const d = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect(d('comeback_sends_total', { channel: 'email', outcome: 'sent' })).toBe(2);
    expect(d('comeback_sends_total', { channel: 'email', outcome: 'failed' })).toBe(1);
    expect(d('comeback_job_duration_seconds_count', { queue: 'deliver-email', outcome: 'completed' })).toBeGreaterThanOrEqual(1);
  });

  it('should serve /metrics to loopback callers without a token, and want the bearer token when METRICS_TOKEN is set', async () => {
    const guarded = await startTestApp({ db, env: { DATABASE_URL: db.url, REDIS_URL: redis.url, METRICS_TOKEN: 'metrics-token-0123456789' } });
    try {
      expect((await request(guarded.url).get('/metrics')).status).toBe(401);
      expect((await request(guarded.url).get('/metrics').set('Authorization', 'Bearer wrong-token-0123456789')).status).toBe(401);
      const ok = await request(guarded.url).get('/metrics').set('Authorization', 'Bearer metrics-token-0123456789').expect(200);
      expect(ok.headers['content-type']).toMatch(/^text\/plain/);
      expect(ok.text).toContain('# TYPE comeback_http_request_duration_seconds histogram');
    } finally {
      await guarded.close();
    }
  });

  it('should open the queue board to a signed-in admin only (anonymous 401, marketer 403, API key 401)', async () => {
    const admin = await signInAs(app, biz.businessId, 'admin');
    const marketer = await signInAs(app, biz.businessId, 'marketer');
    expect((await request(app.url).get('/admin/queues')).status).toBe(401);
    expect((await request(app.url).get('/admin/queues/api/queues')).status).toBe(401);
    expect((await request(app.url).get('/admin/queues').set('Authorization', `Bearer ${biz.apiKey}`)).status).toBe(401);
    expect((await request(app.url).get('/admin/queues').set('Cookie', marketer.cookie)).status).toBe(403);
    expect((await request(app.url).get('/admin/queues/api/queues').set('Cookie', marketer.cookie)).status).toBe(403);
    const page = await request(app.url).get('/admin/queues').set('Cookie', admin.cookie).expect(200);
    expect(page.text).toMatch(/<html/i);
    const api = await request(app.url).get('/admin/queues/api/queues').set('Cookie', admin.cookie).expect(200);
    expect(api.body.queues.map((q: { name: string }) => q.name)).toEqual(expect.arrayContaining(['deliver-email', 'webhooks', 'campaigns']));
  });
});
