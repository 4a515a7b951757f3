import { Queue } from 'bull';
import request from 'supertest';
import { syncPendingJobId } from '../../../src/integrations/sync/sync-job-ids';
import { siteLocal } from '../../../src/integrations/sync/mindbody-sync.types';
import { JobQueue } from '../../../src/queue/job-queue.service';
import { QueueName } from '../../../src/queue/queue-names';
import { defaultDataset, MINDBODY_FAKE_DEFAULTS, MindbodyApiFake, startMindbodyApiFake } from '../../fakes/mindbody-api.fake';
import { newBusiness } from '../../support/factories';
import { startTestApp, TestApp } from '../../support/test-app';
import { count } from './sync-test-helpers';

type Biz = { businessId: string; apiKey: string };

// API only, no worker: queued sync jobs stay in Redis where the test can see them.
describe('sync endpoints: POST /integrations/mindbody/sync, GET /overview, GET /integrations', () => {
  let app: TestApp;
  let queue: Queue;
  let a: Biz;
  let b: Biz;
  const auth = (x: Biz) => ({ Authorization: `Bearer ${x.apiKey}` });

  beforeAll(async () => {
    app = await startTestApp({ http: true, worker: false });
    queue = app.http!.get(JobQueue, { strict: false }).queue(QueueName.Sync);
    a = await newBusiness(app.ds, { name: 'A' });
    b = await newBusiness(app.ds, { name: 'B' });
    await request(app.url)
      .put('/api/v1/integrations/mindbody')
      .set(auth(a))
      .send({ siteId: '-99', username: 'owner', apiKey: 'test-api-key', password: 'secret-password', signatureKey: 'sig-key-123456' })
      .expect(200);
    await request(app.url)
      .post('/api/v1/import/clients')
      .set(auth(a))
      .send([
        { externalId: 'c1', isMember: true },
        { externalId: 'c2', isMember: false },
        { externalId: 'c3', isMember: true, deletedAt: '2026-01-01T00:00:00Z' },
      ])
      .expect(200);
    await request(app.url)
      .post('/api/v1/import/visits')
      .set(auth(a))
      .send([
        { externalId: 'v1', clientExternalId: 'c1', visitedAt: new Date(Date.now() - 2 * 86400_000).toISOString() },
        { externalId: 'v2', clientExternalId: 'c1', visitedAt: new Date(Date.now() - 45 * 86400_000).toISOString() },
      ])
      .expect(200);
  });
  afterAll(async () => {
    await queue?.obliterate({ force: true });
    await app?.close();
  });
  beforeEach(() => queue.obliterate({ force: true }));

  const pending = (x: Biz) => queue.getJob(syncPendingJobId(x.businessId));
  const markSynced = (x: Biz, ago: string) =>
    app.ds.query(
      `INSERT INTO sync_state (business_id, provider, kind, last_started_at, last_finished_at, last_success_at)
       VALUES ($1, 'mindbody', 'run', now() - $2::interval, now() - $2::interval, now() - $2::interval)
       ON CONFLICT (business_id, provider, kind) DO UPDATE SET last_success_at = EXCLUDED.last_success_at`,
      [x.businessId, ago],
    );

  it('should queue one sync on POST and answer 202, and not queue a second while one waits', async () => {
    const first = await request(app.url).post('/api/v1/integrations/mindbody/sync').set(auth(a)).expect(202);
    expect(first.body).toEqual({ queued: true, reason: 'queued' });
    const second = await request(app.url).post('/api/v1/integrations/mindbody/sync').set(auth(a)).expect(202);
    expect(second.body).toEqual({ queued: false, reason: 'already_queued' });
    expect((await pending(a))!.data).toEqual({ businessId: a.businessId, provider: 'mindbody', reason: 'manual' });
    expect(await queue.count()).toBe(1);
  });

  it('should answer 404 to POST sync without a Mindbody connection, and 401 without a key', async () => {
    await request(app.url).post('/api/v1/integrations/mindbody/sync').set(auth(b)).expect(404);
    await request(app.url).post('/api/v1/integrations/mindbody/sync').expect(401);
    expect(await queue.count()).toBe(0);
  });

  it('should queue a sync and say refreshing when the last sync is stale or never ran', async () => {
    const never = await request(app.url).get('/api/v1/overview').set(auth(a)).expect(200);
    expect(never.body).toMatchObject({
      refreshing: true,
      counts: { clients: 2, members: 1, visitsLast30Days: 1 },
      sync: [{ provider: 'mindbody', lastSuccessAt: null, stale: true }],
      membersNow: 1,
    });
    expect((await pending(a))!.data.reason).toBe('stale');

    await queue.obliterate({ force: true });
    await markSynced(a, '31 minutes');
    const stale = await request(app.url).get('/api/v1/overview').set(auth(a)).expect(200);
    expect(stale.body).toMatchObject({ refreshing: true, sync: [{ stale: true }] });
    // opening the dashboard again does not pile up jobs
    await request(app.url).get('/api/v1/overview').set(auth(a)).expect(200);
    expect(await queue.count()).toBe(1);
  });

  it('should not queue anything when the last sync is fresh', async () => {
    await markSynced(a, '5 minutes');
    const res = await request(app.url).get('/api/v1/overview').set(auth(a)).expect(200);
    expect(res.body).toMatchObject({ refreshing: false, sync: [{ provider: 'mindbody', stale: false }] });
    expect(typeof res.body.sync[0].lastSuccessAt).toBe('string');
    expect(await queue.count()).toBe(0);
  });

  it("should show another business none of A's counts, connections or sync state", async () => {
    const overview = await request(app.url).get('/api/v1/overview').set(auth(b)).expect(200);
    expect(overview.body).toMatchObject({
      refreshing: false,
      counts: { clients: 0, members: 0, visitsLast30Days: 0 },
      sync: [],
      membersNow: 0,
      statusCounts: { in_trouble: 0, at_risk: 0, loving_it: 0, raving_fan: 0, suspended: 0, unassessed: 0 },
      healthBands: { green: 0, yellow: 0, red: 0, unscored: 0 },
      atRisk: { now: 0 },
    });
    const integrations = await request(app.url).get('/api/v1/integrations').set(auth(b)).expect(200);
    expect(integrations.body).toEqual({ sources: [] });
    expect(await queue.count()).toBe(0);
  });

  it('should list per source its config without secrets, last webhook, per-kind sync state and staleness', async () => {
    await markSynced(a, '2 hours');
    await app.ds.query(
      `INSERT INTO sync_state (business_id, provider, kind, cursor, last_started_at, last_finished_at, last_error, last_error_at, records_upserted)
       VALUES ($1, 'mindbody', 'clients', '{"offset": 200, "modifiedSince": null, "walkStartedAt": "2026-01-01T00:00:00.000Z"}', now(), now(), 'Mindbody /client/clients failed with 500', now(), 200)
       ON CONFLICT (business_id, provider, kind) DO NOTHING`,
      [a.businessId],
    );
    await app.ds.query(
      `INSERT INTO event_inbox (business_id, source, external_event_id, received_at, signature_ok) VALUES
         ($1, 'mindbody', 'e1', '2026-01-02T10:00:00Z', true), ($1, 'mindbody', 'e2', '2026-01-03T10:00:00Z', false)`,
      [a.businessId],
    );

    const res = await request(app.url).get('/api/v1/integrations').set(auth(a)).expect(200);

    expect(res.body.sources).toHaveLength(1);
    const mb = res.body.sources[0];
    expect(mb).toMatchObject({
      provider: 'mindbody',
      enabled: true,
      config: { siteId: '-99', username: 'owner' },
      secretNames: ['apiKey', 'password', 'signatureKey'],
      lastWebhookAt: '2026-01-02T10:00:00.000Z',
      stale: true,
      sync: { lastError: null },
    });
    expect(typeof mb.sync.lastSuccessAt).toBe('string');
    expect(Object.keys(mb.kinds)).toEqual(['locations', 'clients', 'contracts', 'classes', 'appointments', 'sales']);
    expect(mb.kinds.clients).toMatchObject({
      lastError: 'Mindbody /client/clients failed with 500',
      recordsUpserted: 200,
      cursor: { offset: 200, modifiedSince: null },
      lastSuccessAt: null,
    });
    expect(mb.kinds.sales).toEqual({ lastStartedAt: null, lastFinishedAt: null, lastSuccessAt: null, lastError: null, lastErrorAt: null, recordsUpserted: 0, cursor: null });
    const raw = JSON.stringify(res.body);
    for (const secret of ['test-api-key', 'secret-password', 'sig-key-123456']) expect(raw).not.toContain(secret);
  });
});

