import { hasActivePackageSql, isMemberSql } from '../../clients';
import { ENGAGEMENT_NEUTRAL, ENGAGEMENT_WINDOW_DAYS } from '../rules/health-score';
import { HEALTH_SIGNALS, HealthSettings } from '../rules/risk-settings';

/** The health settings in the order the statement binds them ($6..$19). */
export function healthParamValues(h: HealthSettings): unknown[] {
  return [
    h.frequency.windowDays,
    h.frequency.baselineDays,
    h.frequency.minBaselineDays,
    h.frequency.minExpectedSessions,
    h.recency.zeroAtDays,
    h.trend.windowDays,
    h.reliability.windowDays,
    h.reliability.penaltyPerEvent,
    h.usageDrop.windowDays,
    h.usageDrop.minDropPercent,
    h.usageDrop.minEarlierSessions,
    HEALTH_SIGNALS.map((k) => h.weights[k]),
    h.bands.greenMin,
    h.bands.yellowMin,
  ];
}

// Math.round of JavaScript (nearest, ties up) on a double, exactly: round() on float8 is half
// to even, and a cast to numeric keeps only 15 digits, so neither is the reference's rounding.
const jsRound = (x: string) => `(floor(${x}) + CASE WHEN (${x}) - floor(${x}) >= 0.5::float8 THEN 1 ELSE 0 END)`;

/**
 * One statement computing the health score (spec/risk.md, reference: src/risk/rules/health-score.ts)
 * for a set of one business's clients, set-based:
 *   $1 business, $2 client ids (bigint[], the 'ids' form) or $3..$4 an id range, $5 today (local
 *   date, null = now in the business's zone), $6..$19 healthParamValues, $20 the business
 *   median when already known (null: computed here, only if a selected client needs it).
 * Every double is computed with the same operations in the same order as the reference, so the
 * stored signals and contributions are the reference's numbers to the last bit.
 * Members with an active package get a row; others lose theirs. client_health is written only
 * where something differs. Returns one row per trigger (band change, usage drop starting) and
 * a final summary row.
 */
/** The `b` (business, today) and `med` (business median) CTEs, shared by both statements. */
function baseCtes(): string {
  return `b AS (
    SELECT id, timezone AS tz, COALESCE($5::date, (now() AT TIME ZONE timezone)::date) AS today,
           -- bookings ahead: after now, or after the given day
           CASE WHEN $5::date IS NULL THEN now() ELSE ($5::date + 1)::timestamp AT TIME ZONE timezone END AS as_of,
           EXISTS (SELECT 1 FROM booking k WHERE k.business_id = $1) AS has_bookings,
           EXISTS (SELECT 1 FROM invoice n WHERE n.business_id = $1) AS has_invoices,
           $2::bigint[] AS sel_ids, $3::bigint AS sel_from, $4::bigint AS sel_to
      FROM business WHERE id = $1
  ),
  -- the business median (materialized: once per statement, and only if a selected client needs it): median
  -- baseline sessions of scored members with a full baseline, per frequency window
  med AS MATERIALIZED (
    SELECT (percentile_cont(0.5) WITHIN GROUP (ORDER BY n.days) * $6::int) / $7::int AS per_window
      FROM b JOIN client m ON m.business_id = b.id
      CROSS JOIN LATERAL (
        SELECT count(DISTINCT v.visited_on) AS days FROM visit v
         WHERE v.client_id = m.id AND v.visited_on BETWEEN b.today - ($6::int + $7::int - 1) AND b.today - $6::int) n
     WHERE m.deleted_at IS NULL
       AND (m.registered_at IS NULL OR b.today - (m.registered_at AT TIME ZONE b.tz)::date - $6::int + 1 >= $7::int)
       AND ${isMemberSql('m', 'b.today')} AND ${hasActivePackageSql('m', 'b.today')}
  )`;
}

/**
 * The business median alone ($1 business, $5 today, $6..$19 as below; $2..$4 unused), so a
 * pass over many batches computes it once and hands it to each batch as $20.
 */
export function healthMedianSql(): string {
  return `WITH ${baseCtes()}
  SELECT (SELECT per_window FROM med) AS per_window, (SELECT today FROM b)::text AS today`;
}

