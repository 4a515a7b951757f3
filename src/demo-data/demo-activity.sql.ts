import { BOOKING_SLOTS, date, DemoContext } from './demo-context';
import { dayOk, daysSql, visitEdgeSql, WeekSource, weeksSql, weekVisitDays } from './demo-habits.sql';

// Set-based statements for clients and their activity. Parameters: $1 business id, $2 time
// zone, then the statement's own arrays. Every statement reads the temp plan `demo_plan c`.

/** $3 female names, $4 male names, $5 last names, $6 email domains, $7 location ids, $8 client-manager staff ids. */
export function clientsSql(ctx: DemoContext): string {
  const { r } = ctx;
  const u = (p: number) => r.u('c.i', p);
  const T = date(ctx.today);
  return `
INSERT INTO client (id, business_id, source, external_id, first_name, last_name, email, phone, birth_date, gender,
  customer_type, home_location_id, owner_staff_id, suspended, email_consent, sms_consent, push_tokens,
  source_created_at, source_updated_at, registered_at, first_visit_on, last_visit_on)
OVERRIDING SYSTEM VALUE
SELECT p.cid, $1::uuid, 'demo', 'c' || lpad(p.n::text, 8, '0'), p.first_name, p.last_name,
  CASE WHEN p.has_email THEN translate(lower(p.first_name || '.' || p.last_name || p.n), 'åäöüéÅÄÖ', 'aaoueaao') || '@' || ${r.pick('$6::text[]', 4, 'p.i', 40)} END,
  CASE WHEN p.has_phone THEN '+4670' || lpad(floor(${r.u('p.i', 41)} * 10000000)::text, 7, '0') END,
  p.birth_date, p.gender, p.ctype, ($7::bigint[])[p.loc],
  CASE WHEN ${r.u('p.i', 42)} < 0.2 THEN ${r.pick('$8::bigint[]', 2, 'p.i', 43)} END,
  p.seg = 0 AND ${r.u('p.i', 44)} < 0.01,
  p.has_email AND ${r.u('p.i', 45)} < 0.85,
  p.has_phone AND ${r.u('p.i', 46)} < 0.6,
  CASE WHEN ${r.u('p.i', 47)} < 0.3 THEN ARRAY['demo-push-' || p.n] ELSE '{}'::text[] END,
  (p.join_on + time '12:00') AT TIME ZONE $2::text,
  (p.join_on + time '12:00') AT TIME ZONE $2::text,
  CASE WHEN p.seg = 0 THEN p.join_on::timestamp AT TIME ZONE $2::text END,
  p.first_visit_on, p.last_visit_on
FROM (
  SELECT c.i, c.n, c.cid, c.seg, c.ctype, c.loc, c.join_on, g.gender,
    CASE WHEN g.gender = 'female' OR (g.gender IN ('other', 'unknown') AND ${u(32)} < 0.5)
         THEN ${r.pick('$3::text[]', 30, 'c.i', 33)} ELSE ${r.pick('$4::text[]', 30, 'c.i', 33)} END AS first_name,
    ${r.pick('$5::text[]', 40, 'c.i', 34)} AS last_name,
    ${u(35)} >= 0.04 AS has_email,
    ${u(36)} >= 0.10 AS has_phone,
    CASE WHEN ${u(37)} < 0.03 THEN NULL
         ELSE ${T} - floor(365.25 * CASE c.ctype WHEN 'student' THEN 18 + 9 * ${u(38)} WHEN 'senior' THEN 65 + 20 * ${u(38)}
           WHEN 'corporate' THEN 24 + 36 * ${u(38)} ELSE CASE WHEN ${u(39)} < 0.1 THEN 16 + 9 * ${u(38)} ELSE 25 + 40 * ${u(38)} END END)::int END AS birth_date,
    ${visitEdgeSql(ctx, 'first')} AS first_visit_on,
    ${visitEdgeSql(ctx, 'last')} AS last_visit_on
  FROM demo_plan c
  CROSS JOIN LATERAL (SELECT CASE WHEN ${u(31)} < 0.48 THEN 'female' WHEN ${u(31)} < 0.95 THEN 'male'
                                  WHEN ${u(31)} < 0.97 THEN 'other' ELSE 'unknown' END AS gender) AS g
) AS p
ORDER BY p.cid`;
}

function bookingId(ctx: DemoContext, alias: string, slot: string): string {
  return `(${ctx.bookingBase}::bigint + (${alias}.i::bigint * ${ctx.weeks} + ${alias}.w) * ${BOOKING_SLOTS} + ${slot})`;
}

// Fixed-width external ids ("v00000042-017-...") sort in insertion order, so rebuilding the
// unique (business_id, source, external_id) index after the load sorts presorted input.
function fixedId(prefix: string, alias: string): string {
  return `'${prefix}' || lpad(${alias}.n::text, 8, '0') || '-' || lpad(${alias}.w::text, 3, '0') || '-'`;
}

const ALL_WEEKS: WeekSource = { from: 'demo_plan c', series: 'generate_series(c.w_from, c.w_to)' };

