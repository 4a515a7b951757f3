// The canonical definitions every reader shares (README glossary, segments.md), as SQL
// fragments over aliases the caller names. `today` is a SQL date expression: the business's
// local date, see localTodaySql.

/** The business's local calendar date; `tz` is a SQL expression for its IANA zone. */
export const localTodaySql = (tz: string) => `(now() AT TIME ZONE ${tz})::date`;

/**
 * Active subscription: started, not ended (a cancelled one stays active until its ends_on),
 * and billed, billed in arrears, or renewing.
 */
export const activeSubscriptionSql = (s: string, today: string) =>
  `(${s}.starts_on <= ${today} AND (${s}.ends_on IS NULL OR ${s}.ends_on >= ${today})
    AND (${s}.billed OR ${s}.trailing_billing OR ${s}.auto_renew))`;

/** Active quota (clip card / class pack): units left, and no expiry or expiring today or later. */
export const activeQuotaSql = (q: string, today: string) => `(${q}.used_units < ${q}.total_units AND (${q}.expires_on IS NULL OR ${q}.expires_on >= ${today}))`;

/** Active package: an active subscription, or a clip card with units left that has not expired. */
export const hasActivePackageSql = (c: string, today: string) =>
  `(EXISTS (SELECT 1 FROM subscription s_ WHERE s_.client_id = ${c}.id AND ${activeSubscriptionSql('s_', today)})
    OR EXISTS (SELECT 1 FROM quota q_ WHERE q_.client_id = ${c}.id AND ${activeQuotaSql('q_', today)}))`;

/** Member: the source's member flag where it has one, otherwise anyone with an active package. */
export const isMemberSql = (c: string, today: string) => `COALESCE(${c}.is_member, ${hasActivePackageSql(c, today)})`;

/**
 * Monthly cost in minor units (segments.md): floor(price / interval * 31) per day,
 * floor(price / max(interval, 1)) per month. The day form multiplies before it divides, in
 * numeric: 3 per 31 days is 3, where (3 / 31) * 31 rounds to 2.99... and floors to 2. A day
 * interval of 0 has no cost (NULL). Shared by the segment condition, follow-up and recovery.
 */
export const monthlyCostSql = (s: string) =>
  `(CASE ${s}.billing_unit
      WHEN 'day' THEN floor(${s}.price * 31::numeric / NULLIF(${s}.billing_interval, 0))
      WHEN 'month' THEN floor(${s}.price::numeric / GREATEST(${s}.billing_interval, 1))
    END)`;
