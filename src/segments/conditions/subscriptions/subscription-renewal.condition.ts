import { IsBoolean } from 'class-validator';
import { defineCondition } from '../condition-definition';
import { activeSubscriptionsActualSql, hasActiveSubscriptionSql } from './active-subscription.sql';

class SubscriptionRenewalParams {
  @IsBoolean({ message: 'on must be true or false' })
  on!: boolean;
}

export const subscriptionRenewalCondition = defineCondition({
  type: 'subscription_renewal',
  label: 'Active subscription - renewal',
  group: 'subscriptions',
  description: 'has an active subscription with auto-renew on (or off)',
  params: [{ name: 'on', label: 'Auto-renew on', type: 'boolean', required: true }],
  dto: SubscriptionRenewalParams,
  neverNull: true,
  compile: (p, ctx) => hasActiveSubscriptionSql(ctx, `s.auto_renew = ${ctx.params.bind(p.on, 'boolean')}`),
  actual: (_p, ctx) => activeSubscriptionsActualSql(ctx, 's.auto_renew'),
});
