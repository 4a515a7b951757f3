import { DataSource } from 'typeorm';
import { generateDemoData, DemoDataResult } from '../../../src/demo-data/demo-data.generator';
import { newBusiness } from '../../support/factories';
import { checksums } from '../../support/demo-checksums';
import { createTestDb, TestDb } from '../../support/test-db';

const TODAY = '2026-03-31';
const TZ = 'Europe/Stockholm';
const OPTS = { clients: 300, months: 6, today: TODAY };

async function one<T = Record<string, unknown>>(ds: DataSource, sql: string, params: unknown[]): Promise<T> {
  return (await ds.query(sql, params))[0];
}

describe('generateDemoData', () => {
  let a: TestDb;
  let b: TestDb;
  let bizA: string;
  let result: DemoDataResult;

  beforeAll(async () => {
    [a, b] = await Promise.all([createTestDb(), createTestDb()]);
    bizA = (await newBusiness(a.ds, { timezone: TZ })).businessId;
    result = await generateDemoData(a.ds, { ...OPTS, businessId: bizA, seed: 7 });
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.drop(), b?.drop()]);
  });

  it('should write the counts it reports', async () => {
    expect(result.clients).toBe(300);
    expect(result.visits).toBeGreaterThan(3000);
    const [{ n }] = await a.ds.query(`SELECT count(*)::int AS n FROM visit WHERE business_id = $1 AND source = 'demo'`, [bizA]);
    expect(n).toBe(result.visits);
    expect(result.bookings).toBeGreaterThan(0);
    expect(result.subscriptions).toBeGreaterThan(200);
  });

  it('should produce identical rows for the same seed and different rows for another seed', async () => {
    const bizB = (await newBusiness(b.ds, { timezone: TZ })).businessId;
    await generateDemoData(b.ds, { ...OPTS, businessId: bizB, seed: 7 });
    const [sumA, sumB] = await Promise.all([checksums(a.ds, bizA), checksums(b.ds, bizB)]);
    expect(Object.values(sumA).every((v) => typeof v === 'string')).toBe(true);
    expect(sumB).toEqual(sumA);

    // a second business in the same database (tables no longer empty, indexes kept) with another seed
    const bizC = (await newBusiness(b.ds, { timezone: TZ })).businessId;
    await generateDemoData(b.ds, { ...OPTS, businessId: bizC, seed: 8 });
    const sumC = await checksums(b.ds, bizC);
    for (const name of Object.keys(sumA)) expect(sumC[name]).not.toEqual(sumA[name]);
  }, 120_000);

  it('should refuse a business that already has demo data', async () => {
    await expect(generateDemoData(a.ds, { ...OPTS, businessId: bizA, seed: 7 })).rejects.toThrow(/already has demo data/);
  });

  it('should keep every reference inside the business', async () => {
    const r = await one<Record<string, number>>(
      a.ds,
      `SELECT
         (SELECT count(*) FROM visit v LEFT JOIN client c ON c.id = v.client_id
           WHERE v.business_id = $1 AND (c.id IS NULL OR c.business_id <> v.business_id))::int AS visit_clients,
         (SELECT count(*) FROM visit v LEFT JOIN booking b ON b.id = v.booking_id
           WHERE v.business_id = $1 AND v.booking_id IS NOT NULL
             AND (b.id IS NULL OR b.client_id <> v.client_id OR b.state <> 'attended' OR b.kind::text <> v.kind))::int AS visit_bookings,
         (SELECT count(*) FROM booking b LEFT JOIN client c ON c.id = b.client_id
           WHERE b.business_id = $1 AND (c.id IS NULL OR c.business_id <> b.business_id))::int AS booking_clients,
         (SELECT count(*) FROM subscription s LEFT JOIN client c ON c.id = s.client_id
           WHERE s.business_id = $1 AND (c.id IS NULL OR c.business_id <> s.business_id))::int AS subscription_clients,
         (SELECT count(*) FROM subscription_freeze f LEFT JOIN subscription s ON s.id = f.subscription_id
           WHERE f.business_id = $1 AND (s.id IS NULL OR s.business_id <> f.business_id))::int AS freeze_subscriptions,
         (SELECT count(*) FROM client c LEFT JOIN location l ON l.id = c.home_location_id
           WHERE c.business_id = $1 AND (l.id IS NULL OR l.business_id <> c.business_id))::int AS client_locations,
         (SELECT count(*) FROM visit v WHERE v.business_id = $1 AND v.visited_on <> (v.visited_at AT TIME ZONE $2)::date)::int AS local_dates`,
      [bizA, TZ],
    );
    expect(r).toEqual({ visit_clients: 0, visit_bookings: 0, booking_clients: 0, subscription_clients: 0, freeze_subscriptions: 0, client_locations: 0, local_dates: 0 });
  });

  it('should fill the derived client columns and weekly rollups from the visits', async () => {
    const r = await one<Record<string, number>>(
      a.ds,
      `WITH v AS (SELECT client_id, min(visited_on) AS f, max(visited_on) AS l FROM visit WHERE business_id = $1 GROUP BY client_id),
            s AS (SELECT client_id, min(starts_on) AS first_start FROM subscription WHERE business_id = $1 GROUP BY client_id),
            wk AS (SELECT client_id, date_trunc('week', visited_on)::date AS week_start, count(DISTINCT visited_on)::int AS days
                     FROM visit WHERE business_id = $1 GROUP BY 1, 2),
            cvw AS (SELECT client_id, week_start, visit_days::int AS days FROM client_visit_week WHERE business_id = $1)
       SELECT
         (SELECT count(*) FROM client c LEFT JOIN v ON v.client_id = c.id
           WHERE c.business_id = $1 AND (c.first_visit_on IS DISTINCT FROM v.f OR c.last_visit_on IS DISTINCT FROM v.l))::int AS visit_edges,
         (SELECT count(*) FROM client c LEFT JOIN s ON s.client_id = c.id
           WHERE c.business_id = $1 AND c.registered_at IS DISTINCT FROM (s.first_start::timestamp AT TIME ZONE $2))::int AS registered,
         (SELECT count(*) FROM wk FULL JOIN cvw USING (client_id, week_start) WHERE wk.days IS DISTINCT FROM cvw.days)::int AS weeks,
         (SELECT count(*) FROM cvw WHERE extract(isodow FROM week_start) <> 1)::int AS not_monday,
         (SELECT max(days) FROM cvw)::int AS max_days,
         (SELECT count(*) FROM client WHERE business_id = $1 AND registered_at IS NOT NULL)::int AS registered_clients`,
      [bizA, TZ],
    );
    expect(r).toMatchObject({ visit_edges: 0, registered: 0, weeks: 0, not_monday: 0 });
    expect(r.max_days).toBeLessThanOrEqual(6);
    expect(r.max_days).toBeGreaterThanOrEqual(4);
    expect(r.registered_clients).toBeGreaterThan(200);
  });

  it('should let visit frequency decay in the weeks before a cancellation', async () => {
    // mean weekly visit days over weeks 1-4 before the cancellation against weeks 9-12 before,
    // for members who had been registered for the whole span
    const r = await one<{ cancelled: number; last4: number; weeks9to12: number }>(
      a.ds,
      `WITH x AS (
         SELECT s.client_id, (s.cancelled_at AT TIME ZONE $2)::date AS d
           FROM subscription s JOIN client c ON c.id = s.client_id
          WHERE s.business_id = $1 AND s.cancelled_at IS NOT NULL
            AND c.registered_at <= s.cancelled_at - interval '84 days'
            AND (s.cancelled_at AT TIME ZONE $2)::date >= $3::date - interval '6 months' + interval '84 days')
       SELECT count(*)::int AS cancelled,
         (sum((SELECT coalesce(sum(w.visit_days), 0) FROM client_visit_week w WHERE w.client_id = x.client_id
                AND w.week_start >= x.d - 28 AND w.week_start < x.d)) / (4.0 * count(*)))::float AS last4,
         (sum((SELECT coalesce(sum(w.visit_days), 0) FROM client_visit_week w WHERE w.client_id = x.client_id
                AND w.week_start >= x.d - 84 AND w.week_start < x.d - 56)) / (4.0 * count(*)))::float AS weeks9to12
       FROM x`,
      [bizA, TZ, TODAY],
    );
    expect(r.cancelled).toBeGreaterThanOrEqual(10);
    expect(r.last4).toBeLessThan(r.weeks9to12 * 0.7);
  });

  it('should cover the cases rules and segment conditions look for', async () => {
    const r = await one<Record<string, number>>(
      a.ds,
      `SELECT
         (SELECT count(*) FROM invoice WHERE business_id = $1 AND paid_at IS NULL AND due_on < $3::date)::int AS overdue,
         (SELECT count(*) FROM invoice WHERE business_id = $1 AND direct_debit)::int AS direct_debit_invoices,
         (SELECT count(*) FROM booking WHERE business_id = $1 AND state = 'no_show')::int AS no_shows,
         (SELECT count(*) FROM booking WHERE business_id = $1 AND no_show_active)::int AS active_no_shows,
         (SELECT count(*) FROM booking WHERE business_id = $1 AND state = 'late_cancelled')::int AS late_cancels,
         (SELECT count(*) FROM booking WHERE business_id = $1 AND state = 'booked' AND starts_at > ($3::date + 1)::timestamp AT TIME ZONE $2)::int AS future,
         (SELECT count(DISTINCT service_category) FROM booking WHERE business_id = $1 AND kind = 'appointment')::int AS appointment_categories,
         (SELECT count(DISTINCT kind) FROM visit WHERE business_id = $1)::int AS visit_kinds,
         (SELECT count(*) FROM subscription_freeze WHERE business_id = $1)::int AS freezes,
         (SELECT count(*) FROM quota WHERE business_id = $1 AND used_units > 0)::int AS used_quotas,
         (SELECT count(DISTINCT payment_method) FROM subscription WHERE business_id = $1)::int AS payment_methods,
         (SELECT count(DISTINCT customer_type) FROM client WHERE business_id = $1)::int AS customer_types,
         (SELECT count(DISTINCT gender) FROM client WHERE business_id = $1)::int AS genders,
         (SELECT count(*) FROM subscription WHERE business_id = $1 AND NOT auto_renew AND ends_on > $3::date)::int AS non_renewing_active,
         (SELECT count(*) FROM sale WHERE business_id = $1)::int AS sales,
         (SELECT count(*) FROM client WHERE business_id = $1 AND registered_at >= ($3::date - 6)::timestamp AT TIME ZONE $2)::int AS joined_last_week`,
      [bizA, TZ, TODAY],
    );
    for (const [k, v] of Object.entries(r)) expect([k, v > 0]).toEqual([k, true]);
    expect(r.payment_methods).toBeGreaterThanOrEqual(4);
    expect(r.visit_kinds).toBe(3);
    expect(r.customer_types).toBe(4);
    expect(r.appointment_categories).toBeGreaterThanOrEqual(3);
  });

  it('should leave current members in every risk situation today', async () => {
    // members with a subscription running today, by days since their last visit (risk.md rules)
    const r = await one<Record<string, number>>(
      a.ds,
      `WITH m AS (
         SELECT c.id, c.registered_at, c.last_visit_on,
                (SELECT count(*) FROM visit v WHERE v.client_id = c.id AND v.visited_on > $2::date - 7)::int AS sessions7
           FROM client c
          WHERE c.business_id = $1 AND EXISTS (SELECT 1 FROM subscription s WHERE s.client_id = c.id
                  AND s.starts_on <= $2::date AND (s.ends_on IS NULL OR s.ends_on >= $2::date)))
       SELECT
         count(*) FILTER (WHERE last_visit_on <= $2::date - 22 AND registered_at < $2::date - 22)::int AS in_trouble,
         count(*) FILTER (WHERE last_visit_on BETWEEN $2::date - 13 AND $2::date - 7)::int AS absent,
         count(*) FILTER (WHERE registered_at > $2::date - 25)::int AS new_members,
         count(*) FILTER (WHERE sessions7 >= 3)::int AS loving_it
       FROM m`,
      [bizA, TODAY],
    );
    for (const [k, v] of Object.entries(r)) expect([k, v > 0]).toEqual([k, true]);
  });

  it('should replay a status history: a status mix at every month end, every member assessed today', async () => {
    expect(result.statusChanges).toBeGreaterThan(300);
    const mix: Array<{ month: string; clients: number; statuses: number }> = await a.ds.query(
      // the status held at the end of each of the last 6 months (docs/reports.md "statusMix")
      `WITH m AS (SELECT generate_series(date_trunc('month', $2::date) - interval '5 months', date_trunc('month', $2::date), interval '1 month')::date AS ms),
            e AS (SELECT ms, ((LEAST((ms + interval '1 month')::date, $2::date + 1))::timestamp AT TIME ZONE $3) AS ends FROM m)
       SELECT to_char(e.ms, 'YYYY-MM') AS month, count(x.to_status)::int AS clients, count(DISTINCT x.to_status)::int AS statuses
         FROM e LEFT JOIN LATERAL (
           SELECT DISTINCT ON (sc.client_id) sc.to_status FROM status_change sc
            WHERE sc.business_id = $1 AND sc.changed_at < e.ends ORDER BY sc.client_id, sc.changed_at DESC, sc.id DESC) x ON x.to_status IS NOT NULL
        GROUP BY e.ms ORDER BY e.ms`,
      [bizA, TODAY, TZ],
    );
    expect(mix).toHaveLength(6);
    for (const m of mix) expect([m.month, m.clients > 20, m.statuses >= 3]).toEqual([m.month, true, true]);
    // every member (an active package today) has a status, as of today's midnight
    const [{ members, assessed, times }] = await a.ds.query(
      `SELECT count(*)::int AS members, count(cs.client_id)::int AS assessed,
              count(DISTINCT cs.inputs_at) FILTER (WHERE cs.inputs_at > ($2::date::timestamp AT TIME ZONE $3))::int AS times
         FROM client c LEFT JOIN client_status cs ON cs.client_id = c.id
        WHERE c.business_id = $1 AND EXISTS (SELECT 1 FROM subscription s WHERE s.client_id = c.id AND s.starts_on <= $2::date
                AND (s.ends_on IS NULL OR s.ends_on >= $2::date) AND (s.billed OR s.trailing_billing OR s.auto_renew))`,
      [bizA, TODAY, TZ],
    );
    expect(assessed).toBe(members);
    expect(times).toBe(0);
  });
});
