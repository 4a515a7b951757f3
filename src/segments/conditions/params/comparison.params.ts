import { IsIn, IsInt, IsNumber, Min, Validate, ValidateIf, ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { CompileContext, SqlCast } from '../../compiler/compile-context';
import { ParamSpec } from '../condition-definition';

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

/** A comparison of a whole, non-negative count (visits, days, units). */
export class CountComparisonParams extends ComparisonParams {
  @IsInt({ message: 'value must be a whole number' })
  @Min(0)
  declare value: number;

  @ValidateIf((o: CountComparisonParams) => o.operator === 'between' || o.to !== undefined)
  @IsInt({ message: 'to must be a whole number' })
  @Validate(BetweenUpperBound)
  declare to?: number;
}

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

/** Catalogue entries for operator / value / to. */
export function comparisonParamSpecs(valueType: 'number' | 'integer', unit?: string, operators: readonly Operator[] = OPERATORS): ParamSpec[] {
  return [
    { name: 'operator', label: 'Comparison', type: 'operator', required: true, operators },
    { name: 'value', label: 'Value', type: valueType, required: true, unit, ...(valueType === 'integer' ? { min: 0 } : {}) },
    { name: 'to', label: 'Up to (inclusive)', type: valueType, required: false, unit, when: 'operator = between' },
  ];
}
