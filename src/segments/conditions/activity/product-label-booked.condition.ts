import { defineCondition } from '../condition-definition';
import { productIdsByLabelSql, ProductLabelFilterParams, productLabelParamSpec } from '../params/product-filter.params';
import { IsWindow, WindowValue, windowParamSpec } from '../params/window.params';
import { productActivityActualSql, productActivitySql } from './product-activity.sql';

class ProductLabelBookedParams extends ProductLabelFilterParams {
  @IsWindow()
  window!: WindowValue;
}

export const productLabelBookedCondition = defineCondition({
  type: 'product_label_booked',
  label: 'Product label - booked (booking date)',
  group: 'activity',
  description: 'made a booking of a product carrying one of the labels in the window, by the date the booking was made; cancelled bookings do not count',
  params: [productLabelParamSpec, windowParamSpec(true, 'Booked in')],
  dto: ProductLabelBookedParams,
  heavy: true,
  compile: (p, ctx) => productActivitySql('booked', productIdsByLabelSql(p, ctx), p.window, ctx),
  actual: (p, ctx) => productActivityActualSql('booked', productIdsByLabelSql(p, ctx), p.window, ctx),
});
