import { activeSubscriptionSql } from '../../../clients/membership.sql';
import { CompileContext } from '../../compiler/compile-context';

/**
 * The client has an active subscription (the shared definition, membership.sql.ts) that also
 * satisfies `where`, a condition over `s`. Correlated on subscription_client_idx.
 */
export function hasActiveSubscriptionSql(ctx: CompileContext, where?: string): string {
  return `EXISTS (SELECT 1 FROM subscription s WHERE s.client_id = ${ctx.client}.id AND ${activeSubscriptionSql('s', ctx.today)}${where ? ` AND ${where}` : ''})`;
}
