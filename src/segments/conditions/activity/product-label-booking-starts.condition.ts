import { defineCondition } from '../condition-definition';
import { productIdsByLabelSql, ProductLabelFilterParams, productLabelParamSpec } from '../params/product-filter.params';
import { IsWindow, WindowValue, windowParamSpec } from '../params/window.params';
import { productActivityActualSql, productActivitySql } from './product-activity.sql';

class ProductLabelBookingStartsParams extends ProductLabelFilterParams {
  @IsWindow()
  window!: WindowValue;
}

export const productLabelBookingStartsCondition = defineCondition({
  type: 'product_label_booking_starts',
  label: 'Product label - booked (start date)',
  group: 'activity',
  description: 'has a booking of a product carrying one of the labels starting in the window (a future window finds upcoming bookings); cancelled bookings do not count',
  params: [productLabelParamSpec, windowParamSpec(true, 'Starting in')],
  dto: ProductLabelBookingStartsParams,
  heavy: true,
  compile: (p, ctx) => productActivitySql('booking_starts', productIdsByLabelSql(p, ctx), p.window, ctx),
  actual: (p, ctx) => productActivityActualSql('booking_starts', productIdsByLabelSql(p, ctx), p.window, ctx),
});
