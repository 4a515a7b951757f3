import { defineCondition } from '../condition-definition';
import { productFilterParamSpecs, ProductFilterParams, productIdsSql } from '../params/product-filter.params';
import { IsWindow, WindowValue, windowParamSpec } from '../params/window.params';
import { productActivityActualSql, productActivitySql } from './product-activity.sql';

class ProductBookedParams extends ProductFilterParams {
  @IsWindow()
  window!: WindowValue;
}

export const productBookedCondition = defineCondition({
  type: 'product_booked',
  label: 'Product - booked (booking date)',
  group: 'activity',
  description: 'made a booking of such a product (by kind and/or product) in the window, by the date the booking was made; cancelled bookings do not count',
  params: [...productFilterParamSpecs, windowParamSpec(true, 'Booked in')],
  dto: ProductBookedParams,
  heavy: true,
  compile: (p, ctx) => productActivitySql('booked', productIdsSql(p, ctx), p.window, ctx),
  actual: (p, ctx) => productActivityActualSql('booked', productIdsSql(p, ctx), p.window, ctx),
});
