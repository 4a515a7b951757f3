import { defineCondition } from '../condition-definition';
import { NoParams } from '../params/none.params';
import { activeSubscriptionsActualSql, hasActiveSubscriptionSql } from './active-subscription.sql';

export const activeSubscriptionCondition = defineCondition({
  type: 'active_subscription',
  label: 'Active subscription',
  group: 'subscriptions',
  description: 'has at least one active subscription',
  params: [],
  dto: NoParams,
  neverNull: true,
  compile: (_p, ctx) => hasActiveSubscriptionSql(ctx),
  // the active subscriptions' product names (the subscription's own name when it has no product)
  actual: (_p, ctx) => activeSubscriptionsActualSql(ctx, `COALESCE((SELECT p.name FROM product p WHERE p.id = s.product_id), s.name)`),
});
