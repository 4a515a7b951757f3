import { isMemberSql } from './membership.sql';

/**
 * The reason codes of a client's status (docs/overview.md "Reasons"): facts, each with one
 * value, that the page turns into words ("No visit for 12 days, no visits in the last 7 days,
 * member for 3 weeks"). Order of appearance: manual_status, the status facts, the context facts.
 */
export const REASON_CODES = [
  // a status set by hand; value: the note, or null
  'manual_status',
  // no status: not a member now; value: the day (YYYY-MM-DD) the last package ended, or null
  'not_a_member',
  // a member no pass has assessed yet
  'not_assessed',
  // Suspended: a member without an active package; value: the day the last package ended, or null
  'no_active_package',
  // what the rules read (risk.md): whole days since the last visit day (0 = today) ...
  'days_since_last_visit',
  // ... or no visit ever (value null) ...
  'never_visited',
  // ... unique visit days in the last 7 days, today included (the Low User window) ...
  'visits_last_7_days',
  // ... and whole days since registration (the first subscription ever started)
  'member_for_days',
  // context: unpaid invoices past due (a direct debit only after the billing grace days); value: how many
  'overdue_invoices',
  // context: a subscription is frozen today; value: the last day of the freeze, or null when open-ended
  'frozen_until',
  // context: the health score's usage drop; value: percent fewer visit days in the last 14 days than the 14 before
  'usage_dropped',
] as const;

type ReasonCode = (typeof REASON_CODES)[number];

const SCORED = `s_.status IN ('in_trouble', 'at_risk', 'loving_it', 'raving_fan')`;

const reason = (when: string, code: ReasonCode, value: string) => `CASE WHEN ${when} THEN jsonb_build_object('code', '${code}', 'value', ${value}) END`;

/**
 * One scalar subquery: the reasons of the client whose id is `clientId` (a SQL expression of
 * type bigint), as a JSON array of {code, value}. Meant for a handful of rows (a page of the
 * list, one client): every fact is a correlated lookup on that client's own rows, and CASE only
 * looks up what the status needs.
 */
export function clientReasonsSql(clientId: string): string {
  const lastPackageEnd = `(SELECT to_char(GREATEST(
      (SELECT max(s.ends_on) FROM subscription s WHERE s.client_id = c_.id AND s.ends_on < t_.today),
      (SELECT max(q.expires_on) FROM quota q WHERE q.client_id = c_.id AND q.expires_on < t_.today)), 'YYYY-MM-DD'))`;
  const sessions = (from: number, to: number) => `(SELECT count(DISTINCT v.visited_on) FROM visit v WHERE v.client_id = c_.id AND v.visited_on BETWEEN t_.today - ${from} AND t_.today - ${to})`;
  const grace = `GREATEST(0, COALESCE((b_.settings -> 'billing' ->> 'directDebitBlockAfterDays')::int, 0))`;
  const overdue = `(SELECT count(*) FROM invoice i WHERE i.client_id = c_.id AND i.paid_at IS NULL AND i.due_on < t_.today
      AND i.due_on + CASE WHEN i.direct_debit THEN ${grace} ELSE 0 END < t_.today)`;
  return `(
    SELECT to_jsonb(array_remove(ARRAY[
      ${reason(`s_.reason = 'manual'`, 'manual_status', 's_.note')},
      ${reason(`s_.status IS NULL AND NOT m_.member`, 'not_a_member', lastPackageEnd)},
      ${reason(`s_.status IS NULL AND m_.member`, 'not_assessed', 'NULL::text')},
      ${reason(`s_.status = 'suspended'`, 'no_active_package', lastPackageEnd)},
      ${reason(`s_.status IS NOT NULL AND c_.last_visit_on IS NOT NULL`, 'days_since_last_visit', 't_.today - c_.last_visit_on')},
      ${reason(`${SCORED} AND c_.last_visit_on IS NULL`, 'never_visited', 'NULL::text')},
      ${reason(SCORED, 'visits_last_7_days', sessions(6, 0))},
      ${reason(`s_.status IS NOT NULL AND c_.registered_at IS NOT NULL`, 'member_for_days', `t_.today - (c_.registered_at AT TIME ZONE b_.timezone)::date`)},
      ${reason(`ov_.n > 0`, 'overdue_invoices', 'ov_.n')},
      ${reason(`fz_.frozen`, 'frozen_until', `to_char(fz_.ends_on, 'YYYY-MM-DD')`)},
      ${reason(`h_.usage_dropped`, 'usage_dropped', `(SELECT CASE WHEN e > 0 THEN round(100.0 * (e - r) / e)::int END FROM (SELECT ${sessions(13, 0)} AS r, ${sessions(27, 14)} AS e) u)`)}
    ], NULL))
      FROM client c_
      JOIN business b_ ON b_.id = c_.business_id
      CROSS JOIN LATERAL (SELECT (now() AT TIME ZONE b_.timezone)::date AS today) t_
      LEFT JOIN client_status s_ ON s_.client_id = c_.id
      LEFT JOIN client_health h_ ON h_.client_id = c_.id
      CROSS JOIN LATERAL (SELECT c_.deleted_at IS NULL AND ${isMemberSql('c_', 't_.today')} AS member) m_
      CROSS JOIN LATERAL (SELECT ${overdue} AS n) ov_
      LEFT JOIN LATERAL (
        SELECT true AS frozen, f.ends_on FROM subscription_freeze f JOIN subscription s ON s.id = f.subscription_id
         WHERE s.client_id = c_.id AND f.starts_on <= t_.today AND (f.ends_on IS NULL OR f.ends_on >= t_.today)
         ORDER BY f.ends_on DESC NULLS FIRST LIMIT 1) fz_ ON true
     WHERE c_.id = ${clientId})`;
}
