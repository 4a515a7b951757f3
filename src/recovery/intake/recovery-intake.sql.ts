import { activeQuotaSql, activeSubscriptionSql, monthlyCostSql } from '../../clients';

// Intake and automatic outcomes as set-based statements (docs/recovery.md "Intake"). Every
// statement takes the same parameters:
//   $1 business id, $2 "now" (timestamptz; tests pin it), $3 client ids (bigint[]; NULL = the
//   whole business).
// `cfg` is the business's settings (the defaults where it has no row) and its local today.

export type SourceKind = 'cancellation' | 'non_renewing' | 'quota';
export const SOURCE_KINDS: readonly SourceKind[] = ['cancellation', 'non_renewing', 'quota'];

/** A used-up or expired quota is a fresh loss this long; older ones are history, not recovery work. */
export const QUOTA_LOOKBACK_DAYS = 30;

const CFG = `cfg AS (
  SELECT b.id AS business_id, b.timezone AS tz, ($2::timestamptz AT TIME ZONE b.timezone)::date AS today,
         COALESCE(rs.ordinary_enabled, true) AS ordinary_enabled,
         COALESCE(rs.ordinary_excluded_reasons, '{}'::text[]) AS ordinary_excluded,
         COALESCE(rs.extraordinary_enabled, true) AS extraordinary_enabled,
         rs.extraordinary_reasons AS extraordinary_reasons,
         COALESCE(rs.non_renewing_enabled, true) AS non_renewing_enabled,
         COALESCE(rs.non_renewing_days_before, 30) AS non_renewing_days,
         COALESCE(rs.quota_enabled, true) AS quota_enabled,
         CASE WHEN rs.business_id IS NULL THEN 60 ELSE rs.auto_lost_days END AS auto_lost_days
    FROM business b LEFT JOIN recovery_settings rs ON rs.business_id = b.id
   WHERE b.id = $1)`;

const inScope = (clientCol: string) => `($3::bigint[] IS NULL OR ${clientCol} = ANY ($3::bigint[]))`;

/**
 * Which cancellation of `s` enters under the settings: ordinary ones (a missing kind reads as
 * ordinary) unless their reason is excluded, extraordinary ones when enabled and their reason is
 * selected (no selection: every reason).
 */
const cancellationEnters = (s: string) => `(CASE WHEN ${s}.cancellation_kind = 'extraordinary'
      THEN cfg.extraordinary_enabled AND (cfg.extraordinary_reasons IS NULL OR ${s}.cancellation_reason = ANY (cfg.extraordinary_reasons))
      ELSE cfg.ordinary_enabled AND (${s}.cancellation_reason IS NULL OR NOT (${s}.cancellation_reason = ANY (cfg.ordinary_excluded))) END)`;