// The whole path with a worker: POST -> queue -> processor -> Mindbody fake -> canonical tables.
describe('sync through the queue (API + worker, Mindbody fake)', () => {
  let fake: MindbodyApiFake;
  let app: TestApp;
  let worker: TestApp['worker'];
  let a: Biz;

  beforeAll(async () => {
    // the real clock: date the fake's activity two days ago, site-local
    const data = defaultDataset();
    const at = siteLocal(new Date(Date.now() - 2 * 86400_000).toISOString(), 'Europe/Stockholm');
    data.classes[0].StartDateTime = at;
    for (const v of data.classes[0].Visits ?? []) v.StartDateTime = at;
    data.appointments[0].StartDateTime = at;
    data.sales[0].SaleDateTime = at;
    fake = await startMindbodyApiFake({ data });
    app = await startTestApp({ http: true, worker: true, env: { MINDBODY_API_URL: fake.url } });
    worker = app.worker;
    a = await newBusiness(app.ds, { name: 'A' });
    await request(app.url)
      .put('/api/v1/integrations/mindbody')
      .set(auth(a))
      .send({ siteId: MINDBODY_FAKE_DEFAULTS.siteId, username: MINDBODY_FAKE_DEFAULTS.username, apiKey: MINDBODY_FAKE_DEFAULTS.apiKey, password: MINDBODY_FAKE_DEFAULTS.password })
      .expect(200);
  });
  afterAll(async () => {
    await app?.http?.get(JobQueue, { strict: false }).queue(QueueName.Sync).obliterate({ force: true });
    await app?.close();
    await fake?.close();
  });
  const auth = (x: Biz) => ({ Authorization: `Bearer ${x.apiKey}` });

  it('should sync on request and then report fresh data', async () => {
    expect(worker).toBeDefined();
    await request(app.url).post('/api/v1/integrations/mindbody/sync').set(auth(a)).expect(202);

    const deadline = Date.now() + 15_000;
    let done: Date | null = null;
    while (!done && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      const [row] = await app.ds.query(`SELECT last_success_at FROM sync_state WHERE business_id = $1 AND kind = 'run'`, [a.businessId]);
      done = row?.last_success_at ?? null;
    }
    expect(done).toBeInstanceOf(Date);
    expect(await count(app.ds, 'client', a.businessId)).toBe(3);
    expect(await count(app.ds, 'visit', a.businessId)).toBe(2);
    expect(await count(app.ds, 'sale', a.businessId)).toBe(2);

    const overview = await request(app.url).get('/api/v1/overview').set(auth(a)).expect(200);
    expect(overview.body).toMatchObject({ refreshing: false, counts: { clients: 2, members: 1, visitsLast30Days: 2 } });
  });
});
