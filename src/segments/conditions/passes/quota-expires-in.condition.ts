import { defineCondition } from '../condition-definition';
import { DaysComparisonParams, comparisonParamSpecs, comparisonSql, wholeBounds } from '../params/comparison.params';
import { activeQuotasActualSql, hasActiveQuotaSql } from './active-quota.sql';

class QuotaExpiresInParams extends DaysComparisonParams {}

/** Some active quota expires that many local days from today (0 = expires today); no expiry never matches. */
export const quotaExpiresInCondition = defineCondition({
  type: 'quota_expires_in',
  label: 'Quota expires in',
  group: 'passes',
  description: 'has an active clip card / class pack expiring in that many days (0 = today)',
  params: comparisonParamSpecs('integer', 'days', wholeBounds('days')),
  dto: QuotaExpiresInParams,
  neverNull: true,
  compile: (p, ctx) => hasActiveQuotaSql(comparisonSql(`(q.expires_on - ${ctx.today})`, p, ctx, 'int'), ctx),
  actual: (_p, ctx) => activeQuotasActualSql(`(q.expires_on - ${ctx.today})`, ctx),
});
