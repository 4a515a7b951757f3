import { IsNumber, ValidateIf } from 'class-validator';
import { actualSql, defineCondition } from '../condition-definition';
import { ComparisonParams, comparisonParamSpecs } from '../params/comparison.params';
import { IsBetweenUpperBound, IsWithin } from '../params/range.params';
import { realComparisonSql } from '../params/real.params';

class ChurnProbabilityParams extends ComparisonParams {
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'value must be a number' })
  @IsWithin(0, 100, 'a percentage')
  declare value: number;

  @ValidateIf((o: ChurnProbabilityParams) => o.operator === 'between' || o.to !== undefined)
  @IsBetweenUpperBound(100, 'a percentage')
  declare to?: number;
}

/**
 * Estimated churn probability (BG/NBD, 1 - P(alive)) in percent. client_estimate stores it as
 * percent already (0-100, two decimals; Estimation migration and EstimationRepository.save), in
 * a `real` column: compared as real (realComparisonSql), so 12.34 equals 12.34.
 * Clients without an estimate (no visit history) never match.
 */
export const churnProbabilityCondition = defineCondition({
  type: 'churn_probability',
  label: 'Churn probability',
  group: 'risk',
  description: 'has an estimated churn probability (percent) that compares',
  params: comparisonParamSpecs('number', 'percent 0-100', { min: 0, max: 100 }),
  dto: ChurnProbabilityParams,
  neverNull: true,
  compile: (p, ctx) => `EXISTS (SELECT 1 FROM client_estimate e WHERE e.client_id = c.id AND e.business_id = ${ctx.businessId} AND ${realComparisonSql('e.churn_probability', p, ctx)})`,
  actual: (_p, ctx) => actualSql(`(SELECT e.churn_probability FROM client_estimate e WHERE e.client_id = c.id AND e.business_id = ${ctx.businessId})`),
});
