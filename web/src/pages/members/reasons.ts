import type { Reason } from '../../api/members';
import { formatDay } from '../../format';
import { t, tDynamic } from '../../i18n/i18n';

// The API says why a member has their status as codes with one value each
// (src/clients/client-reasons.sql.ts); the page only puts them into words.

/** 21 days → "3 weeks": the unit a person would use for a span of whole days. */
export function formatDays(days: number): string {
  if (days < 14) return t('members.duration.days', { count: days });
  if (days < 60) return t('members.duration.weeks', { count: Math.floor(days / 7) });
  if (days < 730) return t('members.duration.months', { count: Math.floor(days / 30.4375) });
  return t('members.duration.years', { count: Math.floor(days / 365.25) });
}

const num = (v: Reason['value']) => (typeof v === 'number' ? v : Number(v));

export function reasonText(r: Reason): string {
  const v = r.value;
  switch (r.code) {
    case 'manual_status':
      return v ? t('members.reasons.manual_status_note', { note: String(v) }) : t('members.reasons.manual_status');
    case 'not_a_member':
      return v ? t('members.reasons.not_a_member_since', { day: formatDay(String(v)) }) : t('members.reasons.not_a_member');
    case 'no_active_package':
      return v ? t('members.reasons.no_active_package_since', { day: formatDay(String(v)) }) : t('members.reasons.no_active_package');
    case 'days_since_last_visit':
      return t('members.reasons.days_since_last_visit', { count: num(v) });
    case 'visits_last_7_days':
      return t('members.reasons.visits_last_7_days', { count: num(v) });
    case 'member_for_days':
      return t('members.reasons.member_for', { duration: formatDays(num(v)) });
    case 'overdue_invoices':
      return t('members.reasons.overdue_invoices', { count: num(v) });
    case 'frozen_until':
      return v ? t('members.reasons.frozen_until', { day: formatDay(String(v)) }) : t('members.reasons.frozen_open');
    case 'usage_dropped':
      return v !== null && v !== undefined ? t('members.reasons.usage_dropped', { percent: num(v) }) : t('members.reasons.usage_dropped_plain');
    default:
      return tDynamic('members.reasons', r.code);
  }
}

/** "No visit for 12 days, no visits this week, member for 3 weeks". */
export function reasonsText(reasons: ReadonlyArray<{ code: string; value: unknown }> | null | undefined): string {
  if (!reasons?.length) return t('members.reasons.none');
  const s = reasons.map((r) => reasonText(r as Reason)).join(', ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
