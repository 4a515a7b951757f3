import { defineCondition } from '../condition-definition';
import { CountComparisonParams, comparisonParamSpecs, comparisonSql, wholeBounds } from '../params/comparison.params';
import { activeQuotasActualSql, hasActiveQuotaSql } from './active-quota.sql';

class QuotaUnitsLeftParams extends CountComparisonParams {}

/** Some active quota's units left (total - used, always >= 1) compares. */
export const quotaUnitsLeftCondition = defineCondition({
  type: 'quota_units_left',
  label: 'Quota units left',
  group: 'passes',
  description: 'has an active clip card / class pack with that many units left',
  params: comparisonParamSpecs('integer', 'units', wholeBounds('count')),
  dto: QuotaUnitsLeftParams,
  neverNull: true,
  compile: (p, ctx) => hasActiveQuotaSql(comparisonSql('(q.total_units - q.used_units)', p, ctx, 'int'), ctx),
  actual: (_p, ctx) => activeQuotasActualSql('(q.total_units - q.used_units)', ctx),
});
