import { date, DemoContext, SUBSCRIPTION_SLOTS } from './demo-context';

// Contracts and money: subscriptions (with renewals and cancellations), freezes, clip cards,
// sales and invoices. Parameters: $1 business id, $2 time zone, then the statement's arrays.
//
// Contract types (ct): 0 monthly open-ended, 1 annual prepaid that is renewed by a new
// subscription row each year, 2 annual auto-renewing, 3 four-week student plan billed per day.

/** $3 membership product ids, $4 names, $5 prices (indexed by demo_plan.mprod), $6 cancellation reasons. */
export function subscriptionsSql(ctx: DemoContext): string {
  const { r } = ctx;
  const T = date(ctx.today);
  const key = `c.i::bigint * ${SUBSCRIPTION_SLOTS} + s`;
  return `
INSERT INTO subscription (id, business_id, source, external_id, client_id, product_id, name, starts_on, ends_on, binding_ends_on,
  auto_renew, payment_method, price, billing_unit, billing_interval, billed, trailing_billing,
  cancelled_at, cancellation_kind, cancellation_reason, source_updated_at)
OVERRIDING SYSTEM VALUE
SELECT ${ctx.subscriptionBase}::bigint + ${key}, $1, 'demo', 's' || c.n || '-' || s, c.cid, ($3::bigint[])[c.mprod], ($4::text[])[c.mprod],
  x.starts_on, x.ends_on, x.binding_ends_on,
  c.ct <> 1 AND x.cancel_on IS NULL,
  c.pay,
  -- a share of members keep an older or campaign price
  CASE WHEN ${r.u(key, 201)} < 0.15 THEN (($5::bigint[])[c.mprod] * 0.8)::bigint ELSE ($5::bigint[])[c.mprod] END,
  CASE WHEN c.ct = 3 THEN 'day' ELSE 'month' END,
  CASE c.ct WHEN 3 THEN 28 WHEN 0 THEN 1 ELSE 12 END,
  NOT (x.starts_on > ${T} - 3 AND ${r.u(key, 202)} < 0.5),
  c.pay = 'invoice' AND c.ct = 0,
  (x.cancel_on + make_interval(mins => 480 + floor(${r.u(key, 203)} * 600)::int)) AT TIME ZONE $2::text,
  CASE WHEN x.cancel_on IS NOT NULL THEN CASE WHEN ${r.u(key, 204)} < 0.9 THEN 'ordinary' ELSE 'extraordinary' END END,
  CASE WHEN x.cancel_on IS NOT NULL THEN ($6::text[])[1 + floor(${r.u(key, 205)} * 6)::int] END,
  (greatest(x.starts_on, coalesce(x.cancel_on, x.starts_on)) + time '12:00') AT TIME ZONE $2::text
FROM demo_plan c
CROSS JOIN LATERAL generate_series(0, CASE WHEN c.ct = 1
  THEN least(${SUBSCRIPTION_SLOTS - 1}, (extract(year FROM age(least(${T}, c.quit_on), c.join_on)))::int) ELSE 0 END) AS s
CROSS JOIN LATERAL (
  SELECT y.*,
    CASE
      WHEN c.ct = 1 THEN y.term_end
      WHEN y.cancel_on IS NULL THEN NULL
      WHEN c.ct = 0 THEN greatest((y.cancel_on + interval '1 month')::date, y.binding_ends_on)
      WHEN c.ct = 2 THEN (c.join_on + make_interval(years => (extract(year FROM age(y.cancel_on + 30, c.join_on)))::int + 1))::date - 1
      ELSE y.cancel_on + 27
    END AS ends_on
  FROM (
    SELECT (c.join_on + make_interval(years => s))::date AS starts_on,
      (c.join_on + make_interval(years => s + 1))::date - 1 AS term_end,
      CASE WHEN c.ct = 0 AND ${r.u('c.i', 206)} < 0.4 THEN (c.join_on + interval '12 months')::date
           WHEN c.ct = 2 THEN (c.join_on + interval '12 months')::date END AS binding_ends_on,
      -- the cancellation lands on the last contract (for annual prepaid: not renewing it)
      CASE WHEN c.quit_on IS NOT NULL AND (c.ct <> 1 OR c.quit_on < (c.join_on + make_interval(years => s + 1))::date)
           THEN c.quit_on END AS cancel_on
  ) AS y
) AS x
WHERE c.seg = 0`;
}

/** $1 business id only. */
export function freezesSql(ctx: DemoContext): string {
  return `
INSERT INTO subscription_freeze (business_id, source, external_id, subscription_id, starts_on, ends_on)
SELECT $1::uuid, 'demo', 'f' || c.n, ${ctx.subscriptionBase}::bigint + c.i::bigint * ${SUBSCRIPTION_SLOTS}, c.freeze_from, c.freeze_to
FROM demo_plan c
WHERE c.freeze_from IS NOT NULL`;
}

// Clip cards: every class-card client has one; some members bought a PT pack.
// $1 business id, $2 product ids [card10, card20, pt5], $3 names, $4 totals.
export function quotasSql(ctx: DemoContext): string {
  const { r } = ctx;
  return `
INSERT INTO quota (business_id, source, external_id, client_id, product_id, name, total_units, used_units, expires_on)
SELECT $1::uuid, 'demo', 'q' || q.n, q.cid, ($2::bigint[])[q.p], ($3::text[])[q.p], ($4::int[])[q.p],
  least(($4::int[])[q.p], floor(($4::int[])[q.p] * (0.1 + 1.1 * ${r.u('q.i', 301)}))::int),
  q.bought_on + CASE WHEN q.p = 3 THEN 365 ELSE 180 END
FROM (${quotaRows(ctx)}) AS q`;
}

