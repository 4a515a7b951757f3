import { newBusiness } from '../../../support/factories';
import { createTestDb, TestDb } from '../../../support/test-db';
import { matching } from '../segment-test-kit';

// A few thousand generated rows (3,000 clients, the last 500 with no activity at all): every
// count condition must select exactly the clients a plain per-client count selects.
const today = '2026-03-20';
const tz = 'Europe/Stockholm';

// client of generated row g: skewed (low numbers get many rows, high ones few) so that every count
// from 0 to many occurs; c02501 .. c03000 never get any
const clientOf = (g: string, mult: number) => `'c' || lpad((1 + floor(2500 * power(((${g} * ${mult}) % 10007) / 10007.0, 2)))::int::text, 5, '0')`;

describe('activity count conditions agree with a per-client count on generated data', () => {
  let db: TestDb;
  let biz: string;

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId: biz } = await newBusiness(db.ds, { timezone: tz }));
    const { businessId: other } = await newBusiness(db.ds, { timezone: tz });
    const q = (sql: string, params: unknown[] = []) => db.ds.query(sql, params);
    for (const b of [biz, other]) {
      await q(`INSERT INTO client (business_id, source, external_id) SELECT $1, 'import', 'c' || lpad(i::text, 5, '0') FROM generate_series(1, 3000) i`, [b]);
      await q(`INSERT INTO product (business_id, source, external_id, name, kind) VALUES ($1, 'import', 'yoga', 'Yoga', 'other'), ($1, 'import', 'pt', 'PT', 'service')`, [b]);
      // 20,000 bookings over 60 days back and 10 ahead; every 5th an appointment
      await q(
        `INSERT INTO booking (business_id, source, external_id, client_id, product_id, kind, name, service_category, starts_at, state, no_show_active)
         SELECT $1, 'import', 'b' || g, c.id, p.id, k.kind, p.name, CASE WHEN k.kind = 'appointment' THEN 'personal_training' END,
                ($2::date + 10 - (g * 37) % 70)::timestamp AT TIME ZONE $3 + ((g * 53) % 1440) * interval '1 minute',
                (ARRAY['booked','attended','attended','attended','no_show','late_cancelled','cancelled'])[1 + (g * 13) % 7], g % 17 = 0
           FROM generate_series(1, 20000) g
           CROSS JOIN LATERAL (SELECT CASE WHEN g % 5 = 0 THEN 'appointment' ELSE 'class' END AS kind) k
           JOIN client c ON c.business_id = $1 AND c.external_id = ${clientOf('g', 7919)}
           JOIN product p ON p.business_id = $1 AND p.external_id = CASE WHEN k.kind = 'class' THEN 'yoga' ELSE 'pt' END`,
        [b, today, tz],
      );
      // a check-in for every attended booking (every 4th of the class ones sent without a kind: gym)
      // plus 30,000 gym-floor check-ins at any minute of 60 days
      await q(
        `INSERT INTO visit (business_id, source, external_id, client_id, booking_id, visited_at, visited_on, kind)
         SELECT $1, 'import', 'vb' || bk.id, bk.client_id, bk.id, bk.starts_at, (bk.starts_at AT TIME ZONE $2)::date,
                CASE WHEN bk.kind = 'class' AND bk.id % 4 = 0 THEN 'gym' ELSE bk.kind END
           FROM booking bk WHERE bk.business_id = $1 AND bk.state = 'attended' AND bk.starts_at < ($3::date + 1)::timestamp AT TIME ZONE $2`,
        [b, tz, today],
      );
      await q(
        `INSERT INTO visit (business_id, source, external_id, client_id, visited_at, visited_on, kind)
         SELECT $1, 'import', 'vg' || g, c.id, t.at, (t.at AT TIME ZONE $3)::date, CASE WHEN g % 9 = 0 THEN 'class' ELSE 'gym' END
           FROM generate_series(1, 30000) g
           CROSS JOIN LATERAL (SELECT ($2::date - (g * 31) % 60)::timestamp AT TIME ZONE $3 + ((g * 97) % 1440) * interval '1 minute' AS at) t
           JOIN client c ON c.business_id = $1 AND c.external_id = ${clientOf('g', 4099)}`,
        [b, today, tz],
      );
      await q(
        `INSERT INTO invoice (business_id, source, external_id, client_id, amount, due_on, paid_at, direct_debit)
         SELECT $1, 'import', 'i' || g, c.id, 1000, $2::date + 5 - (g * 11) % 50, CASE WHEN g % 3 = 0 THEN now() END, g % 2 = 0
           FROM generate_series(1, 3000) g
           JOIN client c ON c.business_id = $1 AND c.external_id = ${clientOf('g', 613)}`,
        [b, today],
      );
    }
    // the writer maintains these derived days on every ingest path; raw inserts must too
    await q(
      `UPDATE client c SET last_visit_on = m.last, first_visit_on = m.first
         FROM (SELECT client_id, max(visited_on) AS last, min(visited_on) AS first FROM visit GROUP BY client_id) m WHERE m.client_id = c.id`,
    );
    await q('ANALYZE');
  });
  afterAll(() => db.drop());

  // the external ids whose per-client count (a correlated subquery over `c`) satisfies `test`
  const oracle = async (count: string, test: string, params: unknown[] = []): Promise<string[]> => {
    const rows: Array<{ external_id: string }> = await db.ds.query(
      `SELECT c.external_id FROM client c WHERE c.business_id = $1 AND c.deleted_at IS NULL AND (${count}) ${test} ORDER BY c.external_id`,
      [biz, ...params],
    );
    return rows.map((r) => r.external_id);
  };
  const window30 = `BETWEEN '${today}'::date - 29 AND '${today}'::date`;
  const ts30 = `>= ('${today}'::date - 29)::timestamp AT TIME ZONE '${tz}' AND %s < ('${today}'::date + 1)::timestamp AT TIME ZONE '${tz}'`;
  const inTs30 = (col: string) => `${col} ${ts30.replace('%s', col)}`;

  const COMPARISONS: Array<{ name: string; operator: string; value: number; to?: number; sql: string }> = [
    { name: '>= 2', operator: '>=', value: 2, sql: '>= 2' },
    { name: '= 0', operator: '=', value: 0, sql: '= 0' },
    { name: '< 3', operator: '<', value: 3, sql: '< 3' },
    { name: '!= 3', operator: '!=', value: 3, sql: '<> 3' },
    { name: 'between 0 and 1', operator: 'between', value: 0, to: 1, sql: 'BETWEEN 0 AND 1' },
    { name: 'between 2 and 4', operator: 'between', value: 2, to: 4, sql: 'BETWEEN 2 AND 4' },
  ];
  // every comparison selects some clients and leaves out others, so each side is exercised
  const nonTrivial = (ids: string[]) => {
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThan(3000);
  };
  const cmp = ({ operator, value, to }: { operator: string; value: number; to?: number }) => ({ operator, value, ...(to !== undefined ? { to } : {}) });

  it.each(COMPARISONS)('visits $name', async (c) => {
    const expected = await oracle(`SELECT count(DISTINCT v.visited_on) FROM visit v WHERE v.client_id = c.id AND v.visited_on ${window30}`, c.sql);
    nonTrivial(expected);
    await expect(matching(db.ds, biz, { condition: 'visits', ...cmp(c), window: { last: 30 } }, { today })).resolves.toEqual(expected);
    const all = await oracle('SELECT 1', '= 1');
    await expect(matching(db.ds, biz, { not: { condition: 'visits', ...cmp(c), window: { last: 30 } } }, { today })).resolves.toEqual(all.filter((id) => !expected.includes(id)));
  });

  it.each(COMPARISONS)('gym_visits $name', async (c) => {
    const expected = await oracle(
      `SELECT count(*) FROM visit v LEFT JOIN booking b ON b.id = v.booking_id
        WHERE v.client_id = c.id AND v.visited_on ${window30} AND v.kind <> 'class' AND b.kind IS DISTINCT FROM 'class'`,
      c.sql,
    );
    nonTrivial(expected);
    await expect(matching(db.ds, biz, { condition: 'gym_visits', ...cmp(c), window: { last: 30 } }, { today })).resolves.toEqual(expected);
  });

  it.each(COMPARISONS)('class_attendance $name', async (c) => {
    const expected = await oracle(`SELECT count(*) FROM booking b WHERE b.client_id = c.id AND ${inTs30('b.starts_at')} AND b.kind = 'class' AND b.state = 'attended'`, c.sql);
    nonTrivial(expected);
    await expect(matching(db.ds, biz, { condition: 'class_attendance', ...cmp(c), window: { last: 30 } }, { today })).resolves.toEqual(expected);
  });

  it.each(COMPARISONS)('active_no_shows $name', async (c) => {
    const expected = await oracle(`SELECT count(*) FROM booking b WHERE b.client_id = c.id AND b.no_show_active`, c.sql);
    nonTrivial(expected);
    await expect(matching(db.ds, biz, { condition: 'active_no_shows', ...cmp(c) }, { today })).resolves.toEqual(expected);
  });

  it.each(COMPARISONS)('service_bookings $name (next 10 days)', async (c) => {
    const expected = await oracle(
      `SELECT count(*) FROM booking b WHERE b.client_id = c.id AND b.kind = 'appointment' AND b.state <> 'cancelled'
          AND b.starts_at >= '${today}'::timestamp AT TIME ZONE '${tz}' AND b.starts_at < ('${today}'::date + 10)::timestamp AT TIME ZONE '${tz}'`,
      c.sql,
    );
    nonTrivial(expected);
    await expect(matching(db.ds, biz, { condition: 'service_bookings', ...cmp(c), window: { next: 10 }, serviceCategories: ['personal_training'] }, { today })).resolves.toEqual(expected);
  });

  it.each([0, 5, 30])('days_since_overdue_invoice with the direct-debit setting at %i', async (grace) => {
    const days = `('${today}'::date - i.due_on - CASE WHEN i.direct_debit THEN ${grace} ELSE 0 END)`;
    const expected = await oracle(`EXISTS (SELECT 1 FROM invoice i WHERE i.client_id = c.id AND i.paid_at IS NULL AND ${days} >= 1 AND ${days} BETWEEN 3 AND 20)`, '');
    nonTrivial(expected);
    await expect(matching(db.ds, biz, { condition: 'days_since_overdue_invoice', operator: 'between', value: 3, to: 20 }, { today, settings: { directDebitBlockAfterDays: grace } })).resolves.toEqual(
      expected,
    );
  });

  it('should read visits only for clients who visited since the window opened', async () => {
    const { validateTree } = await import('../../../../src/segments/compiler/validate-tree');
    const { segmentWhere } = await import('../../../../src/segments/evaluation/segment-sql');
    const [{ n: recent }] = await db.ds.query(`SELECT count(*)::int AS n FROM client WHERE business_id = $1 AND last_visit_on >= $2::date - 29`, [biz, today]);
    const [{ n: all }] = await db.ds.query(`SELECT count(*)::int AS n FROM client WHERE business_id = $1`, [biz]);
    expect(recent).toBeLessThan(all);
    for (const operator of ['>=', '<']) {
      const { tree } = validateTree({ condition: 'visits', operator, value: 4, window: { last: 30 } });
      const { where, ctx } = segmentWhere(tree!, { businessId: biz, today, timezone: tz });
      const [{ 'QUERY PLAN': plan }] = await db.ds.query(`EXPLAIN (ANALYZE, FORMAT JSON) SELECT count(*) FROM client c WHERE ${where}`, ctx.params.values);
      const loops: number[] = [];
      const walk = (node: Record<string, unknown>) => {
        if (node['Relation Name'] === 'visit') loops.push(node['Actual Loops'] as number);
        for (const child of (node.Plans as Array<Record<string, unknown>>) ?? []) walk(child);
      };
      walk(plan[0].Plan);
      expect(loops).toEqual([recent]);
    }
  });
});
