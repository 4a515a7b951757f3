import { IsBoolean } from 'class-validator';
import { actualSql, defineCondition } from '../../segments';

class SleepingMemberParams {
  @IsBoolean({ message: 'value must be true or false' })
  value!: boolean;
}

/**
 * The sleeping-member flag (client_contact_pref.sleeping, actions.md "Sleeping members") the send
 * guards read: automated messages skip these clients. No row means not sleeping. The flagged
 * clients are one small set per business (client_contact_pref_sleeping_idx).
 */
export const sleepingMemberCondition = defineCondition({
  type: 'sleeping_member',
  label: 'Sleeping member',
  group: 'messaging',
  description: 'is (or is not) flagged not to be contacted automatically',
  params: [{ name: 'value', label: 'Is sleeping', type: 'boolean', required: true }],
  dto: SleepingMemberParams,
  neverNull: true,
  compile: (p, ctx) => {
    const sleeping = `EXISTS (SELECT 1 FROM client_contact_pref sp_ WHERE sp_.client_id = ${ctx.client}.id AND sp_.business_id = ${ctx.businessId} AND sp_.sleeping)`;
    return p.value ? sleeping : `(NOT ${sleeping})`;
  },
  actual: (_p, ctx) =>
    `(SELECT ${actualSql('COALESCE(sp_.sleeping, false)', { sleepingSince: 'sp_.sleeping_since' })}
        FROM (SELECT 1) one_ LEFT JOIN client_contact_pref sp_ ON sp_.client_id = c.id AND sp_.business_id = ${ctx.businessId})`,
});