function quotaRows(ctx: DemoContext): string {
  const { r } = ctx;
  const T = date(ctx.today);
  return `
  SELECT c.i, c.n, c.cid, c.loc,
    CASE WHEN c.seg = 1 THEN CASE WHEN ${r.u('c.i', 302)} < 0.7 THEN 1 ELSE 2 END ELSE 3 END AS p,
    c.active_from + floor(${r.u('c.i', 303)} * greatest(0, least(${T}, c.active_to) - c.active_from))::int AS bought_on
  FROM demo_plan c
  WHERE c.seg = 1 OR (c.seg = 0 AND ${r.u('c.i', 304)} < 0.05)`;
}

// Sales: clip-card purchases, joining fees for members who joined in the window, and retail.
// $3 location ids, $4 [card10, card20, pt5] ids, $5 their prices, $6 joining fee id, $7 its price,
// $8 retail ids, $9 retail prices.
export function salesSql(ctx: DemoContext): string {
  const { r } = ctx;
  const T = date(ctx.today);
  const S = date(ctx.start);
  const noon = (d: string, key: string, p: number) => `(${d} + make_interval(mins => 540 + floor(${r.u(key, p)} * 660)::int)) AT TIME ZONE $2::text`;
  return `
INSERT INTO sale (business_id, source, external_id, client_id, product_id, location_id, sold_at, quantity, amount)
SELECT $1::uuid, 'demo', 'sq' || q.n, q.cid, ($4::bigint[])[q.p], ($3::bigint[])[q.loc], ${noon('q.bought_on', 'q.i', 310)}, 1, ($5::bigint[])[q.p]
FROM (${quotaRows(ctx)}) AS q
UNION ALL
SELECT $1::uuid, 'demo', 'sj' || c.n, c.cid, $6::bigint, ($3::bigint[])[c.loc], ${noon('c.join_on', 'c.i', 311)}, 1, $7::bigint
FROM demo_plan c
WHERE c.seg = 0 AND c.join_on >= ${S} AND ${r.u('c.i', 312)} < 0.6
UNION ALL
SELECT $1::uuid, 'demo', 'sr' || c.n || '-' || k, c.cid, ($8::bigint[])[x.p], ($3::bigint[])[c.loc], ${noon('x.day', 'c.i::bigint * 16 + k', 313)},
  x.qty, ($9::bigint[])[x.p] * x.qty
FROM demo_plan c
CROSS JOIN LATERAL generate_series(1, 1 + floor(${r.u('c.i', 314)} * 6)::int) AS k
CROSS JOIN LATERAL (
  SELECT 1 + floor(${r.u('c.i::bigint * 16 + k', 315)} * 4)::int AS p,
    CASE WHEN ${r.u('c.i::bigint * 16 + k', 316)} < 0.8 THEN 1 ELSE 2 END AS qty,
    c.active_from + floor(${r.u('c.i::bigint * 16 + k', 317)} * (least(${T}, c.active_to) - c.active_from + 1))::int AS day
) AS x
WHERE ${r.u('c.i', 318)} < 0.35 AND c.active_to >= c.active_from`;
}

// Invoices for direct-debit and invoiced contracts: one per billing period over the last six
// months (plus the next one due), most paid a few days after the due date, ~4% left unpaid.
export function invoicesSql(ctx: DemoContext): string {
  const { r } = ctx;
  const T = date(ctx.today);
  const key = `(s.id - ${ctx.subscriptionBase}::bigint) * 64 + m`;
  return `
INSERT INTO invoice (business_id, source, external_id, client_id, amount, due_on, paid_at, direct_debit)
SELECT $1::uuid, 'demo', 'i' || s.external_id || '-' || m, s.client_id, s.price, x.due_on,
  CASE WHEN x.due_on > ${T} OR ${r.u(key, 401)} < 0.04 THEN NULL
       ELSE (least(${T}, x.due_on + floor(${r.u(key, 402)} * 6)::int) + time '08:00') AT TIME ZONE $2::text END,
  s.payment_method = 'direct_debit'
FROM subscription s
CROSS JOIN LATERAL (
  SELECT (extract(year FROM age(${T} + 10, s.starts_on)) * 12 + extract(month FROM age(${T} + 10, s.starts_on)))::int AS months
) AS a
CROSS JOIN LATERAL generate_series(greatest(0, (a.months - 6) / s.billing_interval), a.months / s.billing_interval) AS m
CROSS JOIN LATERAL (SELECT (s.starts_on + make_interval(months => m * s.billing_interval))::date AS due_on) AS x
WHERE s.business_id = $1 AND s.source = 'demo' AND s.billing_unit = 'month' AND s.billing_interval > 0
  -- this connection's clients only (their subscriptions' reserved id range)
  AND s.id BETWEEN ${ctx.subscriptionBase}::bigint + ${ctx.from}::bigint * ${SUBSCRIPTION_SLOTS}
               AND ${ctx.subscriptionBase}::bigint + ${ctx.to}::bigint * ${SUBSCRIPTION_SLOTS} - 1
  AND s.payment_method IN ('direct_debit', 'invoice')
  AND x.due_on <= coalesce(s.ends_on, ${T} + 10) AND x.due_on >= ${T} - 190`;
}
