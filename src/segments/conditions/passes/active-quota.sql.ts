import { activeQuotaSql } from '../../../clients';
import { CompileContext } from '../../compiler/compile-context';
import { actualSql } from '../condition-definition';

/** `EXISTS` an active quota of the client `c` that also satisfies `test` (over alias `q`). */
export function hasActiveQuotaSql(test: string, ctx: CompileContext): string {
  return `EXISTS (SELECT 1 FROM quota q WHERE q.client_id = c.id AND q.business_id = ${ctx.businessId} AND ${activeQuotaSql('q', ctx.today)} AND ${test})`;
}

/** For explain: `expr` over each of the client's active quotas, as a JSON list (empty when none). */
export function activeQuotasActualSql(expr: string, ctx: CompileContext): string {
  return actualSql(
    `(SELECT COALESCE(jsonb_agg(${expr} ORDER BY q.id), '[]'::jsonb) FROM quota q WHERE q.client_id = c.id AND q.business_id = ${ctx.businessId} AND ${activeQuotaSql('q', ctx.today)})`,
  );
}
