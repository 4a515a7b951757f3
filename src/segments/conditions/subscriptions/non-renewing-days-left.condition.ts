import { defineCondition } from '../condition-definition';
import { comparisonParamSpecs, comparisonSql, DaysComparisonParams, wholeBounds } from '../params/comparison.params';
import { activeSubscriptionsActualSql, hasActiveSubscriptionSql } from './active-subscription.sql';

class NonRenewingDaysLeftParams extends DaysComparisonParams {}

/** Days from today to ends_on (0 = ends today) of an active subscription that will not renew. */
export const nonRenewingDaysLeftCondition = defineCondition({
  type: 'non_renewing_days_left',
  label: 'Days left on non-renewing subscription',
  group: 'subscriptions',
  description: 'has an active subscription with auto-renew off that ends in that many days',
  params: comparisonParamSpecs('integer', 'days', wholeBounds('days')),
  dto: NonRenewingDaysLeftParams,
  neverNull: true,
  compile: (p, ctx) => hasActiveSubscriptionSql(ctx, `NOT s.auto_renew AND s.ends_on IS NOT NULL AND ${comparisonSql(`(s.ends_on - ${ctx.today})`, p, ctx, 'int')}`),
  actual: (_p, ctx) => activeSubscriptionsActualSql(ctx, `(s.ends_on - ${ctx.today})`, `NOT s.auto_renew AND s.ends_on IS NOT NULL`),
});
