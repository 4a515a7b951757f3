import { defineCondition } from '../condition-definition';
import { comparisonParamSpecs, comparisonSql, MoneyComparisonParams, wholeBounds } from '../params/comparison.params';
import { activeSubscriptionsActualSql, hasActiveSubscriptionSql } from './active-subscription.sql';

export class SubscriptionMonthlyCostParams extends MoneyComparisonParams {}

/**
 * Monthly cost in minor units (segments.md): floor(price / interval * 31) per day,
 * floor(price / max(interval, 1)) per month. The day form multiplies before it divides, in
 * numeric: 3 per 31 days is 3, where (3 / 31) * 31 rounds to 2.99... and floors to 2. A day
 * interval of 0 has no cost (NULL never compares).
 */
export const monthlyCostSql = (s: string) =>
  `(CASE ${s}.billing_unit
      WHEN 'day' THEN floor(${s}.price * 31::numeric / NULLIF(${s}.billing_interval, 0))
      WHEN 'month' THEN floor(${s}.price::numeric / GREATEST(${s}.billing_interval, 1))
    END)`;

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
