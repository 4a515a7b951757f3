import { defineCondition } from '../condition-definition';
import { productFilterParamSpecs, ProductFilterParams, productIdsSql } from '../params/product-filter.params';
import { IsWindow, WindowValue, windowParamSpec } from '../params/window.params';
import { productActivityActualSql, productActivitySql } from './product-activity.sql';

class ProductBookingStartsParams extends ProductFilterParams {
  @IsWindow()
  window!: WindowValue;
}

export const productBookingStartsCondition = defineCondition({
  type: 'product_booking_starts',
  label: 'Product - booked (start date)',
  group: 'activity',
  description: 'has a booking of such a product (by kind and/or product) starting in the window (a future window finds upcoming bookings); cancelled bookings do not count',
  params: [...productFilterParamSpecs, windowParamSpec(true, 'Starting in')],
  dto: ProductBookingStartsParams,
  heavy: true,
  compile: (p, ctx) => productActivitySql('booking_starts', productIdsSql(p, ctx), p.window, ctx),
  actual: (p, ctx) => productActivityActualSql('booking_starts', productIdsSql(p, ctx), p.window, ctx),
});
