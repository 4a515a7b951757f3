import { RISK_TAGS, RiskTag } from '../../../risk';
import { actualSql, defineCondition } from '../condition-definition';
import { choiceListParamSpec, IsChoiceList } from '../params/choice.params';

class StatusTagParams {
  @IsChoiceList(RISK_TAGS)
  tags!: RiskTag[];
}

/** The current status carries any of the tags (the assessment's closed set, risk.types RISK_TAGS). */
export const statusTagCondition = defineCondition({
  type: 'status_tag',
  label: 'Status tag',
  group: 'risk',
  description: 'has a current status carrying any of these tags',
  params: [choiceListParamSpec('tags', 'Tag', RISK_TAGS)],
  dto: StatusTagParams,
  neverNull: true,
  compile: (p, ctx) => `EXISTS (SELECT 1 FROM client_status s WHERE s.client_id = c.id AND s.business_id = ${ctx.businessId} AND s.tags && ${ctx.params.bind(p.tags, 'text[]')})`,
  actual: (_p, ctx) => actualSql(`(SELECT to_jsonb(s.tags) FROM client_status s WHERE s.client_id = c.id AND s.business_id = ${ctx.businessId})`),
});
