import { GoalKind } from '../../../src/campaigns/campaign.types';
import { ConversionRepository } from '../../../src/follow-up/attribution/conversion.repository';
import { newBusiness } from '../../support/factories';
import { createTestDb, TestDb } from '../../support/test-db';
import { FollowUpKit } from './follow-up-fixtures';

// The goal catalogue, windows, last/first-touch credit, idempotency and scope of the conversion
// passes, on hand-built data. Europe/Stockholm is UTC+2 in September 2026. Exposures at
// 2026-09-01 08:00Z (10:00 local); a 14-day window covers local days 1-15 September and ends at
// 2026-09-15 22:00Z (local midnight).
describe('follow-up conversions (hand-built)', () => {
  let db: TestDb;
  let repo: ConversionRepository;
  let a: FollowUpKit;
  let b: FollowUpKit;
  let ids: Record<string, string>;
  const NOW = new Date('2026-10-01T00:00:00Z');
  const pass = (kit: FollowUpKit, kind: GoalKind, now = NOW) => repo.pass(kit.businessId, kind, now, 7);
  const byClient = (rows: Array<Record<string, any>>): Record<string, Record<string, any>> => Object.fromEntries(rows.map((r) => [Object.keys(ids).find((k) => ids[k] === r.client_id), r]));
  const campaigns: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDb();
    repo = new ConversionRepository(db.ds);
    a = new FollowUpKit(db.ds, (await newBusiness(db.ds)).businessId);
    b = new FollowUpKit(db.ds, (await newBusiness(db.ds)).businessId);
    ids = await a.clients([
      'v1',
      'v2',
      'v3',
      'v4',
      'v5',
      'h1',
      'h2',
      'b1',
      'b2',
      'b3',
      'b4',
      's1',
      's2',
      's3',
      's4',
      'r1',
      'r2',
      'r3',
      'c1',
      'c2',
      'c3',
      'c4',
      'p1',
      'p2',
      'a1',
      'a2',
      'a3',
      'a4',
      'u1',
      'u2',
    ]);
  });
  afterAll(() => db.drop());

  describe('visit goal and its window', () => {
    beforeAll(async () => {
      campaigns.visit = await a.campaign({ goal: { kind: 'visit', withinDays: 14 } });
      await a.recipients(campaigns.visit, [...['v1', 'v2', 'v3', 'v4', 'v5'].map((c) => ({ client: ids[c] })), { client: ids.h1, holdout: true }, { client: ids.h2, holdout: true }]);
      await a.visits([
        ['v1', '2026-09-03T10:00:00Z'],
        ['v2', '2026-09-15T21:30:00Z'], // 23:30 local on day 14: counts
        ['v3', '2026-09-15T22:30:00Z'], // 00:30 local on day 15: does not
        ['v4', '2026-09-01T07:00:00Z'], // before the exposure, same day: does not
        ['v4', '2026-09-01T09:00:00Z'], // after it, same day: day 0
        ['h1', '2026-09-05T10:00:00Z'],
      ]);
      await a.write({
        entity: 'subscriptions',
        records: [
          { externalId: 'sub-v1', clientExternalId: 'v1', startsOn: '2026-01-01', price: 60000, billingUnit: 'month', billingInterval: 1, billed: true },
          // 2000 per 7 days = floor(2000 * 31 / 7) = 8857 a month
          { externalId: 'sub-v4', clientExternalId: 'v4', startsOn: '2026-06-01', price: 2000, billingUnit: 'day', billingInterval: 7, billed: true },
          // ended before v2's conversion day: no revenue
          { externalId: 'sub-v2', clientExternalId: 'v2', startsOn: '2026-01-01', endsOn: '2026-09-10', price: 50000, billed: true },
        ],
      });
    });

    it('should convert visits after the exposure up to the end of the 14th local day, in both arms', async () => {
      const r = await pass(a, 'visit');
      expect(r).toMatchObject({ goalKind: 'visit', exposures: 7, convertedExposures: 4 });
      const rows = byClient(await a.exposureRows('campaign', campaigns.visit));
      expect(Object.keys(rows).sort()).toEqual(['h1', 'v1', 'v2', 'v4']);
      expect(rows.v1).toMatchObject({ holdout: false, days_to_return: 2, monthly_revenue: 60000 });
      expect(rows.v2).toMatchObject({ holdout: false, days_to_return: 14, monthly_revenue: 0 });
      expect(rows.v4).toMatchObject({ holdout: false, days_to_return: 0, monthly_revenue: 8857 });
      expect(rows.v4.converted_at.toISOString()).toBe('2026-09-01T09:00:00.000Z');
      expect(rows.h1).toMatchObject({ holdout: true, days_to_return: 4, goal_kind: 'visit' });
    });

    it('should write nothing on a repeat pass (idempotent)', async () => {
      const before = await db.ds.query(`SELECT xmin::text, exposure_id::text FROM exposure_conversion WHERE business_id = $1 ORDER BY 2`, [a.businessId]);
      const r = await pass(a, 'visit');
      expect(r.written).toBe(0);
      expect(await db.ds.query(`SELECT xmin::text, exposure_id::text FROM exposure_conversion WHERE business_id = $1 ORDER BY 2`, [a.businessId])).toEqual(before);
    });

    it('should move a conversion to an earlier visit that arrives late, within the grace period', async () => {
      await a.visits([['v2', '2026-09-04T10:00:00Z']]);
      const r = await pass(a, 'visit', new Date('2026-09-20T00:00:00Z'));
      expect(r.written).toBe(1);
      expect(byClient(await a.exposureRows('campaign', campaigns.visit)).v2.days_to_return).toBe(3);
    });
  });

  describe('goal catalogue', () => {
    const expectConverted = async (kind: GoalKind, expected: Record<string, number>) => {
      await pass(a, kind);
      const rows = byClient(await a.exposureRows('campaign', campaigns[kind]));
      expect(Object.fromEntries(Object.entries(rows).map(([k, r]) => [k, r.days_to_return]))).toEqual(expected);
      return rows;
    };
    const recipients = async (kind: GoalKind, clients: string[]) => {
      campaigns[kind] = await a.campaign({ name: kind, goal: { kind, withinDays: 14 } });
      await a.recipients(
        campaigns[kind],
        clients.map((c) => ({ client: ids[c] })),
      );
    };
    const booking = (externalId: string, client: string, bookedAt: string | null, extra: Record<string, unknown> = {}) => ({
      externalId,
      clientExternalId: client,
      kind: 'appointment',
      startsAt: '2026-09-10T10:00:00Z',
      ...(bookedAt ? { bookedAt } : {}),
      ...extra,
    });

    it('booking: a standing booking made in the window', async () => {
      await recipients('booking', ['b1', 'b2', 'b3', 'b4']);
      await a.write({
        entity: 'bookings',
        records: [
          booking('bk-b1', 'b1', '2026-09-05T10:00:00Z'),
          booking('bk-b2a', 'b2', '2026-09-05T10:00:00Z', { state: 'cancelled' }),
          booking('bk-b2b', 'b2', '2026-09-05T11:00:00Z', { state: 'late_cancelled' }),
          booking('bk-b3', 'b3', '2026-08-20T10:00:00Z', { startsAt: '2026-09-03T10:00:00Z' }), // made before the exposure
          booking('bk-b4', 'b4', null), // no booked_at: stored now, long after the window
        ],
      });
      await expectConverted('booking', { b1: 4 });
    });

    it('booking: a booking cancelled later no longer converts (the row is deleted)', async () => {
      await a.write({ entity: 'bookings', records: [booking('bk-b1', 'b1', '2026-09-05T10:00:00Z', { state: 'cancelled' })] });
      // within the grace period after the window (the pass before ran on 1 October: 7 days back is 24 September)
      expect((await pass(a, 'booking')).written).toBe(0);
      const r = await pass(a, 'booking', new Date('2026-09-20T00:00:00Z'));
      expect(r.written).toBe(1);
      expect(await a.exposureRows('campaign', campaigns.booking)).toEqual([]);
    });

    it('status back to Loving it: up from below Loving it, in the window', async () => {
      await recipients('status_loving_it', ['s1', 's2', 's3', 's4']);
      await a.statusChange(ids.s1, 'at_risk', 'loving_it', '2026-09-06T10:00:00Z');
      await a.statusChange(ids.s2, 'loving_it', 'raving_fan', '2026-09-06T10:00:00Z');
      await a.statusChange(ids.s3, 'raving_fan', 'loving_it', '2026-09-06T10:00:00Z');
      await a.statusChange(ids.s4, 'at_risk', 'loving_it', '2026-08-30T10:00:00Z');
      await expectConverted('status_loving_it', { s1: 5 });
    });

    it('rebooking in the same service category: a category the client booked before the exposure', async () => {
      await recipients('rebooking_same_category', ['r1', 'r2', 'r3']);
      await a.write({
        entity: 'bookings',
        records: [
          booking('rb-r1-old', 'r1', '2026-08-01T10:00:00Z', { startsAt: '2026-08-03T10:00:00Z', serviceCategory: 'PT', state: 'attended' }),
          booking('rb-r1-new', 'r1', '2026-09-04T10:00:00Z', { serviceCategory: 'PT' }),
          booking('rb-r2-old', 'r2', '2026-08-01T10:00:00Z', { startsAt: '2026-08-03T10:00:00Z', serviceCategory: 'PT', state: 'attended' }),
          booking('rb-r2-new', 'r2', '2026-09-04T10:00:00Z', { serviceCategory: 'Yoga' }),
          booking('rb-r3-old', 'r3', '2026-08-01T10:00:00Z', { startsAt: '2026-08-03T10:00:00Z', serviceCategory: 'PT', state: 'cancelled' }),
          booking('rb-r3-new', 'r3', '2026-09-04T10:00:00Z', { serviceCategory: 'PT' }),
        ],
      });
      await expectConverted('rebooking_same_category', { r1: 3 });
    });

    it('regained contract: a subscription starting in the window for a client without an active one', async () => {
      await recipients('regained_contract', ['c1', 'c2', 'c3', 'c4']);
      const sub = (externalId: string, client: string, startsOn: string, endsOn?: string) => ({
        externalId,
        clientExternalId: client,
        startsOn,
        ...(endsOn ? { endsOn } : {}),
        price: 40000,
        billed: true,
      });
      await a.write({
        entity: 'subscriptions',
        records: [
          sub('c1-old', 'c1', '2026-01-01', '2026-08-15'),
          sub('c1-new', 'c1', '2026-09-10'),
          sub('c2-old', 'c2', '2026-01-01'), // active at the exposure
          sub('c2-new', 'c2', '2026-09-10'),
          sub('c3-new', 'c3', '2026-09-01'), // the exposure's own day
          sub('c4-new', 'c4', '2026-09-16'), // day 15
        ],
      });
      const rows = await expectConverted('regained_contract', { c1: 9, c3: 0 });
      // the new contract is the revenue; a same-day start converts at the exposure instant
      expect(rows.c1.monthly_revenue).toBe(40000);
      expect(rows.c3.converted_at.toISOString()).toBe('2026-09-01T08:00:00.000Z');
    });

    it('purchase: a sale with a positive amount', async () => {
      await recipients('purchase', ['p1', 'p2']);
      await a.write({
        entity: 'sales',
        records: [
          { externalId: 'sale-p1', clientExternalId: 'p1', soldAt: '2026-09-02T10:00:00Z', amount: 5000 },
          { externalId: 'sale-p2', clientExternalId: 'p2', soldAt: '2026-09-02T10:00:00Z', amount: -5000 },
        ],
      });
      await expectConverted('purchase', { p1: 1 });
    });
  });

  describe('attribution: last touch and first touch', () => {
    let t1: string;
    let t2: string;
    const touches: Record<string, string> = {};

    beforeAll(async () => {
      t1 = await a.campaign({
        name: 'T1',
        steps: [
          { key: 'email', channel: 'email' },
          { key: 'sms', channel: 'sms' },
          { key: 'call', channel: 'staff_task' },
        ],
      });
      t2 = await a.campaign({ name: 'T2', selectedAt: '2026-09-02T11:00:00Z' });
      await a.recipients(
        t1,
        ['a1', 'a2', 'a3', 'a4'].map((c) => ({ client: ids[c] })),
      );
      await a.recipients(t2, [{ client: ids.a1, at: '2026-09-02T11:00:00Z' }]);
      // a1: three touches before one visit
      touches.a1Email = await a.touch({ client: ids.a1, campaignId: t1, stepKey: 'email', sentAt: '2026-09-01T08:05:00Z' });
      touches.a1Sms = await a.touch({ client: ids.a1, campaignId: t1, stepKey: 'sms', channel: 'sms', sentAt: '2026-09-02T08:00:00Z', deliveredAt: '2026-09-02T08:00:05Z' });
      touches.a1T2 = await a.touch({ client: ids.a1, campaignId: t2, stepKey: 'email', sentAt: '2026-09-02T12:00:00Z' });
      // a2: a visit between the two touches: each converts on its own visit
      touches.a2Email = await a.touch({ client: ids.a2, campaignId: t1, stepKey: 'email', sentAt: '2026-09-01T08:05:00Z' });
      touches.a2Sms = await a.touch({ client: ids.a2, campaignId: t1, stepKey: 'sms', channel: 'sms', sentAt: '2026-09-03T08:00:00Z' });
      // a3: the email failed; the staff member's call reached them
      touches.a3Email = await a.touch({ client: ids.a3, campaignId: t1, stepKey: 'email', status: 'failed', sentAt: '2026-09-01T08:05:00Z' });
      touches.a3Call = await a.task({ client: ids.a3, origin: `campaign:${t1}:step:call`, completedAt: '2026-09-02T15:00:00Z', outcome: 'reached' });
      // a4: blocked, never sent; came back anyway; a task closed because they returned on their own
      touches.a4Email = await a.touch({ client: ids.a4, campaignId: t1, stepKey: 'email', status: 'blocked' });
      touches.a4Call = await a.task({ client: ids.a4, origin: `campaign:${t1}:step:call`, completedAt: '2026-09-03T10:30:00Z', outcome: 'returned_on_own' });
      await a.visits([
        ['a1', '2026-09-03T10:00:00Z'],
        ['a2', '2026-09-02T10:00:00Z'],
        ['a2', '2026-09-06T10:00:00Z'],
        ['a3', '2026-09-04T10:00:00Z'],
        ['a4', '2026-09-03T10:00:00Z'],
      ]);
      // a first pass for the business: every window, however old
      await db.ds.query(`DELETE FROM follow_up_run WHERE business_id = $1`, [a.businessId]);
      await pass(a, 'visit');
    });

    it('should credit the last touch before the goal event, and show the first', async () => {
      const rows = Object.fromEntries((await a.touchRows()).map((r) => [r.item_id, r]));
      expect(rows[touches.a1Email]).toMatchObject({ credited_last: false, credited_first: true, days_to_return: 2, source_id: t1 });
      expect(rows[touches.a1Sms]).toMatchObject({ credited_last: false, credited_first: false, channel: 'sms' });
      expect(rows[touches.a1T2]).toMatchObject({ credited_last: true, credited_first: false, source_id: t2, days_to_return: 1 });
      // all three converted on the same visit
      expect(new Set([touches.a1Email, touches.a1Sms, touches.a1T2].map((t) => rows[t].event_id)).size).toBe(1);
    });

    it('should give each goal event its own credit when a visit falls between touches', async () => {
      const rows = Object.fromEntries((await a.touchRows()).map((r) => [r.item_id, r]));
      expect(rows[touches.a2Email]).toMatchObject({ credited_last: true, credited_first: true, days_to_return: 1 });
      expect(rows[touches.a2Sms]).toMatchObject({ credited_last: true, credited_first: true, days_to_return: 3 });
      expect(rows[touches.a2Email].event_id).not.toBe(rows[touches.a2Sms].event_id);
    });

    it('should count a completed staff task as a touch, and never failed, blocked or returned-on-own items', async () => {
      const rows = Object.fromEntries((await a.touchRows()).map((r) => [`${r.item_kind}:${r.item_id}`, r]));
      expect(rows[`task:${touches.a3Call}`]).toMatchObject({ channel: 'staff_task', step_key: 'call', credited_last: true, credited_first: true, exposure_id: ids.a3 });
      expect(rows[`touch:${touches.a3Email}`]).toBeUndefined();
      expect(rows[`touch:${touches.a4Email}`]).toBeUndefined();
      expect(rows[`task:${touches.a4Call}`]).toBeUndefined();
      // the exposure converted all the same (intent to treat)
      expect(Object.keys(byClient(await a.exposureRows('campaign', t1))).sort()).toEqual(['a1', 'a2', 'a3', 'a4']);
    });

    it('should keep credit with a touch whose own window closed when a later pass rewrites its neighbours', async () => {
      // cutoff 16 Sep 12:00Z: T1's a1 email (sent 1 Sep, window ended 15 Sep 22:00Z) is more than a window
      // before it and out of scope; T2's touch (window ends 16 Sep 22:00Z) is rewritten
      await db.ds.query(`UPDATE follow_up_run SET last_run_at = '2026-09-23T12:00:00Z' WHERE business_id = $1 AND goal_kind = 'visit'`, [a.businessId]);
      const r = await pass(a, 'visit', new Date('2026-09-23T12:00:00Z'));
      expect(r.touches).toBeGreaterThan(0);
      expect(r.written).toBe(0);
      const rows = Object.fromEntries((await a.touchRows()).map((x) => [x.item_id, x]));
      expect(rows[touches.a1Email].credited_first).toBe(true);
      expect(rows[touches.a1T2]).toMatchObject({ credited_last: true, credited_first: false });
    });
  });

  describe('automations', () => {
    it("should judge each enrollment from its own entry, and tie each run's touches to it", async () => {
      const au = await a.automation({ name: 'At risk' });
      const e1 = await a.enrollment(au, ids.u1, { at: '2026-09-01T08:00:00Z', steps: [[0, 'email']] });
      const e2 = await a.enrollment(au, ids.u1, { at: '2026-09-20T08:00:00Z', entryNo: 2, steps: [[0, 'email']] });
      const e3 = await a.enrollment(au, ids.u2, { at: '2026-09-01T08:00:00Z', holdout: true, steps: [[0, 'email']] });
      const first = await a.touch({ client: ids.u1, automationId: au, stepKey: 'email', sentAt: '2026-09-01T08:05:00Z' });
      const second = await a.touch({ client: ids.u1, automationId: au, stepKey: 'email', sentAt: '2026-09-20T08:05:00Z', origin: `automation:${au}:step:email:r2` });
      // an "at the door" alert is raised by the visit itself: never a touch before it
      const door = await a.task({ client: ids.u1, origin: `automation:${au}:step:door`, completedAt: '2026-09-22T11:00:00Z' });
      await db.ds.query(
        `INSERT INTO automation_door_alert (business_id, automation_id, enrollment_id, client_id, step_index, step_key, origin, armed_at, expires_at, fired_at, task_id)
         VALUES ($1, $2, $3, $4, 3, 'door', $5, '2026-09-20T09:00:00Z', '2026-10-20T09:00:00Z', '2026-09-22T10:00:00Z', $6)`,
        [a.businessId, au, e2, ids.u1, `automation:${au}:step:door:r2`, door],
      );
      await a.visits([
        ['u1', '2026-09-03T10:00:00Z'],
        ['u1', '2026-09-22T10:00:00Z'],
        ['u2', '2026-09-04T10:00:00Z'],
      ]);
      await db.ds.query(`DELETE FROM follow_up_run WHERE business_id = $1`, [a.businessId]);
      await pass(a, 'visit', new Date('2026-10-10T00:00:00Z'));
      const rows = await a.exposureRows('automation', au);
      expect(rows.map((r) => [r.exposure_id, r.holdout, r.days_to_return])).toEqual([
        [e1, false, 2],
        [e2, false, 2],
        [e3, true, 3],
      ]);
      const t = (await a.touchRows()).filter((r) => r.source_kind === 'automation');
      expect(t.map((r) => [r.item_kind, r.item_id, r.exposure_id, r.credited_last])).toEqual([
        ['touch', first, e1, true],
        ['touch', second, e2, true],
      ]);
    });
  });

  describe('tenancy', () => {
    it("should never read or write another business's rows", async () => {
      const other = await b.clients(['v1', 'x1']);
      const cb = await b.campaign({ goal: { kind: 'visit', withinDays: 14 } });
      await b.recipients(cb, [{ client: other.v1 }, { client: other.x1 }]);
      await b.visits([['v1', '2026-09-02T10:00:00Z']]);
      const before = await db.ds.query(`SELECT count(*)::int AS n FROM exposure_conversion WHERE business_id = $1`, [a.businessId]);
      const r = await pass(b, 'visit');
      expect(r).toMatchObject({ exposures: 2, convertedExposures: 1 });
      expect(await db.ds.query(`SELECT count(*)::int AS n FROM exposure_conversion WHERE business_id = $1`, [a.businessId])).toEqual(before);
      const rows = await b.exposureRows('campaign', cb);
      expect(rows.map((x) => x.client_id)).toEqual([other.v1]);
      // and A's pass leaves B's row alone
      await pass(a, 'visit');
      expect(await b.exposureRows('campaign', cb)).toEqual(rows);
    });
  });
});
