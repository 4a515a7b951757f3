import { IsIn, IsInt, IsNumber, Validate, ValidateIf, ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { CompileContext, SqlCast } from '../../compiler/compile-context';
import { ParamSpec } from '../condition-definition';
import { IsWithin } from './range.params';

export const OPERATORS = ['=', '!=', '<', '<=', '>', '>=', 'between'] as const;
export type Operator = (typeof OPERATORS)[number];

@ValidatorConstraint({ name: 'betweenUpperBound' })
class BetweenUpperBound implements ValidatorConstraintInterface {
  validate(to: unknown, args: ValidationArguments): boolean {
    const o = args.object as { operator?: string; value?: unknown };
    return o.operator === 'between' && typeof to === 'number' && (typeof o.value !== 'number' || to >= o.value);
  }
  defaultMessage(args: ValidationArguments): string {
    const o = args.object as { operator?: string };
    return o.operator === 'between' ? 'to must be a number >= value' : 'to is only read with operator "between"';
  }
}

/** `operator`, `value` and, for between, `to` (inclusive), flat on the leaf. */
export class ComparisonParams {
  @IsIn(OPERATORS, { message: `operator must be one of ${OPERATORS.join(', ')}` })
  operator!: Operator;

  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'value must be a number' })
  value!: number;

  @ValidateIf((o: ComparisonParams) => o.operator === 'between' || o.to !== undefined)
  @Validate(BetweenUpperBound)
  to?: number;
}

/**
 * Upper bounds of whole-number comparisons (issue #17: values past them reached PostgreSQL as
 * int / date arithmetic out of range, a 500 on preview and a failed recompute ever after). Each
 * is far beyond any real value and is served in the catalogue (min / max of value and to).
 */
export const COMPARISON_LIMITS = {
  /** Visits, check-ins, classes, bookings, no-shows, units left. */
  count: 100_000,
  /** Days ago / days from today: about 100 years. */
  days: 36_600,
  /** Minor units (cents) per month. */
  money: 100_000_000_000,
} as const;

/** A comparison of a whole number from 0 to max, both value and (for between) to. */
function wholeComparison(max: number) {
  class WholeComparisonParams extends ComparisonParams {
    @IsInt({ message: 'value must be a whole number' })
    @IsWithin(0, max, 'a whole number')
    declare value: number;

    @ValidateIf((o: WholeComparisonParams) => o.operator === 'between' || o.to !== undefined)
    // (ComparisonParams's own check of to stays: only with between, and >= value)
    @IsInt({ message: 'to must be a whole number' })
    @IsWithin(0, max, 'a whole number')
    declare to?: number;
  }
  return WholeComparisonParams;
}

/** A comparison of a whole, non-negative count (visits, check-ins, units): 0 to COMPARISON_LIMITS.count. */
export class CountComparisonParams extends wholeComparison(COMPARISON_LIMITS.count) {}

/** A number of days (ago, or from today): 0 to COMPARISON_LIMITS.days. */
export class DaysComparisonParams extends wholeComparison(COMPARISON_LIMITS.days) {}

/** An amount in minor units: 0 to COMPARISON_LIMITS.money. */
export class MoneyComparisonParams extends wholeComparison(COMPARISON_LIMITS.money) {}

const SQL_OPERATOR: Record<Exclude<Operator, 'between'>, string> = { '=': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

/** `expr <op> $n` (or BETWEEN) with the value(s) bound. */
export function comparisonSql(expr: string, p: ComparisonParams, ctx: CompileContext, cast: SqlCast = 'numeric'): string {
  if (p.operator === 'between') return `(${expr} BETWEEN ${ctx.params.bind(p.value, cast)} AND ${ctx.params.bind(p.to, cast)})`;
  return `(${expr} ${SQL_OPERATOR[p.operator]} ${ctx.params.bind(p.value, cast)})`;
}

/** True when a count of zero satisfies the comparison (so "no rows" clients must match too). */
export function comparisonMatchesZero(p: ComparisonParams): boolean {
  switch (p.operator) {
    case '=':
      return p.value === 0;
    case '!=':
      return p.value !== 0;
    case '<':
      return p.value > 0;
    case '<=':
      return p.value >= 0;
    case '>':
      return p.value < 0;
    case '>=':
      return p.value <= 0;
    case 'between':
      return p.value <= 0 && (p.to ?? 0) >= 0;
  }
}

/** Bounds of a comparison's value and to, as the catalogue shows them. */
interface ComparisonBounds {
  min?: number;
  max?: number;
}

/** Catalogue entries for operator / value / to, with the bounds validation applies. */
export function comparisonParamSpecs(valueType: 'number' | 'integer', unit: string | undefined, bounds: ComparisonBounds, operators: readonly Operator[] = OPERATORS): ParamSpec[] {
  return [
    { name: 'operator', label: 'Comparison', type: 'operator', required: true, operators },
    { name: 'value', label: 'Value', type: valueType, required: true, unit, ...bounds },
    { name: 'to', label: 'Up to (inclusive)', type: valueType, required: false, unit, when: 'operator = between', ...bounds },
  ];
}

/** The catalogue bounds of a whole-number comparison of this kind. */
export const wholeBounds = (kind: keyof typeof COMPARISON_LIMITS): ComparisonBounds => ({ min: 0, max: COMPARISON_LIMITS[kind] });