/** $3 location ids. */
export function visitsSql(ctx: DemoContext): string {
  const { r } = ctx;
  const T = date(ctx.today);
  // class and appointment check-ins come a few minutes before the start; gym visits any time
  // in the preferred hour; some class days add a gym-floor check-in afterwards
  return `
INSERT INTO visit (business_id, source, external_id, client_id, location_id, booking_id, visited_at, visited_on, kind)
SELECT $1::uuid, 'demo', ${fixedId('v', 'd')} || d.j || CASE WHEN d.e = 2 THEN 'g' ELSE '' END,
  d.cid,
  ($3::bigint[])[CASE WHEN ${r.u('d.dkey', 113)} < 0.9::float8 THEN d.loc ELSE d.loc % 3 + 1 END],
  CASE WHEN d.e = 1 AND d.kind <> 'gym' THEN ${bookingId(ctx, 'd', 'd.j - 1')} END,
  (d.day + make_interval(mins => CASE WHEN d.e = 2 THEN d.h * 60 + 65 + floor(${r.u('d.dkey', 114)} * 30)::int
                                      WHEN d.kind = 'gym' THEN d.h * 60 + floor(${r.u('d.dkey', 114)} * 60)::int
                                      ELSE d.h * 60 - 15 + floor(${r.u('d.dkey', 114)} * 12)::int END)) AT TIME ZONE $2::text,
  d.day,
  CASE WHEN d.e = 1 THEN d.kind ELSE 'gym' END
FROM (
  SELECT dd.*, generate_series(1, CASE WHEN dd.kind <> 'gym' AND ${r.u('dd.dkey', 115)} < 0.06::float8 THEN 2 ELSE 1 END) AS e
  FROM ${daysSql(ctx, { ...ALL_WEEKS, maxWeekStart: T }, T)} AS dd
) AS d`;
}

/** $3 location ids, $4 class product ids, $5 class names, $6 service product ids, $7 service names, $8 service categories. */
export function bookingsSql(ctx: DemoContext): string {
  const { r } = ctx;
  const T = date(ctx.today);
  const H = date(ctx.horizon);
  const extraDay = `wk.ws + wk.pref2[wk.k + wk.rot + 1]`;
  return `
INSERT INTO booking (id, business_id, source, external_id, client_id, location_id, product_id, kind, name, service_category,
  starts_at, booked_at, state, no_show_active, booked_via)
OVERRIDING SYSTEM VALUE
SELECT ${bookingId(ctx, 'b', 'b.slot')}, $1::uuid, 'demo', ${fixedId('b', 'b')} || b.slot, b.cid,
  ($3::bigint[])[CASE WHEN ${r.u('b.dkey', 113)} < 0.9::float8 THEN b.loc ELSE b.loc % 3 + 1 END],
  CASE WHEN b.kind = 'appointment' THEN ($6::bigint[])[b.ap_svc] ELSE ($4::bigint[])[b.cls] END,
  b.kind,
  CASE WHEN b.kind = 'appointment' THEN ($7::text[])[b.ap_svc] ELSE ($5::text[])[b.cls] END,
  CASE WHEN b.kind = 'appointment' THEN ($8::text[])[b.ap_svc] ELSE 'group_class' END,
  b.starts_at,
  b.starts_at - make_interval(mins => CASE WHEN b.kind = 'appointment' THEN 1440 ELSE 60 END
                                        + floor(${r.u('b.dkey', 116)} * CASE WHEN b.kind = 'appointment' THEN 20000 ELSE 4000 END)::int),
  b.state,
  b.state = 'no_show' AND b.day >= ${T} - 30,
  CASE WHEN b.aggregator THEN 'classpass' WHEN ${r.u('b.dkey', 117)} < 0.6::float8 THEN 'app'
       WHEN ${r.u('b.dkey', 117)} < 0.85::float8 THEN 'web' ELSE 'front_desk' END
FROM (
  SELECT s.*, (s.day + make_interval(hours => s.h)) AT TIME ZONE $2::text AS starts_at,
    -- a client books the same class on the same weekday most weeks
    1 + floor(${r.u('s.i::bigint * 8 + (s.day - s.ws)', 118)} * 5)::int AS cls
  FROM (
    SELECT dd.i, dd.n, dd.cid, dd.loc, dd.ap_svc, dd.aggregator, dd.w, dd.ws, dd.j - 1 AS slot, dd.day, dd.dkey, dd.kind, dd.h,
      CASE WHEN dd.day <= ${T} THEN 'attended' ELSE 'booked' END AS state
    FROM ${daysSql(ctx, ALL_WEEKS, H)} AS dd
    WHERE dd.kind <> 'gym'
    UNION ALL
    -- some weeks a class client books a class and does not come: no-show, late or early cancel
    SELECT x.i, x.n, x.cid, x.loc, x.ap_svc, x.aggregator, x.w, x.ws, 7, x.day, x.dkey, 'class', least(21, greatest(5, x.hour)),
      CASE WHEN x.day > ${T} THEN 'booked' WHEN ${r.u('x.dkey', 119)} < 0.45::float8 THEN 'no_show'
           WHEN ${r.u('x.dkey', 119)} < 0.75::float8 THEN 'late_cancelled' ELSE 'cancelled' END
    FROM (
      SELECT wk.*, ${extraDay} AS day, wk.wkey * 8 + 7 AS dkey
      FROM ${weeksSql(ctx, ALL_WEEKS)} AS wk
      WHERE wk.class_share > 0 AND ${r.u('wk.wkey', 120)} < 0.15::float8
    ) AS x
    WHERE ${dayOk('x', 'x.day')} AND x.day <= ${H}
  ) AS s
) AS b`;
}

/** $1 business id only. */
export function visitWeeksSql(ctx: DemoContext): string {
  const T = date(ctx.today);
  return `
INSERT INTO client_visit_week (business_id, client_id, week_start, visit_days)
SELECT $1::uuid, v.cid, v.ws, v.days
FROM (
  SELECT wk.cid, wk.ws, ${weekVisitDays(T)} AS days
  FROM ${weeksSql(ctx, { ...ALL_WEEKS, maxWeekStart: T })} AS wk
  WHERE wk.k > 0
) AS v
WHERE v.days > 0`;
}
