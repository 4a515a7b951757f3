import type { Lift, ReportFigures } from '../../api/reports';
import { locale } from '../../i18n/i18n';
import type { CsvValue } from './csv';

// The columns every report table shares (a ranking row, a summary, a step, a variant, a channel)
// and their CSV form: the API's figures as they are.

export const FIGURE_CSV_HEADER = [
  'targeted',
  'contacted',
  'converted',
  'conversion_rate',
  'control',
  'control_converted',
  'control_conversion_rate',
  'lift',
  'lift_lower_95',
  'lift_upper_95',
  'small_sample',
  'median_days_to_return',
  'control_median_days_to_return',
  'retained_monthly_revenue_minor',
  'open_windows',
  'delivered',
  'clicked',
  'click_through_rate',
  'sms_delivered',
  'replied',
  'reply_rate',
  'email_delivered',
  'opened_as_reported_by_mail_clients',
  'open_rate',
];

export function figureCsv(f: ReportFigures): CsvValue[] {
  return [
    f.targeted,
    f.contacted,
    f.converted,
    f.conversionRate,
    f.control,
    f.controlConverted,
    f.controlConversionRate,
    f.lift?.estimate,
    f.lift?.lower,
    f.lift?.upper,
    f.lift?.smallSample,
    f.medianDaysToReturn,
    f.controlMedianDaysToReturn,
    f.retainedMonthlyRevenue,
    f.openWindows,
    f.engagement.delivered,
    f.engagement.clicked,
    f.engagement.clickThroughRate,
    f.engagement.smsDelivered,
    f.engagement.replied,
    f.engagement.replyRate,
    f.engagement.emailDelivered,
    f.engagement.opened,
    f.engagement.openRate,
  ];
}

/** A share as percentage points with the API's 4 decimals kept (0.0938 → "+9.38"). */
export function points(share: number, sign = true): string {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: sign ? 'exceptZero' : 'auto' }).format(share * 100);
}

/** The plot's scale for a table: every interval in view, 0 always. */
export function liftDomain(lifts: Array<Lift | null | undefined>): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const l of lifts) {
    if (!l) continue;
    lo = Math.min(lo, l.lower);
    hi = Math.max(hi, l.upper);
  }
  const pad = Math.max(hi - lo, 0.02) * 0.05;
  return [lo - pad, hi + pad];
}
