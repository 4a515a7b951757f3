import { activeSubscriptionSql } from '../../../clients';
import { CompileContext } from '../../compiler/compile-context';
import { actualSql } from '../condition-definition';

/**
 * The client has an active subscription (the shared definition, membership.sql.ts) that also
 * satisfies `where`, a condition over `s`. Correlated on subscription_client_idx.
 */
export function hasActiveSubscriptionSql(ctx: CompileContext, where?: string): string {
  // scoped by business as well as client, so a payment-method test can use the covering
  // subscription_payment_method_idx (business_id, payment_method, client_id) as a set
  return `EXISTS (SELECT 1 FROM subscription s WHERE s.client_id = ${ctx.client}.id AND s.business_id = ${ctx.businessId} AND ${activeSubscriptionSql('s', ctx.today)}${where ? ` AND ${where}` : ''})`;
}

/** For explain: `expr` over each of the client's active subscriptions (that also meet `where`), as a JSON list (empty when none). */
export function activeSubscriptionsActualSql(ctx: CompileContext, expr: string, where?: string): string {
  return actualSql(
    `(SELECT COALESCE(jsonb_agg(${expr} ORDER BY s.id), '[]'::jsonb) FROM subscription s WHERE s.client_id = ${ctx.client}.id AND s.business_id = ${ctx.businessId} AND ${activeSubscriptionSql('s', ctx.today)}${where ? ` AND ${where}` : ''})`,
  );
}
