import { CompileContext } from '../../compiler/compile-context';
import { ValidateIf } from 'class-validator';
import { defineCondition } from '../condition-definition';
import { ClientRows, clientCountSql, clientRowCountActualSql } from '../params/client-rows.params';
import { CountComparisonParams, comparisonParamSpecs, wholeBounds } from '../params/comparison.params';
import { IsProductIdList, IsTextList } from '../params/product-filter.params';
import { IsWindow, timestampInWindowSql, WindowValue, windowParamSpec } from '../params/window.params';

class ClassAttendanceParams extends CountComparisonParams {
  @IsWindow()
  window!: WindowValue;

  @ValidateIf((o: ClassAttendanceParams) => o.productIds !== undefined)
  @IsProductIdList()
  productIds?: string[];

  @ValidateIf((o: ClassAttendanceParams) => o.names !== undefined)
  @IsTextList()
  names?: string[];
}

/**
 * Source of truth: class bookings in state 'attended', counted per booking (two classes the same
 * day are two), on the class's start in the window. Not the class check-ins: the filter is about
 * the class (its product and name live on the booking, not on the visit), sources that mark
 * attendance on the booking without sending a check-in would be missed, and a check-in for a
 * class is reported as the booking becoming attended anyway. A class check-in with no booking
 * (a drop-in the source did not book) is therefore not an attendance here.
 *
 * Filter: a booking matches when its product is one of productIds OR its name is one of names
 * (case-insensitive, whole name); both are ways of naming the class, so giving both widens.
 */
export const classAttendanceCondition = defineCondition({
  type: 'class_attendance',
  label: 'Group class - attendance',
  group: 'activity',
  description: 'attended that many group classes starting in the window (class bookings marked attended; optionally only these classes, by product or name)',
  params: [
    ...comparisonParamSpecs('integer', 'classes', wholeBounds('count')),
    windowParamSpec(),
    { name: 'productIds', label: 'Classes (products)', type: 'id[]', required: false },
    { name: 'names', label: 'Class names', type: 'string[]', required: false },
  ],
  dto: ClassAttendanceParams,
  heavy: true,
  compile: (p, ctx) => clientCountSql(attendedClasses(p, ctx), 'count(*)', p, ctx),
  actual: (p, ctx) => clientRowCountActualSql(attendedClasses(p, ctx)),
});

function attendedClasses(p: ClassAttendanceParams, ctx: CompileContext): ClientRows {
  const filters = [
    p.productIds && `b.product_id = ANY (ARRAY(SELECT p.id FROM product p WHERE p.business_id = ${ctx.businessId} AND p.id = ANY (${ctx.params.bind(p.productIds, 'bigint[]')})))`,
    p.names &&
      `lower(b.name) = ANY (${ctx.params.bind(
        p.names.map((n) => n.toLowerCase()),
        'text[]',
      )})`,
  ].filter((f): f is string => !!f);
  return {
    from: 'booking b',
    client: 'b.client_id',
    where: [`b.business_id = ${ctx.businessId}`, timestampInWindowSql('b.starts_at', p.window, ctx), `b.kind = 'class'`, `b.state = 'attended'`, filters.length > 0 && `(${filters.join(' OR ')})`],
  };
}
