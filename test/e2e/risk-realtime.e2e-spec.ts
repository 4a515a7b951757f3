import request from 'supertest';
import { JobQueue } from '../../src/queue/job-queue.service';
import { JobName, QueueName } from '../../src/queue/queue-names';
import { RiskProcessor } from '../../src/risk/risk.processor';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('risk statuses through the API and worker', () => {
  let app: TestApp;
  let biz: { businessId: string; apiKey: string };
  const auth = () => ({ Authorization: `Bearer ${biz.apiKey}` });
  const status = async (ext: string) => (await app.ds.query(`SELECT cs.status, cs.reason FROM client_status cs JOIN client c ON c.id = cs.client_id WHERE c.external_id = $1`, [ext]))[0];

  beforeAll(async () => {
    app = await startTestApp({ worker: true });
    biz = await newBusiness(app.ds, { timezone: 'UTC' });
    const imp = (entity: string, records: object[]) => request(app.url).post(`/api/v1/import/${entity}`).set(auth()).send(records).expect(200);
    await imp('clients', [{ externalId: 'drifter' }, { externalId: 'steady' }, { externalId: 'visitor' }]);
    await imp('subscriptions', [
      { externalId: 's1', clientExternalId: 'drifter', startsOn: day(-400), billed: true },
      { externalId: 's2', clientExternalId: 'steady', startsOn: day(-400), billed: true },
    ]);
    await imp('visits', [
      { externalId: 'd1', clientExternalId: 'drifter', visitedAt: `${day(-12)}T10:00:00Z` },
      ...[-1, -2, -3].map((d, i) => ({ externalId: `s${i}`, clientExternalId: 'steady', visitedAt: `${day(d)}T10:00:00Z` })),
    ]);
  });
  afterAll(() => app.close());

  it('POST /api/v1/risk/assess should run a pass now and answer with counts per status and changes', async () => {
    const res = await request(app.url).post('/api/v1/risk/assess').set(auth()).expect(200);
    // the visitor is not a member; the ingest events may already have assessed some clients
    expect(res.body.assessed).toBe(3);
    expect(res.body.statuses).toEqual({ at_risk: 1, loving_it: 1 });
    expect(await status('drifter')).toMatchObject({ status: 'at_risk' });
  });

  it('should make an At Risk member who checks in Loving it again within seconds, and emit client.status_changed', async () => {
    const before = Date.now();
    await request(app.url)
      .post('/api/v1/import/visits')
      .set(auth())
      .send([{ externalId: 'd2', clientExternalId: 'drifter', visitedAt: new Date().toISOString() }])
      .expect(200);
    await waitFor(async () => (await status('drifter'))?.status === 'loving_it', 5000);
    expect(Date.now() - before).toBeLessThan(5000);
    expect(await status('drifter')).toEqual({ status: 'loving_it', reason: 'event' });
    const [change] = await app.ds.query(`SELECT from_status, to_status, reason FROM status_change sc JOIN client c ON c.id = sc.client_id WHERE c.external_id = 'drifter' ORDER BY sc.id DESC LIMIT 1`);
    expect(change).toEqual({ from_status: 'at_risk', to_status: 'loving_it', reason: 'event' });
    const events = await app.http!.get(JobQueue).queue(QueueName.AutomationEvents).getJobs(['waiting', 'active', 'completed']);
    const mine = events.filter((j) => j.name === JobName.ClientStatusChanged && j.data.businessId === biz.businessId).flatMap((j) => j.data.changes);
    expect(mine).toEqual(expect.arrayContaining([expect.objectContaining({ from: 'at_risk', to: 'loving_it', reason: 'event' })]));
  });

  it('should set a status by hand with a note, keep it through a pass, and show it in the history', async () => {
    const [{ id }] = await app.ds.query(`SELECT id::text FROM client WHERE business_id = $1 AND external_id = 'steady'`, [biz.businessId]);
    const put = await request(app.url).put(`/api/v1/clients/${id}/status`).set(auth()).send({ status: 'raving_fan', note: 'brings friends every week' }).expect(200);
    expect(put.body).toMatchObject({ clientId: id, from: 'loving_it', to: 'raving_fan' });
    await request(app.url).post('/api/v1/risk/assess').set(auth()).expect(200);
    expect(await status('steady')).toEqual({ status: 'raving_fan', reason: 'manual' });
    const history = await request(app.url).get(`/api/v1/clients/${id}/status-history`).set(auth()).expect(200);
    expect(history.body.items[0]).toMatchObject({ from: 'loving_it', to: 'raving_fan', reason: 'manual', note: 'brings friends every week' });
    // the oldest entry is the first status the client ever got
    expect(history.body.items.at(-1)).toMatchObject({ from: null });
    expect(history.body.items.length).toBeGreaterThanOrEqual(2);
  });

  it('should refuse a manual status for a non-member (409), a bad status (400), and another business (404)', async () => {
    const [{ id: visitor }] = await app.ds.query(`SELECT id::text FROM client WHERE business_id = $1 AND external_id = 'visitor'`, [biz.businessId]);
    await request(app.url).put(`/api/v1/clients/${visitor}/status`).set(auth()).send({ status: 'raving_fan' }).expect(409);
    const bad = await request(app.url).put(`/api/v1/clients/${visitor}/status`).set(auth()).send({ status: 'suspended' }).expect(400);
    expect(bad.body.message).toMatch(/^status: status must be one of in_trouble, at_risk, loving_it, raving_fan/);
    const other = await newBusiness(app.ds);
    const [{ id: steady }] = await app.ds.query(`SELECT id::text FROM client WHERE business_id = $1 AND external_id = 'steady'`, [biz.businessId]);
    await request(app.url).put(`/api/v1/clients/${steady}/status`).set('Authorization', `Bearer ${other.apiKey}`).send({ status: 'at_risk' }).expect(404);
    await request(app.url).get(`/api/v1/clients/${steady}/status-history`).set('Authorization', `Bearer ${other.apiKey}`).expect(404);
    expect(await status('steady')).toMatchObject({ status: 'raving_fan' });
  });

  it('should answer 404 for a model never fitted and 409 when there is nothing to fit', async () => {
    const empty = await newBusiness(app.ds);
    const auth2 = { Authorization: `Bearer ${empty.apiKey}` };
    await request(app.url).get('/api/v1/risk/estimation').set(auth2).expect(404);
    const res = await request(app.url).post('/api/v1/risk/estimation/refit').set(auth2).expect(409);
    expect(res.body.message).toMatch(/^cannot fit the model: /);
  });

  it('should run one scheduled pass per window however many workers tick', async () => {
    const processor = app.worker!.get(RiskProcessor);
    const now = new Date();
    await Promise.all([processor.tick(now), processor.tick(now), processor.tick(now)]);
    const window = new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString();
    await waitFor(async () => (await app.ds.query(`SELECT finished_at FROM risk_run WHERE business_id = $1 AND window_start = $2`, [biz.businessId, window]))[0]?.finished_at, 10_000);
    const runs = await app.ds.query(`SELECT batches_total, batches_done FROM risk_run WHERE business_id = $1`, [biz.businessId]);
    expect(runs).toEqual([{ batches_total: 1, batches_done: 1 }]);
  });
});
