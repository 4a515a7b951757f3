import { actualSql, defineCondition } from '../condition-definition';
import { clientCountSql } from '../params/client-rows.params';
import { CountComparisonParams, comparisonParamSpecs, wholeBounds } from '../params/comparison.params';

class ActiveNoShowsParams extends CountComparisonParams {}

/**
 * Bookings the source still counts against the client (no_show_active: not yet expired or
 * waived), whatever their date. Every booking kind counts: the flag is the source's own
 * "counts against booking rights" and is set for class no-shows in practice.
 */
export const activeNoShowsCondition = defineCondition({
  type: 'active_no_shows',
  label: 'Group class - active no-shows',
  group: 'activity',
  description: 'has that many active no-shows (no-shows still counting against them: not expired or waived)',
  params: comparisonParamSpecs('integer', 'no-shows', wholeBounds('count')),
  dto: ActiveNoShowsParams,
  heavy: true,
  compile: (p, ctx) => clientCountSql({ from: 'booking b', client: 'b.client_id', where: [`b.business_id = ${ctx.businessId}`, 'b.no_show_active'] }, 'count(*)', p, ctx),
  actual: (_p, ctx) => actualSql(`(SELECT count(*) FROM booking b WHERE b.client_id = c.id AND b.business_id = ${ctx.businessId} AND b.no_show_active)`),
});
