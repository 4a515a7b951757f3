import request from 'supertest';
import { computePushPressSignature } from '../../src/integrations/pushpress/pushpress-signature';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { pushpressCheckin, pushpressCustomer } from '../fixtures/pushpress/payloads';

// Payloads are shaped exactly like the webhook models of PushPress's TypeScript SDK
// (PushPress/pushpress-ts, docs/models/webhooks/*.md): {data, created, event}. Ids and
// timestamps differ per test so each business's data stays its own.

const SECRET = 'pp-whsec-9f1c2a7b3d4e5f60';

describe('PushPress webhooks (API + worker, real PostgreSQL and Redis)', () => {
  let app: TestApp;
  let biz: { businessId: string; apiKey: string };
  let created = 1_767_000_000; // event creation, Unix seconds, advanced per delivery

  const deliver = (event: string, data: Record<string, unknown>, opts: { secret?: string; signature?: string; createdAt?: number } = {}) => {
    const body = JSON.stringify({ data, created: opts.createdAt ?? ++created, event });
    return request(app.url)
      .post(`/webhooks/pushpress/${biz.businessId}`)
      .set('Content-Type', 'application/json')
      .set('webhook-signature', opts.signature ?? computePushPressSignature(data, opts.secret ?? SECRET))
      .send(body);
  };
  const processed = (businessId: string, n: number) =>
    waitFor(async () => {
      const rows: Array<{ event_type: string; error: string | null }> = await app.ds.query(
        `SELECT event_type, error FROM event_inbox WHERE business_id = $1 AND source = 'pushpress' AND processed_at IS NOT NULL ORDER BY id`,
        [businessId],
      );
      return rows.length >= n && rows;
    });
  const client = async (ext: string) =>
    (
      await app.ds.query(
        `SELECT id::text, first_name, last_name, email, phone, birth_date::text, gender, is_member, customer_type, deleted_at IS NOT NULL AS deleted
           FROM client WHERE business_id = $1 AND source = 'pushpress' AND external_id = $2`,
        [biz.businessId, ext],
      )
    )[0];

  const customer = pushpressCustomer;
  const checkin = pushpressCheckin;
  const enrollment = (id: string, customerId: string, over: Record<string, unknown> = {}) => ({
    id,
    customerId,
    companyId: 'cli_1234',
    planId: 'plan_12345',
    billingSchedule: { period: 'month', interval: 1 },
    status: 'active',
    checkinDetails: { checkins: 0, limit: -1 },
    entitlements: [{ type: '24_HOUR_ACCESS', id: 'plnentl_12345', interval: '', quantity: 1, metadata: {} }],
    ...over,
  });

  beforeAll(async () => {
    app = await startTestApp({ worker: true });
    biz = await newBusiness(app.ds, { timezone: 'UTC' });
  });
  afterAll(() => app.close());

  it('should connect with the webhook signing secret and answer the URL to give PushPress', async () => {
    const put = (body: object) => request(app.url).put('/api/v1/integrations/pushpress').set('Authorization', `Bearer ${biz.apiKey}`).send(body);
    expect((await put({}).expect(400)).body.message).toBe('signingSecret: is required the first time');
    expect((await put({ signingSecret: SECRET, companyId: 'cli 1234' }).expect(400)).body.message).toMatch(/companyId must be a PushPress company id/);
    const res = await put({ signingSecret: SECRET, companyId: 'cli_1234' }).expect(200);
    expect(res.body).toEqual({ provider: 'pushpress', config: { companyId: 'cli_1234' }, secretsSet: ['signingSecret'], webhookUrl: `/webhooks/pushpress/${biz.businessId}` });
    // a business without a PushPress connection has no such URL
    const other = await newBusiness(app.ds);
    await request(app.url).post(`/webhooks/pushpress/${other.businessId}`).set('Content-Type', 'application/json').send('{}').expect(404);
  });

  it('should map customers: members to clients, staff roles to staff, and deletion', async () => {
    await deliver('customer.created', customer('usr_1234')).expect(202);
    await deliver('customer.created', customer('usr_coach', { name: { first: 'Casey', last: 'Coach' }, email: 'casey@gym.test', role: 'coach' })).expect(202);
    await deliver('customer.status.changed', customer('usr_lead', { name: { first: 'Lee', last: 'Lead' }, email: '', gender: null, dob: null, role: 'ex-member' })).expect(202);
    await processed(biz.businessId, 3);
    expect(await client('usr_1234')).toMatchObject({
      first_name: 'John',
      last_name: 'Doe',
      email: 'john@doe.com',
      phone: '+1-800-555-1234',
      birth_date: '1990-01-01',
      gender: 'male',
      is_member: true,
      customer_type: 'member',
      deleted: false,
    });
    expect(await client('usr_lead')).toMatchObject({ first_name: 'Lee', email: null, birth_date: null, gender: 'unknown', is_member: false, customer_type: 'ex-member' });
    expect(await client('usr_coach')).toBeUndefined();
    const staff = await app.ds.query(`SELECT first_name, role FROM staff WHERE business_id = $1 AND external_id = 'usr_coach'`, [biz.businessId]);
    expect(staff).toEqual([{ first_name: 'Casey', role: 'coach' }]);

    await deliver('customer.details.changed', customer('usr_1234', { name: { first: 'Johnny', last: 'Doe', nickname: 'jimmy' } })).expect(202);
    await deliver('customer.deleted', { id: 'usr_lead', companyId: 'cli_1234' }).expect(202);
    await processed(biz.businessId, 5);
    expect((await client('usr_1234')).first_name).toBe('Johnny');
    expect((await client('usr_lead')).deleted).toBe(true);
  });

  it('should make a successful check-in a visit (millisecond timestamps) and never a failed one', async () => {
    await deliver('checkin.created', checkin('chk_ok', 'usr_1234')).expect(202);
    await deliver(
      'checkin.created',
      checkin('chk_open', 'usr_1234', { timestamp: 1672617600000, kind: 'open', name: undefined, typeId: undefined, classId: undefined, type: undefined, role: undefined }),
    ).expect(202);
    await deliver('checkin.created', checkin('chk_refused', 'usr_1234', { timestamp: 1672704000000, result: 'failure', failureReason: 'no active plan' })).expect(202);
    await deliver('checkin.failed', checkin('chk_failed', 'usr_1234', { timestamp: 1672790400000 })).expect(202);
    await deliver('checkin.created', checkin('chk_coach', 'usr_1234', { timestamp: 1672876800000, role: 'coach' })).expect(202);
    const rows = await processed(biz.businessId, 10);
    const visits = await app.ds.query(
      `SELECT v.external_id, v.visited_at, v.kind FROM visit v JOIN client c ON c.id = v.client_id
        WHERE v.business_id = $1 AND c.external_id = 'usr_1234' ORDER BY v.visited_at`,
      [biz.businessId],
    );
    expect(visits).toEqual([
      { external_id: 'chk_ok', visited_at: new Date('2023-01-01T00:00:00Z'), kind: 'class' },
      { external_id: 'chk_open', visited_at: new Date('2023-01-02T00:00:00Z'), kind: 'gym' },
    ]);
    expect(rows.slice(-3).map((r) => r.error)).toEqual([
      'ignored: check-in result is "failure", not a visit (no active plan)',
      'ignored: a failed check-in is not a visit',
      "ignored: a check-in as coach is not a member's visit",
    ]);
  });

  it('should map enrollments to subscriptions, with a status change keeping the start', async () => {
    await deliver('enrollment.created', enrollment('sub_12345', 'usr_1234', { startDate: '2026-01-15' })).expect(202);
    await deliver('enrollment.created', enrollment('sub_week', 'usr_new', { billingSchedule: { period: 'week', interval: 2 } }), { createdAt: 1767225600 }).expect(202);
    await processed(biz.businessId, 12);
    const sub = (ext: string) =>
      app.ds
        .query(
          `SELECT s.starts_on::text, s.ends_on::text, s.auto_renew, s.billing_unit, s.billing_interval, s.cancelled_at, c.external_id AS client
             FROM subscription s JOIN client c ON c.id = s.client_id WHERE s.business_id = $1 AND s.external_id = $2`,
          [biz.businessId, ext],
        )
        .then((r: Array<Record<string, unknown>>) => r[0]);
    expect(await sub('sub_12345')).toEqual({ starts_on: '2026-01-15', ends_on: null, auto_renew: true, billing_unit: 'month', billing_interval: 1, cancelled_at: null, client: 'usr_1234' });
    // no startDate: it starts the day it was created (1767225600 = 2026-01-01); the unknown customer is a stub
    expect(await sub('sub_week')).toMatchObject({ starts_on: '2026-01-01', billing_unit: 'day', billing_interval: 14, client: 'usr_new' });

    await deliver('enrollment.status.changed', enrollment('sub_12345', 'usr_1234', { status: 'canceled' }), { createdAt: 1769904000 }).expect(202);
    const rows = await processed(biz.businessId, 13);
    // it was never paused: closing the pause finds nothing, and says so
    expect(rows[12].error).toBe('rejected: freezes[0].externalId: no freezes record "pause:sub_12345" to update');
    expect(await sub('sub_12345')).toEqual({
      starts_on: '2026-01-15',
      ends_on: '2026-02-01',
      auto_renew: false,
      billing_unit: 'month',
      billing_interval: 1,
      cancelled_at: new Date(1769904000 * 1000),
      client: 'usr_1234',
    });
  });

  it('should map appointments (second timestamps) and reservations through booked, cancelled and no-show', async () => {
    const appointment = { id: 'apptschdl_12345', type: { name: 'Personal Training' }, companyId: 'cli_1234', customerId: 'usr_1234', startTimestamp: 1677721600, staffId: 'usr_78910' };
    const reservation = { id: 'reg_12345', reservedId: 'cal-12345', customerId: 'usr_1234', companyId: 'cli_1234', registrationTimestamp: 1672531200000, status: 'reserved' };
    await deliver('appointment.scheduled', appointment).expect(202);
    await deliver('reservation.created', reservation).expect(202);
    await deliver('reservation.waitlisted', { ...reservation, id: 'reg_wait', status: 'waitlisted' }).expect(202);
    await processed(biz.businessId, 16);
    const booking = (ext: string) =>
      app.ds
        .query(`SELECT kind, name, starts_at, state, no_show_active FROM booking WHERE business_id = $1 AND external_id = $2`, [biz.businessId, ext])
        .then((r: Array<Record<string, unknown>>) => r[0]);
    expect(await booking('appointment:apptschdl_12345')).toEqual({
      kind: 'appointment',
      name: 'Personal Training',
      starts_at: new Date('2023-03-02T01:46:40Z'),
      state: 'booked',
      no_show_active: false,
    });
    expect(await booking('reservation:reg_12345')).toMatchObject({ kind: 'class', starts_at: new Date('2023-01-01T00:00:00Z'), state: 'booked' });
    expect(await booking('reservation:reg_wait')).toBeUndefined();

    await deliver('appointment.noshowed', appointment).expect(202);
    await deliver('reservation.canceled', { ...reservation, status: 'late-canceled' }).expect(202);
    await processed(biz.businessId, 18);
    expect(await booking('appointment:apptschdl_12345')).toMatchObject({ state: 'no_show', no_show_active: true });
    expect(await booking('reservation:reg_12345')).toMatchObject({ state: 'late_cancelled' });
  });

  it('should refuse a bad signature with 401 (recorded, nothing stored), including one over the raw body', async () => {
    const data = customer('usr_forged', { name: { first: 'Forged', last: 'X' } });
    await deliver('customer.created', data, { secret: 'another-secret-value' }).expect(401);
    const rawBodySigned = JSON.stringify({ data, created: 1767000999, event: 'customer.created' });
    const { createHmac } = await import('crypto');
    // another vendor's scheme (the HMAC of the whole body) is not PushPress's
    await deliver('customer.created', data, { createdAt: 1767000999, signature: createHmac('sha256', SECRET).update(rawBodySigned).digest('hex') }).expect(401);
    await request(app.url).post(`/webhooks/pushpress/${biz.businessId}`).set('Content-Type', 'application/json').send(rawBodySigned).expect(401);
    const rejected = await app.ds.query(`SELECT count(*)::int AS n FROM webhook_rejection WHERE business_id = $1 AND source = 'pushpress' AND stage = 'signature'`, [biz.businessId]);
    expect(rejected).toEqual([{ n: 3 }]);
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM event_inbox WHERE business_id = $1 AND external_event_id LIKE '%1767000999%'`, [biz.businessId])).toEqual([{ n: 0 }]);
    expect(await client('usr_forged')).toBeUndefined();
  });

  it('should acknowledge a redelivery as a duplicate, store unknown events, and ignore other companies', async () => {
    const data = checkin('chk_dup', 'usr_1234', { timestamp: 1672963200000 });
    const first = await deliver('checkin.created', data, { createdAt: 1767100000 }).expect(202);
    expect(first.body).toMatchObject({ received: 1, duplicates: 0 });
    const again = await deliver('checkin.created', data, { createdAt: 1767100000 }).expect(202);
    expect(again.body).toMatchObject({ received: 1, duplicates: 1, events: [{ status: 'duplicate' }] });
    await deliver('spaceship.launched', { id: 'x1', companyId: 'cli_1234' }).expect(202);
    await deliver('checkin.created', checkin('chk_elsewhere', 'usr_1234', { company: 'cli_other', timestamp: 1673049600000 })).expect(202);
    const rows = await processed(biz.businessId, 21);
    expect(rows.slice(-2).map((r) => r.error)).toEqual(['ignored: unknown event type "spaceship.launched"', 'ignored: event for PushPress company cli_other, connection is company cli_1234']);
    const n = await app.ds.query(`SELECT count(*)::int AS n FROM visit WHERE business_id = $1 AND external_id IN ('chk_dup', 'chk_elsewhere')`, [biz.businessId]);
    expect(n).toEqual([{ n: 1 }]);
  });
});
