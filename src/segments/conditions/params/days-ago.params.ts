import { CompileContext } from '../../compiler/compile-context';
import { CountComparisonParams } from './comparison.params';

/**
 * "That many local days ago" for a timestamptz column: today minus the column's local date in
 * the business's time zone (0 = today), compared. Written as ranges on the column itself (local
 * midnights converted once per statement) so (business_id, column) indexes apply and no row's
 * time zone is converted. NULL and moments after today never match.
 */
export function daysAgoSql(column: string, p: CountComparisonParams, ctx: CompileContext): string {
  const startOf = (localDate: string) => `(${localDate})::timestamp AT TIME ZONE ${ctx.timezone}`;
  const daysBack = (n: number) => `(${ctx.today} - ${ctx.params.bind(n, 'int')})`;
  const notFuture = `${column} < ${startOf(`${ctx.today} + 1`)}`;
  // the local date D = today - value; days op value <=> date (reversed op) D
  const d = daysBack(p.value);
  switch (p.operator) {
    case '=':
      return `(${column} >= ${startOf(d)} AND ${column} < ${startOf(`${d} + 1`)})`;
    case '!=':
      return `((${column} < ${startOf(d)} OR ${column} >= ${startOf(`${d} + 1`)}) AND ${notFuture})`;
    case '<':
      return `(${column} >= ${startOf(`${d} + 1`)} AND ${notFuture})`;
    case '<=':
      return `(${column} >= ${startOf(d)} AND ${notFuture})`;
    case '>':
      return `(${column} < ${startOf(d)})`;
    case '>=':
      return `(${column} < ${startOf(`${d} + 1`)})`;
    case 'between':
      // value..to days ago = the local dates today - to .. today - value
      return `(${column} >= ${startOf(daysBack(p.to as number))} AND ${column} < ${startOf(`${d} + 1`)})`;
  }
}
