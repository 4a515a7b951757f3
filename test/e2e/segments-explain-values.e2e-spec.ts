import request from 'supertest';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

// "Why is this member in?" shows each condition's result and the member's own value (issue #11):
// visits in the window with the last visit day, age with the birth date, gender, the active
// subscriptions' payment methods; a condition on a value the member lacks says null.
describe('segment explain: the member actual values', () => {
  let app: TestApp;
  let a: { businessId: string; apiKey: string };
  const ids: Record<string, string> = {};
  const post = (path: string, body: object) =>
    request(app.url)
      .post(path)
      .set({ Authorization: `Bearer ${a.apiKey}` })
      .send(body);
  const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
  const at = (daysAgo: number) => `${day(daysAgo)}T12:00:00Z`;
  const yearsOld = (birth: string) => {
    const [y, m, d] = birth.split('-').map(Number);
    const now = new Date();
    const before = now.getUTCMonth() + 1 < m || (now.getUTCMonth() + 1 === m && now.getUTCDate() < d);
    return now.getUTCFullYear() - y - (before ? 1 : 0);
  };

  beforeAll(async () => {
    app = await startTestApp();
    a = await newBusiness(app.ds, { timezone: 'UTC' });
    await post('/api/v1/import/clients', [
      { externalId: 'ann', firstName: 'Ann', birthDate: '1985-03-14', gender: 'female' },
      { externalId: 'bo', firstName: 'Bo' },
    ]).expect(200);
    // Ann: two visit days in the last 30 (one of them twice), one older visit
    await post('/api/v1/import/visits', [
      { externalId: 'v1', clientExternalId: 'ann', visitedAt: at(2) },
      { externalId: 'v2', clientExternalId: 'ann', visitedAt: at(5) },
      { externalId: 'v3', clientExternalId: 'ann', visitedAt: `${day(5)}T18:00:00Z` },
      { externalId: 'v4', clientExternalId: 'ann', visitedAt: at(45) },
    ]).expect(200);
    for (const r of await app.ds.query(`SELECT external_id, id::text FROM client WHERE business_id = $1`, [a.businessId])) ids[r.external_id] = r.id;
  });
  afterAll(() => app.close());

  const tree = {
    and: [
      { condition: 'visits', operator: '>=', value: 2, window: { last: 30 } },
      {
        or: [
          { condition: 'age', operator: 'between', value: 30, to: 50 },
          { condition: 'gender', values: ['male'] },
        ],
      },
      { not: { condition: 'subscription_payment_method', methods: ['cash'] } },
    ],
  };

  it('should report each condition node with its result and the member value', async () => {
    const res = await post('/api/v1/segments/explain', { conditions: tree, clientId: ids.ann }).expect(200);
    expect(res.body.matches).toBe(true);
    const [visits, or, not] = res.body.conditions.and;
    expect(visits).toEqual({ ...tree.and[0], result: true, actual: { value: 2, lastVisitOn: day(2) } });
    expect(or.or[0]).toEqual({ ...tree.and[1].or![0], result: true, actual: { value: yearsOld('1985-03-14'), birthDate: '1985-03-14' } });
    expect(or.or[1]).toEqual({ condition: 'gender', values: ['male'], result: false, actual: { value: 'female' } });
    expect(or.result).toBe(true);
    // no active subscription: an empty list, so the NOT holds
    expect(not).toEqual({ not: { condition: 'subscription_payment_method', methods: ['cash'], result: false, actual: { value: [] } }, result: true });
  });

  it('should say null for a value the member does not have, and zero visits for none', async () => {
    const res = await post('/api/v1/segments/explain', { conditions: tree, clientId: ids.bo }).expect(200);
    expect(res.body.matches).toBe(false);
    const [visits, or] = res.body.conditions.and;
    expect(visits).toMatchObject({ result: false, actual: { value: 0, lastVisitOn: null } });
    expect(or.or[0]).toMatchObject({ result: false, actual: { value: null, birthDate: null } });
  });

  it('should report values for invoices, no-shows, tags, location, quotas and non-renewing subscriptions, empty when there are none', async () => {
    const leaves = [
      { condition: 'days_since_overdue_invoice', operator: '>=', value: 1 },
      { condition: 'active_no_shows', operator: '>=', value: 1 },
      { condition: 'status_tag', tags: ['absent'] },
      { condition: 'location', locationIds: ['1'] },
      { condition: 'quota_units_left', operator: '>=', value: 1 },
      { condition: 'quota_expires_in', operator: '<=', value: 30 },
      { condition: 'non_renewing_days_left', operator: '<=', value: 30 },
    ];
    const res = await post('/api/v1/segments/explain', { conditions: { or: leaves }, clientId: ids.ann }).expect(200);
    expect(res.body.conditions.or.map((n: { condition: string; result: boolean; actual: unknown }) => [n.condition, n.result, n.actual])).toEqual([
      ['days_since_overdue_invoice', false, { value: null }],
      ['active_no_shows', false, { value: 0 }],
      ['status_tag', false, { value: null }],
      ['location', false, { value: null }],
      ['quota_units_left', false, { value: [] }],
      ['quota_expires_in', false, { value: [] }],
      ['non_renewing_days_left', false, { value: [] }],
    ]);
  });

  it('should report values for products, bookings, classes, freezes, status changes, aggregators and subscriptions', async () => {
    const q = (sql: string, params: unknown[]) => app.ds.query(sql, [a.businessId, ...params]);
    const [yoga] = await q(`INSERT INTO product (business_id, source, external_id, name, kind, labels) VALUES ($1, 'test', 'yoga', 'Yoga', 'class_pack', '{mind}') RETURNING id::text`, []);
    const [gold] = await q(`INSERT INTO product (business_id, source, external_id, name, kind, labels) VALUES ($1, 'test', 'gold', 'Gold', 'membership', '{premium,gym}') RETURNING id::text`, []);
    const booking = (ext: string, kind: string, state: string, startsDaysAgo: number, via: string | null) =>
      q(
        `INSERT INTO booking (business_id, source, external_id, client_id, product_id, kind, name, starts_at, booked_at, state, booked_via)
         VALUES ($1, 'test', $2, $3, $4, $5, 'Morning yoga', $6, $6, $7, $8)`,
        [ext, ids.ann, yoga.id, kind, at(startsDaysAgo), state, via],
      );
    await booking('b1', 'class', 'attended', 3, 'ClassPass');
    await booking('b2', 'class', 'attended', 10, 'classpass');
    await booking('b3', 'appointment', 'booked', 4, 'Class-Pass');
    await q(`INSERT INTO sale (business_id, source, external_id, client_id, product_id, sold_at, amount) VALUES ($1, 'test', 's1', $2, $3, $4, 1500)`, [ids.ann, yoga.id, at(6)]);
    const [sub] = await q(`INSERT INTO subscription (business_id, source, external_id, client_id, product_id, starts_on, auto_renew) VALUES ($1, 'test', 'sub1', $2, $3, $4, true) RETURNING id`, [
      ids.ann,
      gold.id,
      day(100),
    ]);
    await q(`INSERT INTO subscription_freeze (business_id, source, external_id, subscription_id, starts_on, ends_on) VALUES ($1, 'test', 'f1', $2, $3, $4)`, [sub.id, day(20), day(15)]);
    const [change] = await q(
      `INSERT INTO status_change (business_id, client_id, from_status, to_status, changed_at, reason) VALUES ($1, $2, 'loving_it', 'at_risk', $3, 'rule') RETURNING changed_at`,
      [ids.ann, at(7)],
    );
    const window = { last: 30 };
    const leaves = [
      { condition: 'class_attendance', operator: '>=', value: 3, window },
      { condition: 'service_bookings', operator: '>=', value: 1, window },
      { condition: 'product_booked', productIds: [yoga.id], window },
      { condition: 'product_booking_starts', productIds: [yoga.id], window },
      { condition: 'product_bought', productIds: [yoga.id], window, bought: true },
      { condition: 'product_label_booked', labels: ['mind'], window },
      { condition: 'product_label_booking_starts', labels: ['mind'], window },
      { condition: 'product_label_bought', labels: ['mind'], window, bought: false },
      { condition: 'subscription_frozen', today: true },
      { condition: 'status_changed', window, to: ['in_trouble'] },
      { condition: 'aggregator_only', value: true },
      { condition: 'active_subscription' },
      { condition: 'subscription_product_label', labels: ['gym'] },
    ];
    const res = await post('/api/v1/segments/explain', { conditions: { or: leaves }, clientId: ids.ann }).expect(200);
    expect(res.body.conditions.or.map((n: { condition: string; result: boolean; actual: unknown }) => [n.condition, n.result, n.actual])).toEqual([
      ['class_attendance', false, { value: 2 }],
      ['service_bookings', true, { value: 1 }],
      ['product_booked', true, { value: 3 }],
      ['product_booking_starts', true, { value: 3 }],
      ['product_bought', true, { value: 1 }],
      ['product_label_booked', true, { value: 3 }],
      ['product_label_booking_starts', true, { value: 3 }],
      ['product_label_bought', false, { value: 1 }],
      // the freeze ended 15 days ago: not frozen today, and the freeze shows why
      ['subscription_frozen', false, { value: [[{ startsOn: day(20), endsOn: day(15) }]] }],
      ['status_changed', false, { value: [{ changedAt: new Date(change.changed_at).toISOString().replace('.000Z', '+00:00'), from: 'loving_it', to: 'at_risk' }] }],
      ['aggregator_only', true, { value: true, aggregatorBookings: 3, directBookings: 0 }],
      ['active_subscription', true, { value: ['Gold'] }],
      ['subscription_product_label', true, { value: [['premium', 'gym']] }],
    ]);
    // Bo has none of these: zero counts, empty lists, and not aggregator-only
    const bo = await post('/api/v1/segments/explain', { conditions: { or: leaves }, clientId: ids.bo }).expect(200);
    expect(bo.body.conditions.or.map((n: { actual: unknown }) => n.actual)).toEqual([
      ...Array(8).fill({ value: 0 }),
      { value: [] },
      { value: [] },
      { value: false, aggregatorBookings: 0, directBookings: 0 },
      { value: [] },
      { value: [] },
    ]);
  });

  it('should tell in the catalogue which conditions report a value', async () => {
    const res = await request(app.url)
      .get('/api/v1/segments/catalogue')
      .set({ Authorization: `Bearer ${a.apiKey}` })
      .expect(200);
    const by = new Map(res.body.conditions.map((c: { type: string; showsActual: boolean }) => [c.type, c.showsActual]));
    expect(by.get('visits')).toBe(true);
    expect(by.get('age')).toBe(true);
    expect(by.get('active_subscription')).toBe(true);
    // every condition reports one now
    expect([...by].filter(([, shows]) => !shows)).toEqual([]);
  });
});
