import { IsNumber, ValidateIf } from 'class-validator';
import { actualSql, defineCondition } from '../condition-definition';
import { ComparisonParams, comparisonParamSpecs } from '../params/comparison.params';
import { IsBetweenUpperBound, IsWithin } from '../params/range.params';
import { realComparisonSql } from '../params/real.params';

// the column is real: a value past its range is an error in PostgreSQL; no client visits this often
const MAX_EXPECTED_VISITS = 1000;

class ExpectedVisitsParams extends ComparisonParams {
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'value must be a number' })
  @IsWithin(0, MAX_EXPECTED_VISITS)
  declare value: number;

  @ValidateIf((o: ExpectedVisitsParams) => o.operator === 'between' || o.to !== undefined)
  @IsBetweenUpperBound(MAX_EXPECTED_VISITS)
  declare to?: number;
}

/**
 * Estimated visits in the next 30 days (BG/NBD, fractional). The column is `real`: compared as
 * real (realComparisonSql), so a stored 2.3 equals 2.3. Clients without an
 * estimate (no visit history) never match.
 */
export const expectedVisitsCondition = defineCondition({
  type: 'expected_visits',
  label: 'Expected visits (next 30 days)',
  group: 'risk',
  description: 'has an estimated number of visits in the next 30 days that compares',
  params: comparisonParamSpecs('number', 'visits in the next 30 days (estimate, fractional)', { min: 0, max: MAX_EXPECTED_VISITS }),
  dto: ExpectedVisitsParams,
  neverNull: true,
  compile: (p, ctx) => `EXISTS (SELECT 1 FROM client_estimate e WHERE e.client_id = c.id AND e.business_id = ${ctx.businessId} AND ${realComparisonSql('e.expected_visits_30d', p, ctx)})`,
  actual: (_p, ctx) => actualSql(`(SELECT e.expected_visits_30d FROM client_estimate e WHERE e.client_id = c.id AND e.business_id = ${ctx.businessId})`),
});
