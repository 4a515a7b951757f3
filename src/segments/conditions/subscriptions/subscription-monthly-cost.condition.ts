import { monthlyCostSql } from '../../../clients';
import { defineCondition } from '../condition-definition';
import { comparisonParamSpecs, comparisonSql, MoneyComparisonParams, wholeBounds } from '../params/comparison.params';
import { activeSubscriptionsActualSql, hasActiveSubscriptionSql } from './active-subscription.sql';

export class SubscriptionMonthlyCostParams extends MoneyComparisonParams {}

// the formula lives with the other shared definitions in clients (membership.sql.ts)
export { monthlyCostSql };

export const subscriptionMonthlyCostCondition = defineCondition({
  type: 'subscription_monthly_cost',
  label: 'Active subscription - monthly cost',
  group: 'subscriptions',
  description: 'has an active subscription whose cost per month compares (a 31-day month for daily billing)',
  params: comparisonParamSpecs('integer', 'minor units (cents) per month', wholeBounds('money')),
  dto: SubscriptionMonthlyCostParams,
  neverNull: true,
  compile: (p, ctx) => hasActiveSubscriptionSql(ctx, comparisonSql(monthlyCostSql('s'), p, ctx)),
  actual: (_p, ctx) => activeSubscriptionsActualSql(ctx, monthlyCostSql('s')),
});
