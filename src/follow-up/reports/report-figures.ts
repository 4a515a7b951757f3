import { liftOf, newcombeDifference } from '../attribution/lift';
import { ArmCounts, EMPTY_ARM, EMPTY_ITEMS, ItemCounts } from '../follow-up.types';

// Turning counted arms into the figures the reports show (docs/follow-up.md "Figures"). Pure.

const r4 = (x: number) => Math.round(x * 10_000) / 10_000;
export const rate = (converted: number, n: number): number | null => (n ? r4(converted / n) : null);

interface LiftView {
  estimate: number;
  lower: number;
  upper: number;
  negative: boolean;
  significantlyNegative: boolean;
  significantlyPositive: boolean;
  smallSample: boolean;
}

/** What came back from the messages (docs/follow-up.md "Engagement"); rates are null when nothing was delivered. */
export interface EngagementFigures {
  /** Messages delivered through channels with links (email, SMS, Mailchimp). */
  delivered: number;
  /** Of those, messages whose member clicked at least one link. */
  clicked: number;
  /** clicked / delivered */
  clickThroughRate: number | null;
  smsDelivered: number;
  /** SMS the member replied to within the report window. */
  replied: number;
  /** replied / smsDelivered */
  replyRate: number | null;
  emailDelivered: number;
  /** Opened, as reported by mail clients (unreliable); null when opens are not tracked (open pixel off, none from Mailchimp). */
  opened: number | null;
  openRate: number | null;
}

type EngagementKey = 'converted' | 'creditedLast' | 'creditedFirst' | 'linkDelivered' | 'clicked' | 'smsDelivered' | 'replied' | 'mailDelivered' | 'opened';

export interface Figures {
  /** exposures of both arms */
  targeted: number;
  /** assigned to be contacted (not held out); the lift compares all of them (intent to treat) */
  contacted: number;
  /** held out: selected, never contacted */
  control: number;
  touches: Omit<ItemCounts, EngagementKey>;
  converted: number;
  conversionRate: number | null;
  controlConverted: number;
  controlConversionRate: number | null;
  /** conversionRate - controlConversionRate with its 95 % interval; null without a control group */
  lift: LiftView | null;
  medianDaysToReturn: number | null;
  controlMedianDaysToReturn: number | null;
  /** minor units per month: active subscriptions of converted contacted clients on their conversion day */
  retainedMonthlyRevenue: number;
  attribution: { convertedTouches: number; creditedLast: number; creditedFirst: number };
  engagement: EngagementFigures;
  /** exposures (both arms) whose window has not ended: these figures can still change */
  openWindows: number;
}

function liftView(contacted: ArmCounts, control: ArmCounts): LiftView | null {
  const l = liftOf({ n: contacted.n, converted: contacted.converted }, { n: control.n, converted: control.converted });
  if (!l) return null;
  return { ...l, estimate: r4(l.estimate), lower: r4(l.lower), upper: r4(l.upper) };
}

/** The engagement of counted items; opens are shown when the open pixel is on or some were reported. */
export function engagementOf(items: ItemCounts, openPixel: boolean): EngagementFigures {
  const opensTracked = openPixel || items.opened > 0;
  return {
    delivered: items.linkDelivered,
    clicked: items.clicked,
    clickThroughRate: rate(items.clicked, items.linkDelivered),
    smsDelivered: items.smsDelivered,
    replied: items.replied,
    replyRate: rate(items.replied, items.smsDelivered),
    emailDelivered: items.mailDelivered,
    opened: opensTracked ? items.opened : null,
    openRate: opensTracked ? rate(items.opened, items.mailDelivered) : null,
  };
}

export function figuresOf(contacted: ArmCounts = EMPTY_ARM, control: ArmCounts = EMPTY_ARM, items: ItemCounts = EMPTY_ITEMS, openPixel = false): Figures {
  const { converted: convertedTouches, creditedLast, creditedFirst, linkDelivered: _l, clicked: _c, smsDelivered: _s, replied: _r, mailDelivered: _m, opened: _o, ...touches } = items;
  return {
    targeted: contacted.n + control.n,
    contacted: contacted.n,
    control: control.n,
    touches,
    converted: contacted.converted,
    conversionRate: rate(contacted.converted, contacted.n),
    controlConverted: control.converted,
    controlConversionRate: rate(control.converted, control.n),
    lift: liftView(contacted, control),
    medianDaysToReturn: contacted.medianDays === null ? null : r4(contacted.medianDays),
    controlMedianDaysToReturn: control.medianDays === null ? null : r4(control.medianDays),
    retainedMonthlyRevenue: contacted.revenue,
    attribution: { convertedTouches, creditedLast, creditedFirst },
    engagement: engagementOf(items, openPixel),
    openWindows: contacted.open + control.open,
  };
}

export interface VariantComparison {
  /** this variant's conversion minus the reference variant's, with its 95 % interval */
  reference: string;
  estimate: number;
  lower: number;
  upper: number;
}

/** A variant against the step's first variant (both contacted, split at random). */
export function versusReference(variant: ArmCounts, reference: ArmCounts, referenceKey: string): VariantComparison | null {
  const d = newcombeDifference(variant.converted, variant.n, reference.converted, reference.n);
  return d ? { reference: referenceKey, estimate: r4(d.estimate), lower: r4(d.lower), upper: r4(d.upper) } : null;
}

export function sumItems(rows: readonly ItemCounts[]): ItemCounts {
  const out = { ...EMPTY_ITEMS };
  for (const r of rows) for (const k of Object.keys(out) as Array<keyof ItemCounts>) out[k] += r[k];
  return out;
}
