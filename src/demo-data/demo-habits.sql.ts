import { date, DemoContext, MAX_WEEKS } from './demo-context';

// The weekly habit model, as SQL shared by every statement that needs visit days (clients'
// first/last visit, visits, bookings, weekly rollups). Each statement re-derives the same days
// from the same hashes, so they agree without joining each other.
//
// Per client and week w:
//   k = visit days that week = lambda * season * decay * noise, stochastically rounded, 0..6;
//       decay falls linearly over the 10 weeks before quit_on and the 4 weeks before drift_from;
//       a frozen week has none; an appointment week has at least one (the appointment).
//   the days are the client's first k preferred weekdays (pref2 = pref || pref), shifted by
//   one in ~30% of weeks; k <= 6 keeps them distinct.
//
// Performance notes (1M clients = ~35M client-weeks): set-returning functions sit in target
// lists (ProjectSet, no per-row rescans), every constant is float8 (numeric arithmetic costs
// ~0.5 us per operation), and OFFSET 0 fences stop the planner from inlining a drawn value
// into each of its uses, which would re-hash it every time.

// What the expansions carry along (fewer columns = cheaper row copies in every layer).
const PLAN_COLUMNS = [
  'i',
  'n',
  'cid',
  'loc',
  'hour',
  'lambda',
  'class_share',
  'pref2',
  'active_from',
  'active_to',
  'freeze_from',
  'freeze_to',
  'quit_on',
  'drift_from',
  'ap_cycle',
  'ap_phase',
  'ap_svc',
  'aggregator',
];

export interface WeekSource {
  /** FROM item exposing the plan columns as `c`. */
  from: string;
  /** Week numbers, e.g. generate_series(c.w_from, c.w_to). */
  series: string;
  /** Drop weeks starting after this day. */
  maxWeekStart?: string;
}

export function weeksSql(ctx: DemoContext, src: WeekSource): string {
  const { r } = ctx;
  const ws = `(${date(ctx.week0)} + 7 * s.w)`;
  const k0 = `least(6, floor(v.lambda * (${seasonArray(ctx)})[v.w + 1] * v.decay * (0.55::float8 + 0.9::float8 * ${r.u('v.wkey', 101)}) + ${r.u('v.wkey', 102)}))::int`;
  return `(
  SELECT x.*, CASE WHEN x.frozen THEN 0 WHEN x.ap_week THEN greatest(1, x.k0) ELSE x.k0 END AS k
  FROM (
    SELECT v.*, (${r.u('v.wkey', 103)} < 0.3::float8)::int AS rot, ${k0} AS k0
    FROM (
      SELECT s.*, ${ws} AS ws, s.i::bigint * ${MAX_WEEKS} + s.w AS wkey,
        s.ap_cycle > 0 AND (s.w + s.ap_phase) % s.ap_cycle = 0 AS ap_week,
        coalesce(${ws} + 6 >= s.freeze_from AND ${ws} <= s.freeze_to, false) AS frozen,
        CASE WHEN s.quit_on IS NULL THEN 1::float8 ELSE least(1::float8, greatest(0::float8, 0.1::float8 + (s.quit_on - ${ws})::float8 * (0.09::float8 / 7))) END
          * CASE WHEN s.drift_from IS NULL THEN 1::float8 ELSE least(1::float8, greatest(0::float8, 0.4::float8 + (s.drift_from - ${ws})::float8 * (0.15::float8 / 7))) END AS decay
      FROM (SELECT ${PLAN_COLUMNS.map((col) => `c.${col}`).join(', ')}, ${src.series} AS w FROM ${src.from}) AS s
      ${src.maxWeekStart ? `WHERE ${ws} <= ${src.maxWeekStart}` : ''}
      OFFSET 0
    ) AS v
    OFFSET 0
  ) AS x
)`;
}

/** Visit days (rows j = 1..k) of the weeks, up to maxDay, with kind, hour and the day's hash key. */
export function daysSql(ctx: DemoContext, src: WeekSource, maxDay: string): string {
  const { r } = ctx;
  return `(
  SELECT d.*,
    CASE WHEN d.ap_week AND d.j = 1 THEN 'appointment' WHEN ${r.u('d.dkey', 111)} < d.class_share THEN 'class' ELSE 'gym' END AS kind,
    least(21, greatest(5, d.hour + floor(${r.u('d.dkey', 112)} * 3)::int - 1)) AS h
  FROM (
    SELECT e.*, e.ws + e.off AS day, e.wkey * 8 + e.j - 1 AS dkey
    FROM (
      SELECT wk.*, generate_series(1, wk.k) AS j, unnest(wk.pref2[wk.rot + 1 : wk.rot + wk.k]) AS off
      FROM ${weeksSql(ctx, src)} AS wk
    ) AS e
    OFFSET 0
  ) AS d
  WHERE ${dayOk('d', 'd.day')} AND d.day <= ${maxDay}
)`;
}

export function dayOk(alias: string, day: string): string {
  return `${day} BETWEEN ${alias}.active_from AND ${alias}.active_to AND NOT coalesce(${day} BETWEEN ${alias}.freeze_from AND ${alias}.freeze_to, false)`;
}

/** Visit days in week row `wk` up to maxDay: k for a whole active week, else counted day by day. */
export function weekVisitDays(maxDay: string): string {
  return `CASE WHEN wk.ws >= wk.active_from AND wk.ws + 6 <= least(wk.active_to, ${maxDay}) THEN wk.k
    ELSE (SELECT count(*) FROM unnest(wk.pref2[wk.rot + 1 : wk.rot + wk.k]) AS o WHERE ${dayOk('wk', 'wk.ws + o')} AND wk.ws + o <= ${maxDay})::int END`;
}

/** Week index of a date expression. */
function weekIndex(ctx: DemoContext, day: string): string {
  return `((date_trunc('week', ${day})::date - ${date(ctx.week0)}) / 7)`;
}

// First or last visit day of plan row c: walks weeks forward (or back from today) and stops at
// the first week with a visit, so it costs a few weeks per client, not the whole history.
export function visitEdgeSql(ctx: DemoContext, edge: 'first' | 'last'): string {
  const T = date(ctx.today);
  const last = `least(c.w_to, ${weekIndex(ctx, T)})`;
  const series = edge === 'first' ? `generate_series(c.w_from, ${last})` : `generate_series(${last}, c.w_from, -1)`;
  const agg = edge === 'first' ? 'min' : 'max';
  return `(
  SELECT e.d FROM (
    SELECT (SELECT ${agg}(wk.ws + o) FROM unnest(wk.pref2[wk.rot + 1 : wk.rot + wk.k]) AS o
             WHERE ${dayOk('wk', 'wk.ws + o')} AND wk.ws + o <= ${T}) AS d
    FROM ${weeksSql(ctx, { from: '(SELECT 1) AS one', series })} AS wk
  ) AS e WHERE e.d IS NOT NULL LIMIT 1)`;
}

// Seasonality by week: busiest mid-January, quietest mid-July (+-12%).
function seasonArray(ctx: DemoContext): string {
  const w0 = Date.parse(`${ctx.week0}T00:00:00Z`);
  const values: string[] = [];
  for (let w = 0; w < ctx.weeks; w++) {
    const d = new Date(w0 + w * 7 * 86_400_000);
    const doy = (d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000 + 1;
    values.push((1 + 0.12 * Math.cos((2 * Math.PI * (doy - 15)) / 365.25)).toFixed(4));
  }
  return `'{${values.join(',')}}'::float8[]`;
}
