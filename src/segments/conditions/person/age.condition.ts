import { ComparisonParams, comparisonParamSpecs, comparisonSql } from '../params/comparison.params';
import { defineCondition } from '../condition-definition';

export class AgeParams extends ComparisonParams {}

/** Whole years old today; no birth date never matches. */
export const ageCondition = defineCondition({
  type: 'age',
  label: 'Age',
  group: 'person',
  description: 'is that old today (whole years, from birth date)',
  params: comparisonParamSpecs('integer', 'years'),
  dto: AgeParams,
  compile: (p, ctx) => comparisonSql(`date_part('year', age(${ctx.today}, c.birth_date))`, p, ctx),
});
