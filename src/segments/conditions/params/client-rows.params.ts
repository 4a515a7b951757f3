import { CompileContext } from '../../compiler/compile-context';
import { actualSql } from '../condition-definition';
import { CountComparisonParams, comparisonMatchesZero, comparisonSql } from './comparison.params';

/**
 * Rows of one large table (visits, bookings, sales, invoices) that belong to clients: `from`
 * names the table and alias, `client` its client column, `where` the filters. The filters must
 * scope the rows to the business themselves (`<alias>.business_id = ${ctx.businessId}`); they
 * must not refer to `c`, so the set is computed once per statement.
 */
export interface ClientRows {
  from: string;
  client: string;
  where: ReadonlyArray<string | false | undefined | null>;
}

/**
 * The clients with such rows as one uncorrelated set, grouped by client (`having` filters the
 * groups), tested as `EXISTS (... x WHERE x.client_id = c.id)`.
 *
 * Why this shape: PostgreSQL plans an EXISTS whose only outer reference is that equality as an
 * alternative pair: the whole set hashed once per statement (a hashed subplan over the
 * (business_id, day) index or a scan), or, when the planner thinks the set would not fit in
 * hash memory, a per-client probe of the (client_id, ...) index. `c.id IN (SELECT ...)` has no
 * such fallback: leaves sit inside COALESCE, so it is never pulled up into a join, and when it
 * is not hashable it becomes a materialized list scanned once per client (planned at 2e11 on
 * 1M clients). GROUP BY keeps the planner's size estimate at clients, not rows.
 */
function inClientSet(rows: ClientRows, having?: string): string {
  const where = rows.where.filter((w): w is string => !!w);
  return `EXISTS (SELECT 1 FROM (SELECT ${rows.client} AS client_id FROM ${rows.from}
    WHERE ${where.join(' AND ')} GROUP BY ${rows.client}${having ? ` HAVING ${having}` : ''}) client_set_
    WHERE client_set_.client_id = c.id)`;
}

/** The client has at least one such row (and, with `having`, their rows' aggregate passes it). */
export function clientHasRowsSql(rows: ClientRows, having?: string): string {
  return inClientSet(rows, having);
}

/**
 * The client's number of such rows (`count`, an aggregate over the rows, e.g.
 * `count(DISTINCT v.visited_on)`, or `count(*) FILTER (WHERE ...)`, which may be 0 for a client
 * with rows) compares. Clients without rows count zero: when zero satisfies
 * the comparison the condition is compiled as its complement, "not among the clients whose
 * (positive) count fails it", so the set stays those with rows and never lists everyone else.
 */
export function clientCountSql(rows: ClientRows, count: string, p: CountComparisonParams, ctx: CompileContext): string {
  const compare = comparisonSql(count, p, ctx, 'int');
  return comparisonMatchesZero(p) ? `(NOT ${inClientSet(rows, `NOT ${compare}`)})` : inClientSet(rows, compare);
}

/** For explain: the member's number of such rows as `{"value": n}` (0 when none). */
export function clientRowCountActualSql(rows: ClientRows): string {
  const where = rows.where.filter((w): w is string => !!w);
  return actualSql(`(SELECT count(*)::int FROM ${rows.from} WHERE ${rows.client} = c.id AND ${where.join(' AND ')})`);
}
