import { IsIn, Validate, ValidateIf, ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { HealthBand } from '../../../risk';
import { defineCondition } from '../condition-definition';
import { choiceListParamSpec, choiceListProblem } from '../params/choice.params';
import { IsBetweenUpperBound } from '../params/range.params';
import { ComparisonParams, comparisonParamSpecs, comparisonSql, Operator, OPERATORS } from '../params/comparison.params';

export const HEALTH_BANDS = ['green', 'yellow', 'red'] as const satisfies readonly HealthBand[];

const comparisonGiven = (o: HealthParams) => o.operator !== undefined || o.value !== undefined || o.to !== undefined;

/** Exactly one form, bands or a score comparison; the bands themselves when that is the form. */
@ValidatorConstraint({ name: 'healthForm' })
class HealthForm implements ValidatorConstraintInterface {
  validate(bands: unknown, args: ValidationArguments): boolean {
    return this.problem(bands, args.object as HealthParams) === undefined;
  }
  defaultMessage(args: ValidationArguments): string {
    return this.problem(args.value, args.object as HealthParams) ?? '';
  }
  private problem(bands: unknown, o: HealthParams): string | undefined {
    if (bands !== undefined && comparisonGiven(o)) return 'give either bands or a score comparison (operator, value), not both';
    if (bands === undefined && !comparisonGiven(o)) return `give bands (${HEALTH_BANDS.join(', ')}) or a score comparison (operator, value)`;
    return bands === undefined ? undefined : choiceListProblem('bands', bands, HEALTH_BANDS);
  }
}

const isScore = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 100;

@ValidatorConstraint({ name: 'healthScore' })
class IsScore implements ValidatorConstraintInterface {
  validate = isScore;
  defaultMessage = () => 'value must be a score from 0 to 100';
}

/** { bands: [...] } or { operator, value, to? } on the 0-100 score; exactly one. */
class HealthParams {
  @Validate(HealthForm)
  bands?: HealthBand[];

  @ValidateIf((o: HealthParams) => o.bands === undefined && comparisonGiven(o))
  @IsIn(OPERATORS, { message: `operator must be one of ${OPERATORS.join(', ')}` })
  operator?: Operator;

  @ValidateIf((o: HealthParams) => o.bands === undefined && comparisonGiven(o))
  @Validate(IsScore)
  value?: number;

  @ValidateIf((o: HealthParams) => o.bands === undefined && (o.operator === 'between' || o.to !== undefined))
  @IsBetweenUpperBound(100, 'a score')
  to?: number;
}

/** The health band, or the 0-100 score, from client_health; unscored clients never match. */
export const healthCondition = defineCondition({
  type: 'health',
  label: 'Health band / score',
  group: 'risk',
  description: 'has one of these health bands, or a health score (0-100) that compares',
  params: [
    { ...choiceListParamSpec('bands', 'Band', HEALTH_BANDS, false), when: 'instead of operator / value' },
    ...comparisonParamSpecs('number', 'score 0-100', { min: 0, max: 100 }).map((s) =>
      s.type === 'operator' ? { ...s, required: false, when: 'instead of bands' } : { ...s, required: false, when: s.when ?? 'instead of bands' },
    ),
  ],
  dto: HealthParams,
  neverNull: true,
  compile: (p, ctx) => {
    const test = p.bands ? `hl.band = ANY(${ctx.params.bind(p.bands, 'text[]')})` : comparisonSql('hl.score', p as ComparisonParams, ctx);
    return `EXISTS (SELECT 1 FROM client_health hl WHERE hl.client_id = c.id AND hl.business_id = ${ctx.businessId} AND ${test})`;
  },
  actual: (_p, ctx) => `(SELECT jsonb_build_object('value', hl.score, 'band', hl.band) FROM client_health hl WHERE hl.client_id = c.id AND hl.business_id = ${ctx.businessId})`,
});
