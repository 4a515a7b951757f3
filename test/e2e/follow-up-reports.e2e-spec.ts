import request from 'supertest';
import { FollowUpProcessor } from '../../src/follow-up/follow-up.processor';
import { newBusiness } from '../support/factories';
import { seedStaff } from '../support/tasks-fixtures';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { FollowUpKit } from '../integration/follow-up/follow-up-fixtures';

// The follow-up routes through HTTP and the worker: the reports, the recompute route, the schedule's
// fan-out, validation, roles and tenancy (business B's key never reads A's reports).
describe('follow-up reports through the API', () => {
  let app: TestApp;
  let a: { businessId: string; apiKey: string };
  let b: { businessId: string; apiKey: string };
  let kitA: FollowUpKit;
  let campaignId: string;
  let automationId: string;
  const api = (key: string) => ({
    get: (path: string) => request(app.url).get(path).set('Authorization', `Bearer ${key}`),
    post: (path: string, body?: object) => request(app.url).post(path).set('Authorization', `Bearer ${key}`).send(body),
    put: (path: string, body: object) => request(app.url).put(path).set('Authorization', `Bearer ${key}`).send(body),
  });
  const lastRun = async (businessId: string): Promise<Date | null> => (await app.ds.query(`SELECT max(last_run_at) AS at FROM follow_up_run WHERE business_id = $1`, [businessId]))[0].at;

  beforeAll(async () => {
    app = await startTestApp({ worker: true, env: { FOLLOW_UP_CRON: '0 0 1 1 *', FOLLOW_UP_DEBOUNCE_SECONDS: '1' } });
    a = await newBusiness(app.ds, { name: 'A' });
    b = await newBusiness(app.ds, { name: 'B' });
    kitA = new FollowUpKit(app.ds, a.businessId);
    const ids = await kitA.clients(['x1', 'x2', 'x3', 'x4']);
    campaignId = await kitA.campaign({ name: 'A win-back' });
    await kitA.recipients(campaignId, [{ client: ids.x1 }, { client: ids.x2 }, { client: ids.x3, holdout: true }]);
    for (const c of [ids.x1, ids.x2]) await kitA.touch({ client: c, campaignId, stepKey: 'email' });
    automationId = await kitA.automation({ name: 'A automation' });
    await kitA.enrollment(automationId, ids.x4, { steps: [[0, 'email']] });
    await kitA.visits([
      ['x1', '2026-09-03T10:00:00Z'],
      ['x3', '2026-09-04T10:00:00Z'],
    ]);
  }, 30_000);
  afterAll(() => app.close());

  it('should recompute on request and serve the campaign and automation reports', async () => {
    const { body } = await api(a.apiKey).post('/api/v1/follow-up/recompute').expect(200);
    expect(body.passes).toEqual([expect.objectContaining({ goalKind: 'visit', exposures: 4, convertedExposures: 2 })]);
    const c = (await api(a.apiKey).get(`/api/v1/reports/campaigns/${campaignId}`).expect(200)).body;
    expect(c).toMatchObject({ source: { kind: 'campaign', id: campaignId, name: 'A win-back' }, targeted: 3, contacted: 2, control: 1, converted: 1, controlConverted: 1 });
    expect(c.lift).toMatchObject({ estimate: -0.5, smallSample: true, negative: true });
    expect(c.steps.map((s: { key: string }) => s.key)).toEqual(['email']);
    const au = (await api(a.apiKey).get(`/api/v1/reports/automations/${automationId}`).expect(200)).body;
    expect(au).toMatchObject({ source: { kind: 'automation', name: 'A automation', state: 'enabled' }, contacted: 1, control: 0, lift: null });
    const ranked = (await api(a.apiKey).get('/api/v1/reports/actions?from=2026-09-01&to=2026-09-30').expect(200)).body;
    expect(ranked.overall.map((r: { name: string }) => r.name)).toEqual(['A win-back', 'A automation']);
  });

  it("should answer 404 for another business's reports, and never list them", async () => {
    await api(b.apiKey).get(`/api/v1/reports/campaigns/${campaignId}`).expect(404);
    await api(b.apiKey).get(`/api/v1/reports/automations/${automationId}`).expect(404);
    await api(a.apiKey).get('/api/v1/reports/campaigns/999999999').expect(404);
    await api(a.apiKey).get('/api/v1/reports/automations/not-an-id').expect(404);
    await api(a.apiKey).get('/api/v1/reports/campaigns/x1').expect(404);
    const theirs = (await api(b.apiKey).get('/api/v1/reports/actions?from=2026-09-01&to=2026-09-30').expect(200)).body;
    expect(theirs.overall).toEqual([]);
    // B's recompute touches nothing of A's
    const before = await app.ds.query(`SELECT count(*)::int AS n FROM exposure_conversion WHERE business_id = $1`, [a.businessId]);
    expect((await api(b.apiKey).post('/api/v1/follow-up/recompute').expect(200)).body.passes).toEqual([]);
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM exposure_conversion WHERE business_id = $1`, [a.businessId])).toEqual(before);
  });

  it('should refuse staff keys, unauthenticated calls and bad ranges', async () => {
    const staff = await seedStaff(app.ds, a.businessId, [{ key: 'kim' }]);
    const kim = (await api(a.apiKey).post(`/api/v1/staff/${staff.kim}/api-keys`, { name: 'Kim' }).expect(201)).body.apiKey;
    await api(kim).get(`/api/v1/reports/campaigns/${campaignId}`).expect(403);
    await api(kim).get('/api/v1/reports/actions').expect(403);
    await request(app.url).get(`/api/v1/reports/campaigns/${campaignId}`).expect(401);
    const bad = await api(a.apiKey).get('/api/v1/reports/actions?from=01-09-2026').expect(400);
    expect(bad.body.message).toMatch(/from must be a date/);
    await api(a.apiKey).get('/api/v1/reports/actions?from=2026-09-30&to=2026-09-01').expect(400);
    // the default range (the last 90 days) answers
    expect((await api(a.apiKey).get('/api/v1/reports/actions').expect(200)).body).toMatchObject({ overall: expect.any(Array), staffTasks: { returnWindowDays: 14 } });
  });

  it('should queue a debounced pass when goal data arrives through the import API', async () => {
    const before = await lastRun(a.businessId);
    await api(a.apiKey)
      .post('/api/v1/import/visits', [{ externalId: 'late-x2', clientExternalId: 'x2', visitedAt: '2026-09-05T10:00:00Z' }])
      .expect(200);
    await waitFor(async () => {
      const at = await lastRun(a.businessId);
      return at && (!before || at > before);
    }, 15_000);
    // the schedule fans out one pass per business with something to judge
    const processor = app.worker!.get(FollowUpProcessor);
    const businesses = await processor.planAll(new Date().toISOString());
    expect(businesses).toBeGreaterThanOrEqual(1);
  });

  it('should queue a debounced pass when a status moves up to Loving it, so that goal converts without waiting for the schedule', async () => {
    const c = await newBusiness(app.ds, { name: 'C' });
    const kit = new FollowUpKit(app.ds, c.businessId);
    const ids = await kit.clients(['s1']);
    await app.ds.query(`UPDATE client SET is_member = true WHERE id = $1`, [ids.s1]);
    const recently = new Date(Date.now() - 86_400_000).toISOString();
    const campaign = await kit.campaign({ name: 'Back to Loving it', goal: { kind: 'status_loving_it', withinDays: 14 }, selectedAt: recently });
    await kit.recipients(campaign, [{ client: ids.s1, at: recently }]);
    await kit.touch({ client: ids.s1, campaignId: campaign, stepKey: 'email', sentAt: recently });
    await app.ds.query(`INSERT INTO client_status (client_id, business_id, status, reason) VALUES ($1, $2, 'at_risk', 'rule')`, [ids.s1, c.businessId]);
    expect(await lastRun(c.businessId)).toBeNull();

    await api(c.apiKey).put(`/api/v1/clients/${ids.s1}/status`, { status: 'loving_it', note: 'came in, all good' }).expect(200);
    const converted = await waitFor(async () => {
      const rows = await app.ds.query(`SELECT exposure_id::text FROM exposure_conversion WHERE business_id = $1 AND source_kind = 'campaign' AND source_id = $2`, [c.businessId, campaign]);
      return rows.length ? rows : undefined;
    }, 15_000);
    expect(converted).toEqual([{ exposure_id: ids.s1 }]);
  });
});
