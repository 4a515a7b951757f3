import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Raw figures of one retention report; months and cohorts are 'YYYY-MM'. */
export interface RetentionRaw {
  months: Array<{ month: string; membersAtStart: number; membersAtEnd: number; newMembers: number; cancelled: number }>;
  statusMix: Array<{ month: string; status: string; clients: number }>;
  cohortSizes: Array<{ cohort: string; size: number }>;
  cohortRetained: Array<{ cohort: string; month: string; members: number }>;
}

interface RetentionRange {
  /** first days of the first and last month */
  from: string;
  to: string;
  location?: string;
  /** the business's local date; defaults to now in its time zone */
  today: string;
}

// Historical membership (docs/reports.md). Each client's membership is a set of day intervals
// [s, e] (e inclusive, 'infinity' = open):
// - counting subscriptions (billed OR trailing OR auto_renew): [starts_on, ends_on];
// - clip cards with units left now (a current fact): [its latest sale (same client and product),
//   else the day Comeback first saw it, expires_on];
// - is_member = true: also [start of the latest package begun by today, or the day the client
//   is first known, infinity), so the client is a member today as isMemberSql says;
// - is_member = false: package intervals cut at yesterday, so not a member today.
// Intervals starting after today are dropped; one reaching today is open (the future is not
// known yet). Overlapping or adjacent intervals merge into islands (gaps and islands: a new
// island starts where s > running max(e) + 1), and every figure is counted from the islands:
// with month M = [ms, me] (me = today for the current month)
//   start = islands with s < ms <= e (carried into M), end = islands with s <= me < e,
//   new = islands with s in M, cancelled = islands with e in M (counted per island),
// so end = start + new - cancelled holds exactly, and end(M) = start(M + 1).
const RETENTION_SQL = `
WITH b AS (
  SELECT bz.timezone AS tz, $5::date AS today FROM business bz WHERE bz.id = $1
),
cl AS (
  SELECT c.id, c.is_member, c.registered_at, LEAST(c.registered_at, c.source_created_at, c.created_at) AS known_since
    FROM client c
   WHERE c.business_id = $1 AND c.deleted_at IS NULL AND ($2::bigint IS NULL OR c.home_location_id = $2::bigint)
),
pkg AS (
  SELECT s.client_id, cl.is_member, s.starts_on AS s, COALESCE(s.ends_on, 'infinity'::date) AS e
    FROM subscription s JOIN cl ON cl.id = s.client_id
   WHERE s.business_id = $1 AND (s.billed OR s.trailing_billing OR s.auto_renew)
  UNION ALL
  SELECT q.client_id, cl.is_member,
         (COALESCE((SELECT max(sa.sold_at) FROM sale sa
                     WHERE sa.client_id = q.client_id AND sa.product_id = q.product_id
                       AND sa.sold_at < ((b.today + 1)::timestamp AT TIME ZONE b.tz)), q.created_at) AT TIME ZONE b.tz)::date,
         COALESCE(q.expires_on, 'infinity'::date)
    FROM quota q JOIN cl ON cl.id = q.client_id CROSS JOIN b
   WHERE q.business_id = $1 AND q.used_units < q.total_units
),
flagged AS (
  SELECT cl.id AS client_id,
         COALESCE(max(p.s) FILTER (WHERE p.s <= b.today AND p.s <= p.e), (cl.known_since AT TIME ZONE b.tz)::date) AS s
    FROM cl CROSS JOIN b LEFT JOIN pkg p ON p.client_id = cl.id
   WHERE cl.is_member
   GROUP BY cl.id, cl.known_since, b.tz, b.today
),
iv AS (
  SELECT x.client_id, x.s, CASE WHEN x.e >= b.today THEN 'infinity'::date ELSE x.e END AS e
    FROM (SELECT p.client_id, p.s, CASE WHEN p.is_member = false THEN LEAST(p.e, b.today - 1) ELSE p.e END AS e FROM pkg p CROSS JOIN b
          UNION ALL
          SELECT f.client_id, f.s, 'infinity'::date FROM flagged f) x
    CROSS JOIN b
   WHERE x.s <= x.e AND x.s <= b.today
),
marked AS (
  SELECT client_id, s, e,
         CASE WHEN s <= max(e) OVER (PARTITION BY client_id ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) + 1
              THEN 0 ELSE 1 END AS opens
    FROM iv
),
numbered AS (
  SELECT client_id, s, e, sum(opens) OVER (PARTITION BY client_id ORDER BY s, e ROWS UNBOUNDED PRECEDING) AS island FROM marked
),
islands AS (
  SELECT client_id, min(s) AS s, max(e) AS e FROM numbered GROUP BY client_id, island
),
months AS (
  SELECT (row_number() OVER (ORDER BY m) - 1)::int AS k, m::date AS ms, LEAST((m + interval '1 month')::date - 1, b.today) AS me
    FROM b, generate_series($3::date, $4::date, interval '1 month') m
),
-- thresholds: the day before the first month, then each month's last counted day (today for the
-- current month); bounds: the instant each month ends (local midnight after that day)
arr AS (
  SELECT ((SELECT min(ms) FROM months) - 1) || array_agg(me ORDER BY k) AS days,
         array_agg(((me + 1)::timestamp AT TIME ZONE b.tz) ORDER BY k) AS bounds,
         count(*)::int AS n
    FROM months CROSS JOIN b GROUP BY b.tz
),
-- a = thresholds before s, z = thresholds before e: an island is a member at threshold i
-- (1-based) when a < i <= z, starts in month k when a = k + 1 and ends in it when z = k + 1.
-- Everything below aggregates these small integers, so the cost is linear in islands.
isl AS (
  SELECT i.client_id, width_bucket(i.s - 1, arr.days) AS a, width_bucket(i.e - 1, arr.days) AS z FROM islands i CROSS JOIN arr
),
hist AS (
  SELECT a, z, count(*) AS n FROM isl WHERE z > 0 GROUP BY a, z
),
monthly AS (
  SELECT m.ms,
         COALESCE(sum(h.n) FILTER (WHERE h.a < m.k + 1 AND m.k + 1 <= h.z), 0) AS "membersAtStart",
         COALESCE(sum(h.n) FILTER (WHERE h.a < m.k + 2 AND m.k + 2 <= h.z), 0) AS "membersAtEnd",
         COALESCE(sum(h.n) FILTER (WHERE h.a = m.k + 1), 0) AS "newMembers",
         COALESCE(sum(h.n) FILTER (WHERE h.z = m.k + 1), 0) AS cancelled
    FROM months m LEFT JOIN hist h ON true
   GROUP BY m.ms
),
-- each status holds from its change until the client's next change: it is the status at the
-- end of month k (0-based) when ks <= k < ke
sc AS (
  SELECT x.to_status, width_bucket(x.changed_at, arr.bounds) AS ks,
         COALESCE(width_bucket(lead(x.changed_at) OVER (PARTITION BY x.client_id ORDER BY x.changed_at, x.id), arr.bounds), arr.n) AS ke
    FROM status_change x JOIN cl ON cl.id = x.client_id CROSS JOIN arr
   WHERE x.business_id = $1 AND x.changed_at < arr.bounds[arr.n]
),
mix AS (
  SELECT m.ms, h.to_status AS status, sum(h.n) AS clients
    FROM (SELECT to_status, ks, ke, count(*) AS n FROM sc WHERE to_status IS NOT NULL AND ks < ke GROUP BY 1, 2, 3) h
    JOIN months m ON h.ks <= m.k AND m.k < h.ke
   GROUP BY m.ms, h.to_status
),
cohort AS (
  SELECT cl.id, date_trunc('month', cl.registered_at AT TIME ZONE b.tz)::date AS jm
    FROM cl CROSS JOIN b
   WHERE cl.registered_at >= ($3::date::timestamp AT TIME ZONE b.tz)
     AND cl.registered_at < ((LEAST(($4::date + interval '1 month')::date, b.today + 1))::timestamp AT TIME ZONE b.tz)
),
retained AS (
  SELECT h.jm, m.ms, sum(h.n) AS members
    FROM (SELECT co.jm, i.a, i.z, count(*) AS n FROM cohort co JOIN isl i ON i.client_id = co.id GROUP BY 1, 2, 3) h
    JOIN months m ON m.ms > h.jm AND h.a < m.k + 2 AND m.k + 2 <= h.z
   GROUP BY h.jm, m.ms
)
SELECT
  (SELECT COALESCE(json_agg(json_build_object('month', to_char(ms, 'YYYY-MM'), 'membersAtStart', "membersAtStart", 'membersAtEnd', "membersAtEnd",
                                              'newMembers', "newMembers", 'cancelled', cancelled) ORDER BY ms), '[]') FROM monthly) AS months,
  (SELECT COALESCE(json_agg(json_build_object('month', to_char(ms, 'YYYY-MM'), 'status', status, 'clients', clients)), '[]') FROM mix) AS "statusMix",
  (SELECT COALESCE(json_agg(json_build_object('cohort', to_char(jm, 'YYYY-MM'), 'size', n)), '[]')
     FROM (SELECT jm, count(*) AS n FROM cohort GROUP BY jm) s) AS "cohortSizes",
  (SELECT COALESCE(json_agg(json_build_object('cohort', to_char(jm, 'YYYY-MM'), 'month', to_char(ms, 'YYYY-MM'), 'members', members)), '[]')
     FROM retained) AS "cohortRetained"
`;

