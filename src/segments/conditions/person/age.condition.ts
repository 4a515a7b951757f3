import { IsNumber, ValidateIf } from 'class-validator';
import { ComparisonParams, comparisonParamSpecs, comparisonSql } from '../params/comparison.params';
import { IsBetweenUpperBound, IsWithin } from '../params/range.params';
import { actualSql, defineCondition } from '../condition-definition';

const MAX_AGE = 150;

class AgeParams extends ComparisonParams {
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'value must be a number' })
  @IsWithin(0, MAX_AGE, 'a number of years')
  declare value: number;

  @ValidateIf((o: AgeParams) => o.operator === 'between' || o.to !== undefined)
  @IsBetweenUpperBound(MAX_AGE, 'a number of years')
  declare to?: number;
}

/** Whole years old today; no birth date never matches. */
export const ageCondition = defineCondition({
  type: 'age',
  label: 'Age',
  group: 'person',
  description: 'is that old today (whole years, from birth date)',
  params: comparisonParamSpecs('integer', 'years', { min: 0, max: MAX_AGE }),
  dto: AgeParams,
  compile: (p, ctx) => comparisonSql(`date_part('year', age(${ctx.today}, c.birth_date))`, p, ctx),
  actual: (_p, ctx) => actualSql(`date_part('year', age(${ctx.today}, c.birth_date))`, { birthDate: 'c.birth_date' }),
});
