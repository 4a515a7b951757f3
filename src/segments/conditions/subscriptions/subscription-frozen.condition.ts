import { Equals, Validate, ValidateIf, ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { isLocalDate } from '../../../common/local-date';
import { defineCondition } from '../condition-definition';
import { activeSubscriptionsActualSql, hasActiveSubscriptionSql } from './active-subscription.sql';

/** from / to of the period: both dates, from <= to, and never together with today. */
@ValidatorConstraint({ name: 'frozenPeriodDate' })
class FrozenPeriodDate implements ValidatorConstraintInterface {
  private problem(args: ValidationArguments): string | undefined {
    const o = args.object as SubscriptionFrozenParams;
    const key = args.property as 'from' | 'to';
    if (o.today !== undefined) return `${key} is not read with today: give either today or from and to`;
    if (!isLocalDate(args.value)) return `${key} must be a date (YYYY-MM-DD), or give today: true`;
    if (key === 'to' && isLocalDate(o.from) && o.from > (args.value as string)) return 'to must not be before from';
    return undefined;
  }
  validate(_value: unknown, args: ValidationArguments): boolean {
    return this.problem(args) === undefined;
  }
  defaultMessage(args: ValidationArguments): string {
    return this.problem(args) ?? '';
  }
}

/** The period the freeze must overlap: today, or from..to (inclusive local dates). */
class SubscriptionFrozenParams {
  @ValidateIf((o: SubscriptionFrozenParams) => o.today !== undefined)
  @Equals(true, { message: 'today must be true (or give from and to instead)' })
  today?: true;

  @ValidateIf((o: SubscriptionFrozenParams) => o.today === undefined || o.from !== undefined)
  @Validate(FrozenPeriodDate)
  from?: string;

  @ValidateIf((o: SubscriptionFrozenParams) => o.today === undefined || o.to !== undefined)
  @Validate(FrozenPeriodDate)
  to?: string;
}

/** A freeze overlaps the period when it starts by its last day and has not ended before its first (open end = still frozen). */
export const subscriptionFrozenCondition = defineCondition({
  type: 'subscription_frozen',
  label: 'Active subscription - frozen',
  group: 'subscriptions',
  description: 'has an active subscription that is frozen at some point in the period',
  params: [
    { name: 'today', label: 'Frozen today', type: 'boolean', required: false, unit: 'true, instead of from/to' },
    { name: 'from', label: 'From', type: 'date', required: false, when: 'today is not set' },
    { name: 'to', label: 'To (inclusive)', type: 'date', required: false, when: 'today is not set' },
  ],
  dto: SubscriptionFrozenParams,
  neverNull: true,
  compile: (p, ctx) => {
    const from = p.today ? ctx.today : ctx.params.bind(p.from, 'date');
    const to = p.today ? ctx.today : ctx.params.bind(p.to, 'date');
    return hasActiveSubscriptionSql(ctx, `EXISTS (SELECT 1 FROM subscription_freeze f WHERE f.subscription_id = s.id AND f.starts_on <= ${to} AND (f.ends_on IS NULL OR f.ends_on >= ${from}))`);
  },
  // per active subscription, its freezes (any period, so a miss shows the freeze that fell outside)
  actual: (_p, ctx) =>
    activeSubscriptionsActualSql(
      ctx,
      `(SELECT COALESCE(jsonb_agg(jsonb_build_object('startsOn', f.starts_on, 'endsOn', f.ends_on) ORDER BY f.starts_on), '[]'::jsonb) FROM subscription_freeze f WHERE f.subscription_id = s.id)`,
    ),
});
