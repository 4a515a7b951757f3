// The one statement that learns rhythms from bookings (docs/rhythm.md "How it is computed").
// Parameters: $1 business id, $2 the instant it runs for, $3 client ids (null: the whole
// business), $4 min appointments, $5 max intervals, $6 tolerance, $7 min slack days,
// $8 gone factor. Days are calendar days in the business's time zone.

/** Per client and category with a known rhythm: the computed row (no writes). */
export const RHYTHM_ROWS_SQL = `
  WITH appts AS (
    -- attended appointments only (the zone is read once, an init plan, not carried through the sort)
    SELECT bk.client_id, bk.service_category, (bk.starts_at AT TIME ZONE (SELECT timezone FROM business WHERE id = $1))::date AS day
      FROM booking bk
     WHERE bk.business_id = $1 AND bk.kind = 'appointment' AND bk.state = 'attended'
       AND bk.service_category IS NOT NULL AND bk.service_category <> ''
       AND bk.starts_at <= $2::timestamptz
       AND ($3::bigint[] IS NULL OR bk.client_id = ANY ($3::bigint[]))
       -- a deleted client keeps no rhythm (the lists then need no join to count)
       AND bk.client_id NOT IN (SELECT id FROM client WHERE business_id = $1 AND deleted_at IS NOT NULL)
  ),
  steps AS (
    SELECT client_id, service_category, day, day - lag(day) OVER (PARTITION BY client_id, service_category ORDER BY day) AS gap
      FROM appts
  ),
  days AS (
    -- two appointments on one day are one day (gap 0); every window here shares one sort
    SELECT client_id, service_category, day, gap,
           count(*) OVER (PARTITION BY client_id, service_category) AS n,
           row_number() OVER (PARTITION BY client_id, service_category ORDER BY day) AS rn
      FROM steps
     WHERE gap IS DISTINCT FROM 0
  ),
  known AS (
    -- the latest max-intervals days carry the latest intervals (and the last day)
    SELECT client_id, service_category, max(n)::int AS appointments, max(day) AS last_on,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY gap) FILTER (WHERE gap IS NOT NULL) AS median
      FROM days
     WHERE n >= $4::int AND rn > n - $5::int
     GROUP BY 1, 2
  ),
  future AS (
    -- booked and still ahead: the (business_id, starts_at) index reads only the future
    SELECT DISTINCT client_id, service_category
      FROM booking
     WHERE business_id = $1 AND starts_at > $2::timestamptz AND kind = 'appointment' AND state = 'booked'
       AND service_category IS NOT NULL
       AND ($3::bigint[] IS NULL OR client_id = ANY ($3::bigint[]))
  )
  SELECT k.client_id, k.service_category, k.appointments, k.last_on,
         round(k.median::numeric, 1) AS usual_interval_days,
         k.last_on + ceil(k.median)::int AS due_on,
         -- overdue when days since > interval + max(interval x (tolerance - 1), slack)
         k.last_on + floor(k.median + greatest(k.median * ($6::float8 - 1), $7::float8))::int + 1 AS overdue_from,
         -- gone when days since > interval x gone factor
         k.last_on + floor(k.median * $8::float8)::int + 1 AS gone_from,
         (f.client_id IS NOT NULL) AS has_future_booking
    FROM known k
    LEFT JOIN future f ON f.client_id = k.client_id AND f.service_category = k.service_category`;

/**
 * Writes the computed rows for the scope: rows that changed are updated, new ones inserted,
 * rows no longer computed (a renamed category, a rhythm no longer known) deleted. $9 is the
 * business-local "today" the listed flag is set for. Returns counts.
 */
export const RHYTHM_WRITE_SQL = `
  WITH computed AS MATERIALIZED (${RHYTHM_ROWS_SQL}),
  upserted AS (
    INSERT INTO client_rhythm AS r (business_id, service_category, client_id, appointments, last_on, usual_interval_days,
                                    due_on, overdue_from, gone_from, has_future_booking, listed, computed_at)
    SELECT $1, c.service_category, c.client_id, c.appointments, c.last_on, c.usual_interval_days,
           c.due_on, c.overdue_from, c.gone_from, c.has_future_booking,
           NOT c.has_future_booking AND c.gone_from > $9::date, $2::timestamptz
      FROM computed c
    ON CONFLICT (business_id, service_category, client_id) DO UPDATE
       SET appointments = EXCLUDED.appointments, last_on = EXCLUDED.last_on, usual_interval_days = EXCLUDED.usual_interval_days,
           due_on = EXCLUDED.due_on, overdue_from = EXCLUDED.overdue_from, gone_from = EXCLUDED.gone_from,
           has_future_booking = EXCLUDED.has_future_booking, listed = EXCLUDED.listed, computed_at = EXCLUDED.computed_at
     -- unchanged rows are not rewritten (most of them, on a daily pass)
     WHERE (r.appointments, r.last_on, r.usual_interval_days, r.overdue_from, r.gone_from, r.has_future_booking, r.listed)
           IS DISTINCT FROM
           (EXCLUDED.appointments, EXCLUDED.last_on, EXCLUDED.usual_interval_days, EXCLUDED.overdue_from, EXCLUDED.gone_from,
            EXCLUDED.has_future_booking, EXCLUDED.listed)
    RETURNING 1
  ),
  deleted AS (
    DELETE FROM client_rhythm r
     WHERE r.business_id = $1 AND ($3::bigint[] IS NULL OR r.client_id = ANY ($3::bigint[]))
       AND NOT EXISTS (SELECT 1 FROM computed c WHERE c.client_id = r.client_id AND c.service_category = r.service_category)
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM computed)::int AS known,
         (SELECT count(*) FROM upserted)::int AS written,
         (SELECT count(*) FROM deleted)::int AS deleted`;
