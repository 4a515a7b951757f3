import { CompileContext } from '../../compiler/compile-context';
import { ComparisonParams, Operator } from './comparison.params';

const SQL_OPERATOR: Record<Exclude<Operator, 'between'>, string> = { '=': '=', '!=': '<>', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

/**
 * comparisonSql for a `real` (float4) column. The bound value is rounded to real as well: compared
 * as numeric or double, a stored 12.34 (12.3400001525...) is not <= 12.34; compared as real it is
 * equal, and a btree index on the column applies (no per-row cast of the column).
 */
export function realComparisonSql(column: string, p: ComparisonParams, ctx: CompileContext): string {
  const bind = (v: number | undefined) => `${ctx.params.bind(v, 'numeric')}::real`;
  if (p.operator === 'between') return `(${column} BETWEEN ${bind(p.value)} AND ${bind(p.to)})`;
  return `(${column} ${SQL_OPERATOR[p.operator]} ${bind(p.value)})`;
}
