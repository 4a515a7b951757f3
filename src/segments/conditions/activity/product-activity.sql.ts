import { CompileContext } from '../../compiler/compile-context';
import { ClientRows, clientHasRowsSql, clientRowCountActualSql } from '../params/client-rows.params';
import { timestampInWindowSql, WindowValue } from '../params/window.params';

/** What was done with the product: booked (on the booking date), booking starts, or bought. */
type ProductActivity = 'booked' | 'booking_starts' | 'bought';

/**
 * The client has a booking / sale of one of `productIds` (an SQL array of product ids) in the
 * window. Bookings: any kind, cancelled ones never count (a cancelled booking neither "was
 * booked" nor starts); late cancels and no-shows do. `booked` reads booked_at (a booking without
 * one never matches), `booking_starts` reads starts_at (windows may lie in the future). Sales:
 * purchases only; a refund row (negative amount) is not a purchase and does not undo one.
 */
export function productActivitySql(activity: ProductActivity, productIds: string, window: WindowValue, ctx: CompileContext): string {
  return clientHasRowsSql(productActivityRows(activity, productIds, window, ctx));
}

/** For explain: how many such bookings / purchases the member has in the window (0 when none). */
export function productActivityActualSql(activity: ProductActivity, productIds: string, window: WindowValue, ctx: CompileContext): string {
  return clientRowCountActualSql(productActivityRows(activity, productIds, window, ctx));
}

function productActivityRows(activity: ProductActivity, productIds: string, window: WindowValue, ctx: CompileContext): ClientRows {
  if (activity === 'bought') {
    return {
      from: 'sale s',
      client: 's.client_id',
      where: [`s.business_id = ${ctx.businessId}`, timestampInWindowSql('s.sold_at', window, ctx), 's.amount >= 0', `s.product_id = ANY (${productIds})`],
    };
  }
  return {
    from: 'booking b',
    client: 'b.client_id',
    where: [
      `b.business_id = ${ctx.businessId}`,
      timestampInWindowSql(activity === 'booked' ? 'b.booked_at' : 'b.starts_at', window, ctx),
      `b.state <> 'cancelled'`,
      `b.product_id = ANY (${productIds})`,
    ],
  };
}