/** Read-only retention SQL over the canonical tables (docs/reports.md). */
@Injectable()
export class RetentionReportRepository {
  constructor(private readonly ds: DataSource) {}

  /** The business's time zone and local date, or undefined for an unknown business. */
  async localToday(businessId: string): Promise<string | undefined> {
    const rows = await this.ds.query(`SELECT to_char((now() AT TIME ZONE timezone)::date, 'YYYY-MM-DD') AS today FROM business WHERE id = $1`, [businessId]);
    return rows[0]?.today;
  }

  async locationExists(businessId: string, locationId: string): Promise<boolean> {
    const rows = await this.ds.query(`SELECT 1 FROM location WHERE id = $1::bigint AND business_id = $2`, [locationId, businessId]);
    return rows.length > 0;
  }

  /** One statement: islands built once, then monthly counts, status mix and cohorts from them. */
  async compute(businessId: string, range: RetentionRange): Promise<RetentionRaw> {
    // JIT compilation costs seconds on this many-CTE plan and saves nothing on the linear scans
    return this.ds.transaction(async (m) => {
      await m.query('SET LOCAL jit = off');
      const rows = await m.query(RETENTION_SQL, [businessId, range.location ?? null, range.from, range.to, range.today]);
      return rows[0] as RetentionRaw;
    });
  }
}