export function healthSql(selection: 'ids' | 'range'): string {
  const selected = (col: string) => (selection === 'ids' ? `${col} = ANY($2::bigint[])` : `${col} >= $3 AND ${col} < $4`);
  const w = (k: number) => `($17::float8[])[${k}]`;
  return `
  WITH ${baseCtes()},
  c AS (
    SELECT c.id, c.deleted_at, c.is_member, c.last_visit_on, (c.registered_at AT TIME ZONE b.tz)::date AS reg_on,
           b.today, b.tz, b.as_of, b.has_bookings, b.has_invoices,
           h.band AS prev_band, h.usage_dropped AS prev_dropped, h.score AS prev_score,
           h.signals AS prev_signals, h.contributions AS prev_contributions
      FROM client c CROSS JOIN b
      LEFT JOIN client_health h ON h.client_id = c.id AND ${selected('h.client_id')}
     WHERE c.business_id = $1 AND ${selected('c.id')}
  ),
  -- engagement with messages (only while it has weight): per selected client, the email, SMS and
  -- Mailchimp messages sent in the ${ENGAGEMENT_WINDOW_DAYS} local days ending today, and those clicked or replied to; one
  -- scan of the business's touches in the window (touch_sent_idx), grouped
  eng AS (
    SELECT t.client_id, count(*)::int AS msgs,
           count(*) FILTER (WHERE t.replied_at IS NOT NULL OR t.clicked_at IS NOT NULL
                              OR EXISTS (SELECT 1 FROM touch_click tc WHERE tc.business_id = $1 AND tc.touch_id = t.id))::int AS engaged
      FROM touch t CROSS JOIN b
     WHERE ${w(7)} > 0 AND t.business_id = $1 AND ${selected('t.client_id')}
       AND t.sent_at >= (b.today - ${ENGAGEMENT_WINDOW_DAYS - 1})::timestamp AT TIME ZONE b.tz AND t.sent_at < (b.today + 1)::timestamp AT TIME ZONE b.tz
       AND t.channel IN ('email', 'sms', 'mailchimp') AND t.status NOT IN ('failed', 'blocked')
     GROUP BY t.client_id
  ),
  -- materialized: each input computed once per client
  i AS MATERIALIZED (
    SELECT c.*,
           c.deleted_at IS NULL AND ${isMemberSql('c', 'c.today')} AND ${hasActivePackageSql('c', 'c.today')} AS scored,
           c.today - c.reg_on AS days_registered,
           GREATEST(0, LEAST(c.today - c.last_visit_on, c.today - c.reg_on)) AS days_since,
           v.*,
           EXISTS (SELECT 1 FROM booking k WHERE k.client_id = c.id AND k.starts_at > c.as_of AND k.state = 'booked') AS future_booking,
           (SELECT count(*) FROM booking k
             WHERE k.client_id = c.id
               AND k.starts_at >= (c.today - ($12::int - 1))::timestamp AT TIME ZONE c.tz
               AND k.starts_at < (c.today + 1)::timestamp AT TIME ZONE c.tz
               AND ((k.state = 'no_show' AND k.no_show_active) OR k.state = 'late_cancelled'))::int AS unreliable,
           (SELECT count(*) FROM invoice n WHERE n.client_id = c.id AND n.paid_at IS NULL AND n.due_on < c.today)::int AS overdue,
           COALESCE(eng.msgs, 0) AS msgs, COALESCE(eng.engaged, 0) AS engaged
      FROM c
      LEFT JOIN eng ON eng.client_id = c.id
      CROSS JOIN LATERAL (
        SELECT count(*) FILTER (WHERE d > c.today - $6::int)::int AS s_current,
               count(*) FILTER (WHERE d <= c.today - $6::int AND d > c.today - ($6::int + $7::int) AND (c.reg_on IS NULL OR d >= c.reg_on))::int AS s_baseline,
               count(*) FILTER (WHERE d > c.today - $11::int)::int AS s_trend,
               count(*) FILTER (WHERE d <= c.today - $11::int AND d > c.today - 2 * $11::int)::int AS s_trend_before,
               count(*) FILTER (WHERE d > c.today - $14::int)::int AS s_usage,
               count(*) FILTER (WHERE d <= c.today - $14::int AND d > c.today - 2 * $14::int)::int AS s_usage_before
          FROM (SELECT DISTINCT v.visited_on AS d FROM visit v
                 WHERE v.client_id = c.id AND v.visited_on <= c.today
                   AND v.visited_on > c.today - GREATEST($6::int + $7::int, 2 * $11::int, 2 * $14::int)) days
      ) v
  ),
  e AS (
    SELECT i.*,
           CASE WHEN i.reg_on IS NULL THEN $7::int ELSE LEAST($7::int, GREATEST(0, i.days_registered - $6::int + 1)) END AS obs_baseline,
           CASE WHEN i.reg_on IS NULL THEN $6::int ELSE LEAST($6::int, GREATEST(0, i.days_registered + 1)) END AS obs_current
      FROM i WHERE i.scored
  ),
  -- materialized: x is read by several later steps, and inlining would recompute med per use
  x AS MATERIALIZED (
    SELECT e.*,
           GREATEST($9::float8, (CASE WHEN e.obs_baseline >= $8::int THEN (e.s_baseline * $6::int)::float8 / e.obs_baseline::float8
                                      ELSE GREATEST(0::float8, COALESCE($20::float8, (SELECT per_window FROM med), 0::float8)) END
                                 * e.obs_current::float8) / $6::int::float8) AS expected
      FROM e
  ),
  sg AS (
    SELECT x.*,
           LEAST(100::float8, (100 * x.s_current)::float8 / x.expected) AS sig_frequency,
           CASE WHEN x.days_since IS NULL THEN 0::float8
                ELSE GREATEST(0::float8, 100::float8 * (1::float8 - x.days_since::float8 / $10::int::float8)) END AS sig_recency,
           CASE WHEN x.s_trend_before = 0 THEN CASE WHEN x.s_trend = 0 THEN 50::float8 ELSE 100::float8 END
                ELSE LEAST(100::float8, (50 * x.s_trend)::float8 / x.s_trend_before::float8) END AS sig_trend,
           CASE WHEN NOT x.has_bookings THEN NULL WHEN x.future_booking THEN 100::float8 ELSE 0::float8 END AS sig_bookings,
           GREATEST(0, 100 - $13::int * x.unreliable)::float8 AS sig_reliability,
           CASE WHEN NOT x.has_invoices THEN NULL WHEN x.overdue = 0 THEN 100::float8 ELSE 0::float8 END AS sig_payments,
           -- left out (null) while it weighs 0, so scores and stored rows stay as they were
           CASE WHEN ${w(7)} <= 0 THEN NULL WHEN x.msgs = 0 THEN ${ENGAGEMENT_NEUTRAL}::float8
                ELSE (100 * x.engaged)::float8 / x.msgs::float8 END AS sig_engagement
      FROM x
  ),
  -- weights renormalised over the known signals (in HEALTH_SIGNALS order, like the reference's sum)
  wt AS (
    SELECT sg.*,
           ${w(1)} + ${w(2)} + ${w(3)} + CASE WHEN sg.sig_bookings IS NULL THEN 0::float8 ELSE ${w(4)} END
             + ${w(5)} + CASE WHEN sg.sig_payments IS NULL THEN 0::float8 ELSE ${w(6)} END
             + CASE WHEN sg.sig_engagement IS NULL THEN 0::float8 ELSE ${w(7)} END AS total,
           4 + (sg.sig_bookings IS NOT NULL)::int + (sg.sig_payments IS NOT NULL)::int + (sg.sig_engagement IS NOT NULL)::int AS known
      FROM sg
  ),
  ct AS (
    SELECT wt.*,
           wt.sig_frequency * CASE WHEN wt.total > 0 THEN ${w(1)} / wt.total ELSE 1::float8 / wt.known END AS c_frequency,
           wt.sig_recency * CASE WHEN wt.total > 0 THEN ${w(2)} / wt.total ELSE 1::float8 / wt.known END AS c_recency,
           wt.sig_trend * CASE WHEN wt.total > 0 THEN ${w(3)} / wt.total ELSE 1::float8 / wt.known END AS c_trend,
           CASE WHEN wt.sig_bookings IS NULL THEN 0::float8
                ELSE wt.sig_bookings * CASE WHEN wt.total > 0 THEN ${w(4)} / wt.total ELSE 1::float8 / wt.known END END AS c_bookings,
           wt.sig_reliability * CASE WHEN wt.total > 0 THEN ${w(5)} / wt.total ELSE 1::float8 / wt.known END AS c_reliability,
           CASE WHEN wt.sig_payments IS NULL THEN 0::float8
                ELSE wt.sig_payments * CASE WHEN wt.total > 0 THEN ${w(6)} / wt.total ELSE 1::float8 / wt.known END END AS c_payments,
           CASE WHEN wt.sig_engagement IS NULL THEN 0::float8
                ELSE wt.sig_engagement * CASE WHEN wt.total > 0 THEN ${w(7)} / wt.total ELSE 1::float8 / wt.known END END AS c_engagement
      FROM wt
  ),
  sm AS (
    SELECT ct.*, ${jsRound('(ct.c_frequency + ct.c_recency + ct.c_trend + ct.c_bookings + ct.c_reliability + ct.c_payments + ct.c_engagement) * 1000000::float8')} / 1000000::float8 AS denoised
      FROM ct
  ),
  f AS (
    SELECT sm.id AS client_id, sm.today, sm.prev_band, sm.prev_dropped, sm.prev_score, sm.prev_signals, sm.prev_contributions,
           sm.s_usage, sm.s_usage_before, r.score,
           CASE WHEN r.score >= $18::int THEN 'green' WHEN r.score >= $19::int THEN 'yellow' ELSE 'red' END AS band,
           jsonb_build_object('frequency', sm.sig_frequency, 'recency', sm.sig_recency, 'trend', sm.sig_trend,
                              'bookingsAhead', sm.sig_bookings, 'reliability', sm.sig_reliability, 'payments', sm.sig_payments)
             || CASE WHEN sm.sig_engagement IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('engagement', sm.sig_engagement) END AS signals,
           jsonb_build_object('frequency', sm.c_frequency, 'recency', sm.c_recency, 'trend', sm.c_trend,
                              'bookingsAhead', sm.c_bookings, 'reliability', sm.c_reliability, 'payments', sm.c_payments)
             || CASE WHEN sm.sig_engagement IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('engagement', sm.c_engagement) END AS contributions,
           -- isUsageDrop, in integers as the reference does
           (sm.s_usage_before >= $16::int AND 100 * sm.s_usage <= (100 - $15::int) * sm.s_usage_before) AS usage_dropped
      FROM sm CROSS JOIN LATERAL (SELECT LEAST(100, GREATEST(0, ${jsRound('sm.denoised')}))::smallint AS score) r
  ),
  up AS (
    INSERT INTO client_health AS h (client_id, business_id, score, band, contributions, signals, usage_dropped, computed_on)
    SELECT f.client_id, $1, f.score, f.band, f.contributions, f.signals, f.usage_dropped, f.today FROM f
     WHERE (f.prev_score, f.prev_band, f.prev_signals, f.prev_contributions, f.prev_dropped)
           IS DISTINCT FROM (f.score, f.band, f.signals, f.contributions, f.usage_dropped)
     ORDER BY f.client_id
    ON CONFLICT (client_id) DO UPDATE
       SET score = EXCLUDED.score, band = EXCLUDED.band, contributions = EXCLUDED.contributions,
           signals = EXCLUDED.signals, usage_dropped = EXCLUDED.usage_dropped, computed_on = EXCLUDED.computed_on
     WHERE (h.score, h.band, h.signals, h.contributions, h.usage_dropped)
           IS DISTINCT FROM (EXCLUDED.score, EXCLUDED.band, EXCLUDED.signals, EXCLUDED.contributions, EXCLUDED.usage_dropped)
    RETURNING h.client_id
  ),
  gone AS (
    DELETE FROM client_health h USING i WHERE h.client_id = i.id AND NOT i.scored RETURNING h.client_id
  ),
  -- healthTriggers: a band change against the stored band (none on the first computation), a
  -- usage drop when it begins (not while the stored state says it already dropped)
  t AS (
    SELECT f.client_id, f.prev_band, f.band, f.score,
           f.prev_band IS NOT NULL AND f.prev_band <> f.band AS band_changed,
           f.usage_dropped AND NOT COALESCE(f.prev_dropped, false) AS usage_drop,
           f.s_usage, f.s_usage_before
      FROM f
  )
  SELECT t.client_id::text AS "clientId", t.prev_band AS "from", t.band AS "to", t.score,
         t.band_changed AS "bandChanged", t.usage_drop AS "usageDrop",
         t.s_usage AS "recentSessions", t.s_usage_before AS "earlierSessions",
         CASE WHEN t.usage_drop THEN ${jsRound('(100 * (t.s_usage_before - t.s_usage))::float8 / t.s_usage_before::float8')} END::int AS "dropPercent",
         NULL::int AS computed, NULL::int AS "rowsWritten", NULL::int AS "rowsRemoved"
    FROM t WHERE t.band_changed OR t.usage_drop
  UNION ALL
  SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
         (SELECT count(*) FROM f)::int, (SELECT count(*) FROM up)::int, (SELECT count(*) FROM gone)::int`;
}
