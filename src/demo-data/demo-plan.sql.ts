import { date, DemoContext } from './demo-context';

// The per-client plan: one row per generated client with every habit and life event drawn
// from the seed (member type, contract, weekly visit rate, preferred weekdays and hour, class
// share, appointment rhythm, cancellation, drift, freeze). All later statements expand this
// table, so it is the single place where "who is this person" is decided.
//
// seg: 0 member (subscription), 1 class-card client, 2 appointment-only client, 3 drop-in.
// quit_on: the day activity stops (a member's cancellation); visits decay over ~10 weeks before.
// drift_from: a current member who stopped coming recently (absent / In Trouble today).
// Every draw depends on the client index i alone, so a connection can plan just its own range
// of clients [ctx.from, ctx.to) and get the same rows as a plan of everyone.
export function planSql(ctx: DemoContext): string {
  const { r } = ctx;
  const S = date(ctx.start);
  const T = date(ctx.today);
  const u = (p: number) => r.u('i', p);
  return `
-- weekday offsets (0 = Monday) in order of preference; weekends are less popular
CREATE TEMP TABLE demo_pattern ON COMMIT DROP AS
SELECT p, ARRAY(SELECT d FROM generate_series(0, 6) AS d
                ORDER BY ${r.u('p * 8 + d', 23)} * CASE WHEN d >= 5 THEN 0.55 ELSE 1 END DESC)::smallint[] AS pref
FROM generate_series(0, 1023) AS p;
CREATE TEMP TABLE demo_client ON COMMIT DROP AS
WITH b AS (
  SELECT i,
    CASE WHEN ${u(1)} < 0.86 THEN 0 WHEN ${u(2)} < 0.45 THEN 1 WHEN ${u(2)} < 0.8 THEN 2 ELSE 3 END AS seg,
    ${u(3)} < 0.35 AS existing,
    CASE WHEN ${u(5)} < 0.62 THEN 'adult' WHEN ${u(5)} < 0.80 THEN 'student' WHEN ${u(5)} < 0.90 THEN 'senior' ELSE 'corporate' END AS ctype
  FROM generate_series(${ctx.from}, ${ctx.to - 1}) AS i
), j AS (
  SELECT b.*,
    CASE WHEN existing THEN ${S} - 1 - floor(power(${u(4)}, 1.3) * 1460)::int
         ELSE ${S} + floor(${u(4)} * (${T} - ${S} + 1))::int END AS join_on,
    CASE WHEN seg <> 0 THEN NULL
         WHEN ctype = 'student' AND ${u(8)} < 0.8 THEN 3
         WHEN ctype = 'corporate' THEN 0
         WHEN ${u(8)} < 0.68 THEN 0 WHEN ${u(8)} < 0.84 THEN 1 ELSE 2 END AS ct
  FROM b
), q AS (
  SELECT j.*, greatest(join_on, ${S}) AS active_from,
    CASE WHEN seg IN (0, 1) AND ${T} - greatest(join_on, ${S}) > 35 AND ${u(18)} < CASE WHEN seg = 1 THEN 0.35 WHEN existing THEN 0.30 ELSE 0.25 END
         THEN greatest(join_on, ${S}) + 35 + floor(${u(19)} * (${T} - greatest(join_on, ${S}) - 35))::int END AS quit_raw
  FROM j
), c AS (
  SELECT q.*,
    CASE WHEN quit_raw <= ${T} THEN quit_raw END AS quit_on,
    CASE WHEN seg IN (0, 1) AND NOT coalesce(quit_raw <= ${T}, false) AND ${u(20)} < 0.16
         THEN ${T} - 2 - floor(power(${u(21)}, 0.9) * 50)::int END AS drift_raw
  FROM q
)
SELECT
  i, i + 1 AS n, ${ctx.clientBase}::bigint + i AS cid, seg::smallint, existing, ctype, join_on, active_from, ct::smallint,
  CASE ct WHEN 0 THEN CASE WHEN ctype = 'corporate' THEN 'invoice' WHEN ${u(9)} < 0.6 THEN 'direct_debit' WHEN ${u(9)} < 0.9 THEN 'recurring_card' ELSE 'cash' END
          WHEN 1 THEN CASE WHEN ${u(9)} < 0.5 THEN 'cash' ELSE 'invoice' END
          WHEN 2 THEN 'direct_debit'
          WHEN 3 THEN CASE WHEN ${u(9)} < 0.7 THEN 'recurring_card' ELSE 'cash' END END AS pay,
  -- index into the membership product list passed by the generator
  (CASE ct WHEN 0 THEN CASE ctype WHEN 'senior' THEN 3 WHEN 'corporate' THEN 4 ELSE CASE WHEN ${u(10)} < 0.25 THEN 2 ELSE 1 END END
           WHEN 1 THEN 5 WHEN 2 THEN 6 WHEN 3 THEN 7 END)::smallint AS mprod,
  CASE seg WHEN 0 THEN CASE WHEN ${u(11)} < 0.05 THEN 3.5 + 2 * ${u(12)} ELSE 0.25 + 2.6 * power(${u(12)}, 1.4) END
           WHEN 1 THEN 0.4 + 1.2 * ${u(12)} WHEN 2 THEN 0 ELSE 0.12 END::float8 AS lambda,
  CASE seg WHEN 1 THEN 1.0 WHEN 0 THEN CASE WHEN ${u(13)} < 0.35 THEN 0 WHEN ${u(13)} < 0.7 THEN 0.15 + 0.35 * ${u(14)} ELSE 0.55 + 0.45 * ${u(14)} END
           ELSE 0 END::float8 AS class_share,
  -- one of 1024 weekday-preference patterns (demo_pattern)
  floor(${u(22)} * 1024)::int AS pat,
  (CASE WHEN ${u(15)} < 0.25 THEN 6 + floor(${u(16)} * 3) WHEN ${u(15)} < 0.45 THEN 11 + floor(${u(16)} * 3)
        ELSE 16 + floor(${u(16)} * 5) END)::smallint AS hour,
  (CASE WHEN ${u(17)} < 0.5 THEN 1 WHEN ${u(17)} < 0.8 THEN 2 ELSE 3 END)::smallint AS loc,
  quit_on,
  CASE WHEN drift_raw > active_from + 14 THEN drift_raw END AS drift_from,
  CASE WHEN seg = 0 AND ct <> 1 AND ${u(24)} < 0.07 THEN active_from + floor(${u(49)} * (${T} + 20 - active_from))::int END AS freeze_from,
  14 + floor(${u(25)} * 29)::int AS freeze_days,
  (CASE WHEN seg = 2 OR (seg = 0 AND ${u(26)} < 0.15) THEN 4 + floor(${u(27)} * 3) ELSE 0 END)::smallint AS ap_cycle,
  floor(${u(28)} * 6)::smallint AS ap_phase,
  (CASE WHEN ${u(29)} < 0.4 THEN 1 WHEN ${u(29)} < 0.6 THEN 2 WHEN ${u(29)} < 0.9 THEN 3 ELSE 4 END)::smallint AS ap_svc,
  seg = 1 AND ${u(30)} < 0.4 AS aggregator
FROM c`;
}

