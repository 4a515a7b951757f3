import { IsBoolean } from 'class-validator';
import { isMemberSql } from '../../../clients';
import { actualSql, defineCondition } from '../condition-definition';

class MemberParams {
  @IsBoolean({ message: 'value must be true or false' })
  value!: boolean;
}

/** The source's member flag where it has one, otherwise an active package (membership.sql.ts). */
export const memberCondition = defineCondition({
  type: 'member',
  label: 'Member',
  group: 'subscriptions',
  description: 'is (or is not) a member',
  params: [{ name: 'value', label: 'Is a member', type: 'boolean', required: true }],
  dto: MemberParams,
  neverNull: true,
  compile: (p, ctx) => `(${isMemberSql(ctx.client, ctx.today)} = ${ctx.params.bind(p.value, 'boolean')})`,
  actual: (_p, ctx) => actualSql(isMemberSql(ctx.client, ctx.today)),
});
