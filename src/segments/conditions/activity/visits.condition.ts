import { defineCondition } from '../condition-definition';
import { CountComparisonParams, comparisonParamSpecs, wholeBounds } from '../params/comparison.params';
import { IsWindow, WindowValue, windowParamSpec } from '../params/window.params';
import { visitCountActualSql, visitCountSql } from './visit-count.sql';

class VisitsParams extends CountComparisonParams {
  @IsWindow()
  window!: WindowValue;
}

/** Unique local visit days (visit.visited_on is already the business's local day) in the window. */
export const visitsCondition = defineCondition({
  type: 'visits',
  label: 'Visits',
  group: 'activity',
  description: 'has that many unique visit days in the window (one per local day, however many check-ins)',
  params: [...comparisonParamSpecs('integer', 'visit days', wholeBounds('count')), windowParamSpec()],
  dto: VisitsParams,
  neverNull: true,
  heavy: true,
  compile: (p, ctx) => visitCountSql('count(DISTINCT v.visited_on)', [], p.window, p, ctx),
  actual: (p, ctx) => visitCountActualSql('count(DISTINCT v.visited_on)', [], p.window, ctx),
});
