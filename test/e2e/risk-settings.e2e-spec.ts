import request from 'supertest';
import { DEFAULT_RISK_SETTINGS } from '../../src/risk/rules/risk-settings';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

describe('per-business risk settings (GET/PUT /api/v1/settings/risk)', () => {
  let app: TestApp;
  let a: { businessId: string; apiKey: string };
  let b: { businessId: string; apiKey: string };
  const as = (k: { apiKey: string }) => ({ Authorization: `Bearer ${k.apiKey}` });

  beforeAll(async () => {
    app = await startTestApp();
    a = await newBusiness(app.ds, { timezone: 'UTC' });
    b = await newBusiness(app.ds, { timezone: 'UTC' });
    for (const k of [a, b]) {
      await request(app.url)
        .post('/api/v1/import/clients')
        .set(as(k))
        .send([{ externalId: 'newbie' }])
        .expect(200);
      await request(app.url)
        .post('/api/v1/import/subscriptions')
        .set(as(k))
        .send([{ externalId: 's', clientExternalId: 'newbie', startsOn: day(-2), billed: true }])
        .expect(200);
    }
  });
  afterAll(() => app.close());

  it("should serve risk.md's defaults to a business that changed nothing", async () => {
    const res = await request(app.url).get('/api/v1/settings/risk').set(as(a)).expect(200);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(DEFAULT_RISK_SETTINGS)));
  });

  it('should refuse invalid settings with 400s naming the path, storing nothing', async () => {
    const bad = await request(app.url)
      .put('/api/v1/settings/risk')
      .set(as(a))
      .send({ atRisk: { threshold: 'high' } })
      .expect(400);
    expect(bad.body.message).toMatch(/atRisk\.threshold/);
    const gap = await request(app.url)
      .put('/api/v1/settings/risk')
      .set(as(a))
      .send({
        absent: {
          bands: [
            { minDays: 0, maxDays: 3, score: 0 },
            { minDays: 5, maxDays: null, score: 40 },
          ],
        },
      })
      .expect(400);
    expect(gap.body.message).toMatch(/absent\.bands\[1\]\.minDays/);
    expect((await request(app.url).get('/api/v1/settings/risk').set(as(a)).expect(200)).body).toEqual(JSON.parse(JSON.stringify(DEFAULT_RISK_SETTINGS)));
  });

  it("should apply a business's own numbers to its assessments only, and restore a default with null", async () => {
    const put = await request(app.url)
      .put('/api/v1/settings/risk')
      .set(as(a))
      .send({ newMember: { score: 80 } })
      .expect(200);
    expect(put.body.newMember.score).toBe(80);
    expect(put.body.absent).toEqual(JSON.parse(JSON.stringify(DEFAULT_RISK_SETTINGS.absent)));

    // registered 2 days ago, no visits: 25 by default (Loving it), 80 with A's setting (At Risk)
    const ra = await request(app.url).post('/api/v1/risk/assess').set(as(a)).expect(200);
    const rb = await request(app.url).post('/api/v1/risk/assess').set(as(b)).expect(200);
    expect(ra.body.statuses).toEqual({ at_risk: 1 });
    expect(rb.body.statuses).toEqual({ loving_it: 1 });
    expect((await request(app.url).get('/api/v1/settings/risk').set(as(b)).expect(200)).body.newMember.score).toBe(25);

    const reset = await request(app.url)
      .put('/api/v1/settings/risk')
      .set(as(a))
      .send({ newMember: { score: null } })
      .expect(200);
    expect(reset.body.newMember.score).toBe(25);
  });
});
