import { defineCondition } from '../condition-definition';
import { NoParams } from '../params/none.params';
import { hasActiveSubscriptionSql } from './active-subscription.sql';

export const activeSubscriptionCondition = defineCondition({
  type: 'active_subscription',
  label: 'Active subscription',
  group: 'subscriptions',
  description: 'has at least one active subscription',
  params: [],
  dto: NoParams,
  neverNull: true,
  compile: (_p, ctx) => hasActiveSubscriptionSql(ctx),
});
