import { CompileContext } from '../../compiler/compile-context';
import { ValidateIf } from 'class-validator';
import { defineCondition } from '../condition-definition';
import { ClientRows, clientCountSql, clientRowCountActualSql } from '../params/client-rows.params';
import { CountComparisonParams, comparisonParamSpecs, wholeBounds } from '../params/comparison.params';
import { IsProductIdList, IsTextList } from '../params/product-filter.params';
import { IsWindow, timestampInWindowSql, WindowValue, windowParamSpec } from '../params/window.params';

class ServiceBookingsParams extends CountComparisonParams {
  @IsWindow()
  window!: WindowValue;

  @ValidateIf((o: ServiceBookingsParams) => o.serviceCategories !== undefined)
  @IsTextList()
  serviceCategories?: string[];

  @ValidateIf((o: ServiceBookingsParams) => o.productIds !== undefined)
  @IsProductIdList()
  productIds?: string[];
}

/**
 * Appointment bookings starting in the window (future windows count upcoming ones), whatever
 * happened to them except a cancellation: a late cancel or a no-show was still a booking made.
 * Filter: a booking matches when its service category is one of serviceCategories (the
 * booking's own category, or its product's when the booking has none) OR its product is one of
 * productIds; both name services, so giving both widens.
 */
export const serviceBookingsCondition = defineCondition({
  type: 'service_bookings',
  label: 'Service booking',
  group: 'activity',
  description: 'made that many appointment bookings (not cancelled) starting in the window, optionally only for these service categories or services',
  params: [
    ...comparisonParamSpecs('integer', 'bookings', wholeBounds('count')),
    windowParamSpec(),
    { name: 'serviceCategories', label: 'Service categories', type: 'string[]', required: false },
    { name: 'productIds', label: 'Services (products)', type: 'id[]', required: false },
  ],
  dto: ServiceBookingsParams,
  heavy: true,
  compile: (p, ctx) => clientCountSql(serviceBookings(p, ctx), 'count(*)', p, ctx),
  actual: (p, ctx) => clientRowCountActualSql(serviceBookings(p, ctx)),
});

function serviceBookings(p: ServiceBookingsParams, ctx: CompileContext): ClientRows {
  const products = (where: string) => `ARRAY(SELECT p.id FROM product p WHERE p.business_id = ${ctx.businessId} AND ${where})`;
  let categories: string | undefined;
  if (p.serviceCategories) {
    const list = ctx.params.bind(p.serviceCategories, 'text[]');
    categories = `(b.service_category = ANY (${list}) OR (b.service_category IS NULL AND b.product_id = ANY (${products(`p.service_category = ANY (${list})`)})))`;
  }
  const filters = [categories, p.productIds && `b.product_id = ANY (${products(`p.id = ANY (${ctx.params.bind(p.productIds, 'bigint[]')})`)})`].filter((f): f is string => !!f);
  return {
    from: 'booking b',
    client: 'b.client_id',
    where: [
      `b.business_id = ${ctx.businessId}`,
      timestampInWindowSql('b.starts_at', p.window, ctx),
      `b.kind = 'appointment'`,
      `b.state <> 'cancelled'`,
      filters.length > 0 && `(${filters.join(' OR ')})`,
    ],
  };
}
