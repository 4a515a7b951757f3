import request from 'supertest';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

// GET /api/v1/clients/count: the members page's "N members match". It takes the list's filters
// and must always agree with paging through GET /api/v1/clients with the same filters.

describe('GET /api/v1/clients/count', () => {
  let app: TestApp;
  let biz: { businessId: string; apiKey: string };
  let other: { businessId: string; apiKey: string };
  const get = (path: string, key = biz.apiKey) => request(app.url).get(path).set('Authorization', `Bearer ${key}`);

  /** Every client the list gives for these filters, all pages. */
  async function listAll(qs: string): Promise<number> {
    let n = 0;
    let after = '';
    for (;;) {
      const res = await get(`/api/v1/clients?${qs}&limit=7${after ? `&after=${after}` : ''}`).expect(200);
      n += res.body.items.length;
      if (!res.body.nextCursor) return n;
      after = res.body.nextCursor;
    }
  }

  beforeAll(async () => {
    app = await startTestApp();
    biz = await newBusiness(app.ds, { timezone: 'Europe/Stockholm' });
    other = await newBusiness(app.ds, { timezone: 'Europe/Stockholm' });
    const imp = (b: { apiKey: string }, entity: string, records: object[]) => request(app.url).post(`/api/v1/import/${entity}`).set('Authorization', `Bearer ${b.apiKey}`).send(records).expect(200);
    await imp(biz, 'locations', [{ externalId: 'north', name: 'North' }]);
    await imp(
      biz,
      'clients',
      Array.from({ length: 30 }, (_, i) => ({ externalId: `c${i}`, firstName: i % 3 === 0 ? 'Anna' : 'Bo', lastName: `L${i}`, homeLocationExternalId: i % 2 ? 'north' : undefined })),
    );
    await imp(
      other,
      'clients',
      Array.from({ length: 5 }, (_, i) => ({ externalId: `o${i}`, firstName: 'Anna' })),
    );
    // statuses and estimates straight into the risk tables: every third at risk, every fifth in trouble
    await app.ds.query(
      `INSERT INTO client_status (client_id, business_id, status, tags, score)
       SELECT id, business_id, CASE WHEN n % 5 = 0 THEN 'in_trouble' WHEN n % 3 = 0 THEN 'at_risk' ELSE 'loving_it' END, '{}', 0
         FROM (SELECT id, business_id, substr(external_id, 2)::int AS n FROM client WHERE business_id = $1) c`,
      [biz.businessId],
    );
    await app.ds.query(
      `INSERT INTO client_estimate (client_id, business_id, expected_visits_30d, p_alive, churn_probability, computed_on)
       SELECT id, business_id, 1, 0.5, substr(external_id, 2)::int * 3, '2026-03-31' FROM client WHERE business_id = $1`,
      [biz.businessId],
    );
  });
  afterAll(() => app?.close());

  it('should count what the list pages through, for each filter and for none', async () => {
    for (const qs of ['', 'status=at_risk', 'status=at_risk,in_trouble', 'q=anna', 'q=anna&status=at_risk', 'churnMin=30&churnMax=60', 'location=' + (await locationId()), 'band=red']) {
      const res = await get(`/api/v1/clients/count?${qs}`).expect(200);
      expect({ qs, count: res.body.count }).toEqual({ qs, count: await listAll(qs) });
    }
    expect((await get('/api/v1/clients/count').expect(200)).body).toEqual({ count: 30 });
    expect((await get('/api/v1/clients/count?status=in_trouble').expect(200)).body).toEqual({ count: 6 });
  });

  it("should count only the caller's business", async () => {
    expect((await get('/api/v1/clients/count?q=anna', other.apiKey).expect(200)).body).toEqual({ count: 5 });
  });

  it('should validate the filters as the list does, and take no paging', async () => {
    const res = await get('/api/v1/clients/count?status=gone').expect(400);
    expect(String(res.body.message)).toContain('status');
    await get('/api/v1/clients/count?churnMin=101').expect(400);
    await get('/api/v1/clients/count?after=5').expect(400);
  });

  it('should still answer a client id on /clients/:id (the count route does not shadow it, nor the other way round)', async () => {
    const [{ id }] = await app.ds.query(`SELECT id::text FROM client WHERE business_id = $1 AND external_id = 'c1'`, [biz.businessId]);
    expect((await get(`/api/v1/clients/${id}`).expect(200)).body.externalId).toBe('c1');
  });

  async function locationId(): Promise<string> {
    const [{ id }] = await app.ds.query(`SELECT id::text FROM location WHERE business_id = $1`, [biz.businessId]);
    return id;
  }
});
