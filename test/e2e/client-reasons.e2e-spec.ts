import request from 'supertest';
import { HealthService } from '../../src/risk/health/health.service';
import { addDays, localDate } from '../../src/common/local-date';
import { callAs, keyCred } from '../support/auth-fixtures';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

// GET /api/v1/clients/:id (status, health, estimate, reasons) and the reasons on list items:
// members built by hand so each reason's value is known, today's pass run through the API.

const TZ = 'Europe/Stockholm';

describe('client status, health, estimate and reasons', () => {
  let app: TestApp;
  let biz: { businessId: string; apiKey: string };
  let other: { businessId: string; apiKey: string };
  const ids: Record<string, string> = {};
  const T = localDate(new Date(), TZ);
  const day = (offset: number) => addDays(T, offset);
  const range = (ext: string, from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, k) => ({ externalId: `v-${ext}-${from + k}`, clientExternalId: ext, visitedAt: `${day(from + k)}T12:00:00` }));
  const get = (path: string, key = biz.apiKey) => request(app.url).get(path).set('Authorization', `Bearer ${key}`);

  beforeAll(async () => {
    app = await startTestApp();
    biz = await newBusiness(app.ds, { timezone: TZ });
    other = await newBusiness(app.ds, { timezone: TZ });
    const imp = (entity: string, records: object[]) => request(app.url).post(`/api/v1/import/${entity}`).set('Authorization', `Bearer ${biz.apiKey}`).send(records).expect(200);
    await imp(
      'clients',
      ['absent', 'newbie', 'trouble', 'fan', 'gone', 'lapsed', 'dropping'].map((e) => ({ externalId: e, firstName: e, ...(e === 'lapsed' ? { isMember: true } : {}) })),
    );
    await imp('subscriptions', [
      { externalId: 's-absent', clientExternalId: 'absent', startsOn: day(-40), billed: true },
      { externalId: 's-newbie', clientExternalId: 'newbie', startsOn: day(-11), billed: true },
      { externalId: 's-trouble', clientExternalId: 'trouble', startsOn: day(-90), billed: true },
      { externalId: 's-fan', clientExternalId: 'fan', startsOn: day(-200), billed: true },
      { externalId: 's-gone', clientExternalId: 'gone', startsOn: day(-200), endsOn: day(-20), billed: true },
      { externalId: 's-lapsed', clientExternalId: 'lapsed', startsOn: day(-100), endsOn: day(-5), billed: true },
      { externalId: 's-dropping', clientExternalId: 'dropping', startsOn: day(-120), billed: true },
    ]);
    await imp('freezes', [{ externalId: 'f-trouble', subscriptionExternalId: 's-trouble', startsOn: day(-3), endsOn: day(5) }]);
    await imp('invoices', [
      { externalId: 'i-trouble', clientExternalId: 'trouble', amount: 49900, dueOn: day(-10) },
      { externalId: 'i-trouble-paid', clientExternalId: 'trouble', amount: 49900, dueOn: day(-40), paidAt: `${day(-38)}T10:00:00Z` },
    ]);
    await imp('visits', [
      ...range('absent', -40, -10),
      ...range('trouble', -90, -30),
      ...range('fan', -200, -1),
      ...range('gone', -200, -21),
      ...range('lapsed', -100, -6),
      // 14 visit days in the 14 days before the last 14, then 2: usage dropped by 86 %
      ...range('dropping', -120, -14),
      ...range('dropping', -3, -2),
    ]);
    for (const r of await app.ds.query(`SELECT external_id, id::text FROM client WHERE business_id = $1`, [biz.businessId])) ids[r.external_id] = r.id;
    await request(app.url).post('/api/v1/risk/assess').set('Authorization', `Bearer ${biz.apiKey}`).expect(200);
    await app.http!.get(HealthService, { strict: false }).compute(biz.businessId, { fromId: '0', toId: '9223372036854775807' });
    await request(app.url).put(`/api/v1/clients/${ids.fan}/status`).set('Authorization', `Bearer ${biz.apiKey}`).send({ status: 'raving_fan', note: 'Comes every day' }).expect(200);
    await app.ds.query(`INSERT INTO client_estimate (client_id, business_id, expected_visits_30d, p_alive, churn_probability, computed_on) VALUES ($1, $2, 0.4, 0.3, 70, $3)`, [
      ids.absent,
      biz.businessId,
      T,
    ]);
  }, 120_000);
  afterAll(() => app?.close());

  it('should explain an At Risk member with the facts the rules read', async () => {
    const res = await get(`/api/v1/clients/${ids.absent}`).expect(200);
    expect(res.body.status).toMatchObject({ status: 'at_risk', tags: expect.arrayContaining(['low_user', 'absent']), score: 100, manual: false, note: null });
    expect(new Date(res.body.status.since).getTime()).toBeLessThanOrEqual(Date.now());
    expect(res.body.reasons).toEqual([
      { code: 'days_since_last_visit', value: 10 },
      { code: 'visits_last_7_days', value: 0 },
      { code: 'member_for_days', value: 40 },
      // 4 visit days in the last 14 against 14 in the 14 before
      { code: 'usage_dropped', value: 71 },
    ]);
    expect(res.body.estimate).toEqual({ churnProbability: 70, expectedVisits30d: 0.4 });
    expect(res.body.health).toMatchObject({ band: expect.stringMatching(/^(red|yellow|green)$/), score: expect.any(Number) });
    expect(Object.keys(res.body.health.contributions).sort()).toEqual(['bookingsAhead', 'frequency', 'payments', 'recency', 'reliability', 'trend']);
    // the subscriptions, visits and the rest are still there
    expect(res.body.subscriptions).toHaveLength(1);
    expect(res.body.visits).toHaveLength(31);
  });

  it('should say never visited for a new member who has not come yet', async () => {
    const res = await get(`/api/v1/clients/${ids.newbie}`).expect(200);
    expect(res.body.status).toMatchObject({ status: 'at_risk', tags: expect.arrayContaining(['new_member']) });
    expect(res.body.reasons).toEqual([
      { code: 'never_visited', value: null },
      { code: 'visits_last_7_days', value: 0 },
      { code: 'member_for_days', value: 11 },
    ]);
    expect(res.body.estimate).toBeNull();
  });

  it('should add the context facts: overdue invoices, a freeze', async () => {
    const res = await get(`/api/v1/clients/${ids.trouble}`).expect(200);
    expect(res.body.status.status).toBe('in_trouble');
    expect(res.body.reasons).toEqual([
      { code: 'days_since_last_visit', value: 30 },
      { code: 'visits_last_7_days', value: 0 },
      { code: 'member_for_days', value: 90 },
      { code: 'overdue_invoices', value: 1 },
      { code: 'frozen_until', value: day(5) },
    ]);
  });

  it('should put a status set by hand first, with its note', async () => {
    const res = await get(`/api/v1/clients/${ids.fan}`).expect(200);
    expect(res.body.status).toMatchObject({ status: 'raving_fan', manual: true, note: 'Comes every day' });
    expect(res.body.reasons).toEqual([
      { code: 'manual_status', value: 'Comes every day' },
      { code: 'days_since_last_visit', value: 1 },
      { code: 'visits_last_7_days', value: 6 },
      { code: 'member_for_days', value: 200 },
    ]);
  });

  it('should explain Suspended, no status, and a usage drop', async () => {
    const lapsed = await get(`/api/v1/clients/${ids.lapsed}`).expect(200);
    expect(lapsed.body.status).toMatchObject({ status: 'suspended' });
    expect(lapsed.body.health).toBeNull();
    expect(lapsed.body.reasons).toEqual([
      { code: 'no_active_package', value: day(-5) },
      { code: 'days_since_last_visit', value: 6 },
      { code: 'member_for_days', value: 100 },
    ]);
    const gone = await get(`/api/v1/clients/${ids.gone}`).expect(200);
    expect(gone.body.status).toBeNull();
    expect(gone.body.reasons).toEqual([{ code: 'not_a_member', value: day(-20) }]);
    const dropping = await get(`/api/v1/clients/${ids.dropping}`).expect(200);
    expect(dropping.body.reasons).toEqual([
      { code: 'days_since_last_visit', value: 2 },
      { code: 'visits_last_7_days', value: 2 },
      { code: 'member_for_days', value: 120 },
      { code: 'usage_dropped', value: 86 },
    ]);
  });

  it('should carry the same reasons on the list items, for a filtered page', async () => {
    const res = await get('/api/v1/clients?status=at_risk,in_trouble&limit=2').expect(200);
    expect(res.body.items.map((c: { externalId: string }) => c.externalId)).toEqual(['absent', 'newbie']);
    for (const item of res.body.items) {
      const detail = await get(`/api/v1/clients/${item.id}`).expect(200);
      expect(item.reasons).toEqual(detail.body.reasons);
    }
    const next = await get(`/api/v1/clients?status=at_risk,in_trouble&limit=2&after=${res.body.nextCursor}`).expect(200);
    expect(next.body.items.map((c: { externalId: string; reasons: unknown[] }) => [c.externalId, c.reasons.length])).toEqual([['trouble', 5]]);
    expect(next.body.nextCursor).toBeNull();
  });

  it('should show the client view to a staff key and keep other businesses out', async () => {
    const [s] = await app.ds.query(`INSERT INTO staff (business_id, source, external_id, first_name) VALUES ($1, 'import', 'desk', 'Desk') RETURNING id::text AS id`, [biz.businessId]);
    const key = await callAs(app.url, 'POST', '/api/v1/api-keys', keyCred(biz.apiKey), { name: 'desk', role: 'staff', staffId: s.id }).expect(201);
    const res = await get(`/api/v1/clients/${ids.absent}`, key.body.apiKey).expect(200);
    expect(res.body.reasons).toHaveLength(4);
    await get(`/api/v1/clients/${ids.absent}`, other.apiKey).expect(404);
    expect((await get('/api/v1/clients', other.apiKey).expect(200)).body.items).toEqual([]);
  });
});