// Second pass: columns that depend on the drawn ones (freeze window, last active day, week span).
export function planFinishSql(ctx: DemoContext): string {
  const T = date(ctx.today);
  return `
CREATE TEMP TABLE demo_plan ON COMMIT DROP AS
SELECT p.*, p.freeze_from + p.freeze_days AS freeze_to,
  (date_trunc('week', p.active_from)::date - ${date(ctx.week0)}) / 7 AS w_from,
  (date_trunc('week', p.active_to)::date - ${date(ctx.week0)}) / 7 AS w_to
FROM (
  SELECT d.i, d.n, d.cid, d.seg, d.existing, d.ctype, d.join_on, d.active_from, d.ct, d.pay, d.mprod, d.lambda,
    d.class_share, t.pref || t.pref AS pref2, d.hour, d.loc, d.quit_on, d.drift_from, d.freeze_days, d.ap_cycle, d.ap_phase, d.ap_svc,
    d.aggregator,
    CASE WHEN d.freeze_from <= ${T} AND (d.quit_on IS NULL OR d.freeze_from < d.quit_on) THEN d.freeze_from END AS freeze_from,
    least(${date(ctx.horizon)}, d.quit_on - 1, d.drift_from - 1) AS active_to
  FROM demo_client d JOIN demo_pattern t ON t.p = d.pat
) p
ORDER BY p.i;
CREATE UNIQUE INDEX ON demo_plan (i);
ANALYZE demo_plan;`;
}
