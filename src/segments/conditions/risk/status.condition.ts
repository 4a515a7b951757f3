import { RISK_STATUSES, RiskStatus } from '../../../risk';
import { actualSql, defineCondition } from '../condition-definition';
import { choiceListParamSpec, IsChoiceList } from '../params/choice.params';

class StatusParams {
  @IsChoiceList(RISK_STATUSES)
  statuses!: RiskStatus[];
}

/** The current risk status (client_status); non-members have no row and never match. */
export const statusCondition = defineCondition({
  type: 'status',
  label: 'Status',
  group: 'risk',
  description: 'has one of these current statuses',
  params: [choiceListParamSpec('statuses', 'Status', RISK_STATUSES)],
  dto: StatusParams,
  neverNull: true,
  compile: (p, ctx) => `EXISTS (SELECT 1 FROM client_status s WHERE s.client_id = c.id AND s.business_id = ${ctx.businessId} AND s.status = ANY(${ctx.params.bind(p.statuses, 'text[]')}))`,
  actual: (_p, ctx) => actualSql(`(SELECT s.status FROM client_status s WHERE s.client_id = c.id AND s.business_id = ${ctx.businessId})`),
});
