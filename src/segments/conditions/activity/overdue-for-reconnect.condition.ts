import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { CompileContext } from '../../compiler/compile-context';
import { daysOverdueSql, overdueTodaySql } from '../../../rhythm';
import { defineCondition } from '../condition-definition';
import { clientHasRowsSql } from '../params/client-rows.params';
import { COMPARISON_LIMITS } from '../params/comparison.params';

class OverdueForReconnectParams {
  /** One service category, as the booking system names it; absent: any category. */
  @IsOptional()
  @IsString({ message: 'serviceCategory must be text' })
  @MinLength(1, { message: 'serviceCategory must be text of 1 to 200 characters' })
  @MaxLength(200, { message: 'serviceCategory must be text of 1 to 200 characters' })
  serviceCategory?: string;

  /** At least this many whole days past the usual interval (default 0: any overdue client). */
  @IsOptional()
  @IsInt({ message: 'minDaysOverdue must be a whole number' })
  @Min(0)
  @Max(COMPARISON_LIMITS.days)
  minDaysOverdue?: number;
}

/**
 * Overdue against their own rhythm (docs/rhythm.md) in the category, or in any: the client is
 * on the Reconnect list today (past interval x tolerance with the minimum slack, no future
 * booking in the category, not yet gone), and at least minDaysOverdue days past the usual
 * interval. Reads client_rhythm, which rhythm keeps current.
 */
export const overdueForReconnectCondition = defineCondition({
  type: 'overdue_for_reconnect',
  label: 'Overdue for reconnect',
  group: 'activity',
  description: 'is overdue against their own appointment rhythm (in the service category, or any), at least that many days past their usual interval',
  params: [
    { name: 'serviceCategory', label: 'Service category', type: 'string', required: false },
    { name: 'minDaysOverdue', label: 'Days overdue at least', type: 'integer', required: false, min: 0, max: COMPARISON_LIMITS.days, unit: 'days' },
  ],
  dto: OverdueForReconnectParams,
  neverNull: true,
  // the overdue clients as one set (the listed indexes serve it), like every activity condition
  compile: (p, ctx) => clientHasRowsSql({ from: 'client_rhythm r', client: 'r.client_id', where: filters(p, ctx) }),
  // the most overdue of the matching categories
  actual: (p, ctx) =>
    `(SELECT jsonb_build_object('value', ${daysOverdueSql('r', ctx.today)}, 'serviceCategory', r.service_category, 'lastAppointmentOn', r.last_on, 'usualIntervalDays', r.usual_interval_days)
        FROM client_rhythm r WHERE ${['r.client_id = c.id', ...filters(p, ctx)].join(' AND ')} ORDER BY r.due_on, r.service_category LIMIT 1)`,
});

function filters(p: OverdueForReconnectParams, ctx: CompileContext): string[] {
  return [
    `r.business_id = ${ctx.businessId}`,
    p.serviceCategory !== undefined && `r.service_category = ${ctx.params.bind(p.serviceCategory, 'text')}`,
    overdueTodaySql('r', ctx.today),
    p.minDaysOverdue && `${daysOverdueSql('r', ctx.today)} >= ${ctx.params.bind(p.minDaysOverdue, 'int')}`,
  ].filter((x): x is string => typeof x === 'string');
}