/** The sources that enter now, one row each; `kinds` limits them (record existing: cancellations). */
function sourcesSql(kinds: readonly SourceKind[]): string {
  const parts: string[] = [];
  if (kinds.includes('cancellation'))
    // a cancelled subscription still running (its end today or later): one that ended long ago
    // is history an import brings, not a member to win back
    parts.push(`
    SELECT 'cancellation'::text AS source_kind, s.client_id, s.id AS subscription_id, NULL::bigint AS quota_id, 'subscription:' || s.id AS source_key,
           (s.cancelled_at AT TIME ZONE cfg.tz)::date AS cancelled_on, s.cancellation_reason AS reason, s.ends_on AS contract_ends_on,
           COALESCE(${monthlyCostSql('s')}, 0)::bigint AS monthly_value
      FROM subscription s CROSS JOIN cfg
     WHERE s.business_id = $1 AND s.cancelled_at IS NOT NULL AND ${inScope('s.client_id')}
       AND (s.ends_on IS NULL OR s.ends_on >= cfg.today)
       AND ${cancellationEnters('s')}`);
  if (kinds.includes('non_renewing'))
    // no auto-renewal, not cancelled, ending within N days, and not already followed by a newer
    // contract of the client that outlasts it (a renewal signed early)
    parts.push(`
    SELECT 'non_renewing', s.client_id, s.id, NULL::bigint, 'subscription:' || s.id, NULL::date, NULL::text, s.ends_on,
           COALESCE(${monthlyCostSql('s')}, 0)::bigint
      FROM subscription s CROSS JOIN cfg
     WHERE s.business_id = $1 AND cfg.non_renewing_enabled AND ${inScope('s.client_id')}
       AND NOT s.auto_renew AND s.cancelled_at IS NULL
       AND s.ends_on BETWEEN cfg.today AND cfg.today + cfg.non_renewing_days
       AND NOT EXISTS (SELECT 1 FROM subscription n
                        WHERE n.client_id = s.client_id AND n.business_id = $1 AND n.id <> s.id AND n.cancelled_at IS NULL
                          AND n.starts_on > s.starts_on AND (n.ends_on IS NULL OR n.ends_on > s.ends_on))`);
  if (kinds.includes('quota'))
    // the last unit used (recently changed) or expired in the last QUOTA_LOOKBACK_DAYS days, and
    // the client holds no active subscription or other active quota (a new pack bought is no loss)
    parts.push(`
    SELECT 'quota', q.client_id, NULL::bigint, q.id, 'quota:' || q.id, NULL::date, NULL::text, q.expires_on, 0::bigint
      FROM quota q CROSS JOIN cfg
     WHERE q.business_id = $1 AND cfg.quota_enabled AND ${inScope('q.client_id')} AND q.total_units > 0
       AND ((q.expires_on < cfg.today AND q.expires_on >= cfg.today - ${QUOTA_LOOKBACK_DAYS})
            OR (q.used_units >= q.total_units AND (q.expires_on IS NULL OR q.expires_on >= cfg.today)
                AND q.updated_at >= $2::timestamptz - interval '${QUOTA_LOOKBACK_DAYS} days'))
       AND NOT EXISTS (SELECT 1 FROM quota o WHERE o.client_id = q.client_id AND o.business_id = $1 AND o.id <> q.id AND ${activeQuotaSql('o', 'cfg.today')})
       AND NOT EXISTS (SELECT 1 FROM subscription o WHERE o.client_id = q.client_id AND o.business_id = $1 AND ${activeSubscriptionSql('o', 'cfg.today')})`);
  return parts.join('\n    UNION ALL');
}

/**
 * Creates the entries of every source that enters and has none yet (ON CONFLICT on
 * (business_id, source_key): a redelivered or reordered record, two racing passes, one entry),
 * in the first phase of the active group, with a 'created' event each. Returns the new entries.
 */
export function createEntriesSql(kinds: readonly SourceKind[]): string {
  return `
WITH ${CFG},
first_phase AS (
  SELECT p.id FROM recovery_phase p JOIN recovery_phase_group g ON g.id = p.group_id AND g.active
   WHERE p.business_id = $1 AND g.business_id = $1
   ORDER BY p.position, p.id LIMIT 1
),
-- named here: the UNION's branches may come in any combination (kinds)
src (source_kind, client_id, subscription_id, quota_id, source_key, cancelled_on, reason, contract_ends_on, monthly_value) AS (${sourcesSql(kinds)}
),
ins AS (
  INSERT INTO recovery_entry (business_id, client_id, source_kind, subscription_id, quota_id, source_key, cancelled_on, reason, contract_ends_on, monthly_value, phase_id, created_at, updated_at)
  SELECT $1, src.client_id, src.source_kind, src.subscription_id, src.quota_id, src.source_key, src.cancelled_on, src.reason, src.contract_ends_on, src.monthly_value,
         (SELECT id FROM first_phase), $2, $2
    FROM src
    JOIN client c ON c.id = src.client_id AND c.business_id = $1 AND c.deleted_at IS NULL
  -- no anti-join first: the conflict check is one probe of the unique index per source, where a
  -- NOT EXISTS planned on stale statistics (a freshly filled table) became a nested loop over
  -- every entry; each conflicting row costs an identity value (bigint: no shortage)
  ON CONFLICT (business_id, source_key) DO NOTHING
  RETURNING id, client_id, source_kind, phase_id, source_key
),
ev AS (
  INSERT INTO recovery_entry_event (business_id, entry_id, at, actor, kind, data)
  SELECT $1, ins.id, $2, 'auto', 'created', jsonb_build_object('sourceKind', ins.source_kind, 'source', ins.source_key, 'phaseId', ins.phase_id::text)
    FROM ins
)
SELECT id::text AS "entryId", client_id::text AS "clientId", source_kind AS "sourceKind" FROM ins ORDER BY id`;
}

