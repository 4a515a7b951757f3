import { activeQuotaSql } from '../../../clients';
import { CompileContext } from '../../compiler/compile-context';

/** `EXISTS` an active quota of the client `c` that also satisfies `test` (over alias `q`). */
export function hasActiveQuotaSql(test: string, ctx: CompileContext): string {
  return `EXISTS (SELECT 1 FROM quota q WHERE q.client_id = c.id AND q.business_id = ${ctx.businessId} AND ${activeQuotaSql('q', ctx.today)} AND ${test})`;
}
