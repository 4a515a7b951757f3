import { IsOptional, Matches, Validate, ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';
import { ROW_ID } from '../../common/row-id';
import { CompileContext, IsWindow, ParamSpec, windowParamSpec, WindowValue } from '../../segments';

@ValidatorConstraint({ name: 'oneSource' })
class OneSource implements ValidatorConstraintInterface {
  validate(_value: unknown, args: ValidationArguments): boolean {
    return (args.object as TouchSourceParams).campaignId === undefined;
  }
  defaultMessage(): string {
    return 'give campaignId or automationId, not both';
  }
}

/**
 * Which messages a messaging condition looks at: one campaign's, one automation's, or (neither
 * given) every message the business sent (reconnect and API sends too); and the window of local
 * days.
 */
export class TouchSourceParams {
  @IsOptional()
  @Matches(ROW_ID, { message: 'campaignId must be a campaign id (digits, as a string)' })
  campaignId?: string;

  @IsOptional()
  @Matches(ROW_ID, { message: 'automationId must be an automation id (digits, as a string)' })
  @Validate(OneSource)
  automationId?: string;

  @IsWindow()
  window!: WindowValue;
}

export const touchSourceParamSpecs = (windowLabel: string): ParamSpec[] => [
  { name: 'campaignId', label: 'Campaign', type: 'id', required: false },
  { name: 'automationId', label: 'Automation', type: 'id', required: false },
  windowParamSpec(true, windowLabel),
];

/** Filters of touch `t` to the business and the chosen campaign or automation. */
export function touchSourceFilters(t: string, p: TouchSourceParams, ctx: CompileContext): string[] {
  return [
    `${t}.business_id = ${ctx.businessId}`,
    p.campaignId !== undefined ? `${t}.campaign_id = ${ctx.params.bind(p.campaignId, 'bigint')}` : '',
    p.automationId !== undefined ? `${t}.automation_id = ${ctx.params.bind(p.automationId, 'bigint')}` : '',
  ].filter((x) => x !== '');
}
