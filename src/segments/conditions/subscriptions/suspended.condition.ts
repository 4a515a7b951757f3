import { IsBoolean } from 'class-validator';
import { actualSql, defineCondition } from '../condition-definition';

class SuspendedParams {
  @IsBoolean({ message: 'value must be true or false' })
  value!: boolean;
}

export const suspendedCondition = defineCondition({
  type: 'suspended',
  label: 'Suspended',
  group: 'subscriptions',
  description: 'is (or is not) suspended / blocked from entry',
  params: [{ name: 'value', label: 'Is suspended', type: 'boolean', required: true }],
  dto: SuspendedParams,
  neverNull: true,
  compile: (p, ctx) => `(${ctx.client}.suspended = ${ctx.params.bind(p.value, 'boolean')})`,
  actual: () => actualSql('c.suspended'),
});
