import { CompileContext, CompileScope, newCompileContext } from '../compiler/compile-context';
import { compileNode } from '../compiler/compile-tree';
import { ValidNode } from '../compiler/validate-tree';

/**
 * The segment as a WHERE clause over `client c`: scoped to the business, live clients only, and
 * the tree. Every value is a bound parameter; the business id is always $1.
 */
export function segmentWhere(tree: ValidNode, scope: CompileScope): { where: string; ctx: CompileContext } {
  const ctx = newCompileContext(scope);
  const where = `c.business_id = ${ctx.businessId} AND c.deleted_at IS NULL AND ${compileNode(tree, ctx)}`;
  return { where, ctx };
}
