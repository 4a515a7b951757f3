import { actualSql, defineCondition } from '../condition-definition';
import { comparisonParamSpecs, DaysComparisonParams, wholeBounds } from '../params/comparison.params';
import { daysAgoSql } from '../params/days-ago.params';

class DaysSinceRegistrationParams extends DaysComparisonParams {}

/**
 * Today minus the local date of registered_at (local midnight of the first subscription's
 * starts_on). Not registered, or a first subscription that has not started yet, never matches.
 */
export const daysSinceRegistrationCondition = defineCondition({
  type: 'days_since_registration',
  label: 'Days since registration',
  group: 'subscriptions',
  description: 'started their first subscription that many days ago',
  params: comparisonParamSpecs('integer', 'days', wholeBounds('days')),
  dto: DaysSinceRegistrationParams,
  compile: (p, ctx) => daysAgoSql(`${ctx.client}.registered_at`, p, ctx),
  actual: (_p, ctx) => actualSql(`(${ctx.today} - (c.registered_at AT TIME ZONE ${ctx.timezone})::date)`, { registeredAt: 'c.registered_at' }),
});
