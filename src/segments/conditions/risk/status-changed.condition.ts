import { IsOptional } from 'class-validator';
import { RISK_STATUSES, RiskStatus } from '../../../risk';
import { actualSql, defineCondition } from '../condition-definition';
import { choiceListParamSpec, IsChoiceList } from '../params/choice.params';
import { IsWindow, timestampInWindowSql, WindowValue, windowParamSpec } from '../params/window.params';

class StatusChangedParams {
  @IsWindow()
  window!: WindowValue;

  @IsOptional()
  @IsChoiceList(RISK_STATUSES)
  to?: RiskStatus[];

  @IsOptional()
  @IsChoiceList(RISK_STATUSES)
  from?: RiskStatus[];
}

/**
 * A status_change row on a local day of the window, optionally into / out of given statuses. A
 * first status (from null) never matches `from`; losing the status (to null) never matches `to`.
 */
export const statusChangedCondition = defineCondition({
  type: 'status_changed',
  label: 'Status changed',
  group: 'risk',
  description: 'changed status in the window (optionally to / from given statuses)',
  params: [windowParamSpec(), choiceListParamSpec('to', 'To status', RISK_STATUSES, false), choiceListParamSpec('from', 'From status', RISK_STATUSES, false)],
  dto: StatusChangedParams,
  neverNull: true,
  heavy: true,
  compile: (p, ctx) => {
    const where = [
      'h.client_id = c.id',
      `h.business_id = ${ctx.businessId}`,
      timestampInWindowSql('h.changed_at', p.window, ctx),
      p.to && `h.to_status = ANY(${ctx.params.bind(p.to, 'text[]')})`,
      p.from && `h.from_status = ANY(${ctx.params.bind(p.from, 'text[]')})`,
    ].filter(Boolean);
    return `EXISTS (SELECT 1 FROM status_change h WHERE ${where.join(' AND ')})`;
  },
  // every change in the window, whatever the to / from filters, so a miss shows what did change
  actual: (p, ctx) =>
    actualSql(
      `(SELECT COALESCE(jsonb_agg(jsonb_build_object('changedAt', h.changed_at, 'from', h.from_status, 'to', h.to_status) ORDER BY h.changed_at, h.id), '[]'::jsonb)
        FROM status_change h WHERE h.client_id = c.id AND h.business_id = ${ctx.businessId} AND ${timestampInWindowSql('h.changed_at', p.window, ctx)})`,
    ),
});