/** One UPDATE of open entries to an outcome, with an 'outcome' event per entry; answers the count. */
function outcomeSql(outcome: 'regained' | 'lost' | 'not_edited', reason: string, where: string): string {
  return `
WITH ${CFG},
up AS (
  UPDATE recovery_entry e
     SET outcome = '${outcome}', outcome_at = $2, outcome_reason = ${reason}, outcome_by = 'auto', version = e.version + 1, updated_at = $2
    FROM cfg
   WHERE e.business_id = $1 AND e.outcome IS NULL AND ${inScope('e.client_id')} AND ${where}
  RETURNING e.id, e.outcome_reason
),
ev AS (
  INSERT INTO recovery_entry_event (business_id, entry_id, at, actor, kind, data)
  SELECT $1, up.id, $2, 'auto', 'outcome', jsonb_build_object('outcome', '${outcome}', 'reason', up.outcome_reason)
    FROM up
)
SELECT count(*)::int AS n FROM up`;
}

export const WITHDRAWN_REASON = 'the cancellation was withdrawn at the source';
export const RENEWING_REASON = 'the subscription renews automatically again at the source';

/**
 * Not edited: a cancellation withdrawn at the source (cancelled_at cleared again), or a
 * non-renewing subscription switched back to auto-renewal.
 */
export const WITHDRAWN_SQL = outcomeSql(
  'not_edited',
  `CASE WHEN e.source_kind = 'cancellation' THEN '${WITHDRAWN_REASON}' ELSE '${RENEWING_REASON}' END`,
  `e.source_kind IN ('cancellation', 'non_renewing')
   AND EXISTS (SELECT 1 FROM subscription s WHERE s.id = e.subscription_id AND s.business_id = $1
                AND s.cancelled_at IS NULL AND (e.source_kind = 'cancellation' OR s.auto_renew))`,
);

/**
 * Regained: a new subscription of the client, not cancelled, not ended, billed / in arrears /
 * renewing (segments.md's active, except that a contract starting later counts at once), starting
 * on or after the cancellation (or the entry's day for the other sources); for a quota entry
 * also a newer quota with units left.
 */
export const REGAINED_SQL = outcomeSql(
  'regained',
  `'a new active subscription arrived'`,
  `(EXISTS (SELECT 1 FROM subscription n
             WHERE n.client_id = e.client_id AND n.business_id = $1 AND n.id IS DISTINCT FROM e.subscription_id AND n.cancelled_at IS NULL
               AND n.starts_on >= COALESCE(e.cancelled_on, (e.created_at AT TIME ZONE cfg.tz)::date)
               AND (n.ends_on IS NULL OR n.ends_on >= cfg.today) AND (n.billed OR n.trailing_billing OR n.auto_renew))
    OR (e.source_kind = 'quota' AND EXISTS (SELECT 1 FROM quota n WHERE n.client_id = e.client_id AND n.business_id = $1 AND n.id > e.quota_id
                                              AND ${activeQuotaSql('n', 'cfg.today')})))`,
);

/** Lost: open longer than the business's auto_lost_days (the daily pass; off when null). */
export const AUTO_LOST_SQL = outcomeSql(
  'lost',
  `'no outcome after ' || cfg.auto_lost_days || ' days'`,
  `cfg.auto_lost_days IS NOT NULL AND e.created_at <= $2::timestamptz - make_interval(days => cfg.auto_lost_days)`,
);

/** Clients with a cancelled subscription still running: what "record existing" walks, in batches. */
export const CANCELLED_CLIENTS_SQL = `
SELECT DISTINCT s.client_id::text AS id
  FROM subscription s JOIN business b ON b.id = s.business_id
 WHERE s.business_id = $1 AND s.cancelled_at IS NOT NULL
   AND (s.ends_on IS NULL OR s.ends_on >= ($2::timestamptz AT TIME ZONE b.timezone)::date)
 ORDER BY 1`;
