import request from 'supertest';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

describe('GET /api/v1/clients filters (risk.md "Filters and metrics")', () => {
  let app: TestApp;
  let biz: { businessId: string; apiKey: string };
  const ids: Record<string, string> = {};
  let north = '';
  let coach = '';

  const list = async (qs: string) => {
    const res = await request(app.url).get(`/api/v1/clients?${qs}`).set('Authorization', `Bearer ${biz.apiKey}`).expect(200);
    return res.body.items.map((c: { externalId: string }) => c.externalId).sort();
  };

  beforeAll(async () => {
    app = await startTestApp();
    biz = await newBusiness(app.ds, { timezone: 'Europe/Stockholm' });
    const imp = (entity: string, records: object[]) => request(app.url).post(`/api/v1/import/${entity}`).set('Authorization', `Bearer ${biz.apiKey}`).send(records).expect(200);
    await imp('locations', [
      { externalId: 'north', name: 'North' },
      { externalId: 'south', name: 'South' },
    ]);
    await imp('staff', [{ externalId: 'coach', firstName: 'Kim' }]);
    await imp('clients', [
      { externalId: 'ann', homeLocationExternalId: 'north', ownerStaffExternalId: 'coach' },
      { externalId: 'bo', homeLocationExternalId: 'south' },
      { externalId: 'cy', homeLocationExternalId: 'north' },
      { externalId: 'di' },
    ]);
    // joined: local dates in Stockholm (registered_at = local midnight of the first start)
    await imp('subscriptions', [
      { externalId: 's1', clientExternalId: 'ann', startsOn: '2026-01-10', billed: true },
      { externalId: 's2', clientExternalId: 'bo', startsOn: '2026-02-01', billed: true },
      { externalId: 's3', clientExternalId: 'cy', startsOn: '2026-02-28', billed: true },
    ]);
    for (const r of await app.ds.query(`SELECT external_id, id::text FROM client WHERE business_id = $1`, [biz.businessId])) ids[r.external_id] = r.id;
    [{ id: north }] = await app.ds.query(`SELECT id::text FROM location WHERE external_id = 'north'`);
    [{ id: coach }] = await app.ds.query(`SELECT id::text FROM staff WHERE external_id = 'coach'`);
    await app.ds.query(
      `INSERT INTO client_status (client_id, business_id, status, tags, score) VALUES
         ($2, $1, 'at_risk', '{low_user,absent}', 100), ($3, $1, 'in_trouble', '{in_trouble,low_user,absent}', 100), ($4, $1, 'loving_it', '{low_user}', 10)`,
      [biz.businessId, ids.ann, ids.bo, ids.cy],
    );
    // status changes: 2026-03-01 23:30 UTC is already 2 March in Stockholm
    await app.ds.query(
      `INSERT INTO status_change (business_id, client_id, from_status, to_status, changed_at, reason) VALUES
         ($1, $2, 'loving_it', 'at_risk', '2026-03-01T23:30:00Z', 'rule'), ($1, $3, 'at_risk', 'in_trouble', '2026-03-05T10:00:00Z', 'rule')`,
      [biz.businessId, ids.ann, ids.bo],
    );
    await app.ds.query(
      `INSERT INTO client_estimate (client_id, business_id, expected_visits_30d, p_alive, churn_probability, computed_on) VALUES
         ($2, $1, 0.5, 0.2, 80, '2026-03-31'), ($3, $1, 0.1, 0.05, 95, '2026-03-31'), ($4, $1, 6, 0.97, 3, '2026-03-31')`,
      [biz.businessId, ids.ann, ids.bo, ids.cy],
    );
  });
  afterAll(() => app.close());

  it('should filter by status and by tags (all given tags)', async () => {
    expect(await list('status=at_risk,in_trouble')).toEqual(['ann', 'bo']);
    expect(await list('tags=absent')).toEqual(['ann', 'bo']);
    expect(await list('tags=low_user,in_trouble')).toEqual(['bo']);
  });

  it('should filter by health band', async () => {
    await app.ds.query(
      `INSERT INTO client_health (client_id, business_id, score, band, contributions, signals, computed_on) VALUES
         ($2, $1, 35, 'red', '{}', '{}', '2026-03-31'), ($3, $1, 55, 'yellow', '{}', '{}', '2026-03-31'), ($4, $1, 90, 'green', '{}', '{}', '2026-03-31')`,
      [biz.businessId, ids.ann, ids.bo, ids.cy],
    );
    expect(await list('band=red,yellow')).toEqual(['ann', 'bo']);
    expect(await list('band=green&status=loving_it')).toEqual(['cy']);
    expect((await request(app.url).get('/api/v1/clients?band=blue').set('Authorization', `Bearer ${biz.apiKey}`).expect(400)).body.message).toMatch(/^band: /);
  });

  it('should filter by churn probability and expected visits ranges', async () => {
    expect(await list('churnMin=80')).toEqual(['ann', 'bo']);
    expect(await list('churnMin=50&churnMax=90')).toEqual(['ann']);
    expect(await list('expectedMin=1')).toEqual(['cy']);
    expect(await list('expectedMax=0.5')).toEqual(['ann', 'bo']);
  });

  it('should filter by joined and status-changed local dates, inclusive', async () => {
    expect(await list('joinedFrom=2026-02-01')).toEqual(['bo', 'cy']);
    expect(await list('joinedFrom=2026-01-10&joinedTo=2026-02-01')).toEqual(['ann', 'bo']);
    expect(await list('statusChangedFrom=2026-03-02&statusChangedTo=2026-03-02')).toEqual(['ann']);
    expect(await list('statusChangedFrom=2026-03-03')).toEqual(['bo']);
  });

  it('should filter by home location and owner, and combine filters', async () => {
    expect(await list(`location=${north}`)).toEqual(['ann', 'cy']);
    expect(await list(`owner=${coach}`)).toEqual(['ann']);
    expect(await list(`location=${north}&status=loving_it`)).toEqual(['cy']);
  });

  it('should show status and estimate on each item', async () => {
    const res = await request(app.url).get(`/api/v1/clients?externalId=bo`).set('Authorization', `Bearer ${biz.apiKey}`).expect(200);
    expect(res.body.items[0]).toMatchObject({ status: 'in_trouble', statusTags: ['in_trouble', 'low_user', 'absent'], riskScore: 100, churnProbability: 95, expectedVisits30d: 0.1 });
  });

  it('should answer bad filter values with 400s naming the parameter', async () => {
    const auth = { Authorization: `Bearer ${biz.apiKey}` };
    expect((await request(app.url).get('/api/v1/clients?status=happy').set(auth).expect(400)).body.message).toMatch(/^status: /);
    expect((await request(app.url).get('/api/v1/clients?churnMin=120').set(auth).expect(400)).body.message).toMatch(/^churnMin: /);
    expect((await request(app.url).get('/api/v1/clients?joinedFrom=March').set(auth).expect(400)).body.message).toMatch(/^joinedFrom: /);
    expect((await request(app.url).get('/api/v1/clients?location=1;DROP').set(auth).expect(400)).body.message).toMatch(/^location: /);
  });

  it("should never show another business's clients whatever the filters", async () => {
    const other = await newBusiness(app.ds);
    const res = await request(app.url).get(`/api/v1/clients?status=at_risk,in_trouble,loving_it&location=${north}`).set('Authorization', `Bearer ${other.apiKey}`).expect(200);
    expect(res.body.items).toEqual([]);
  });
});
