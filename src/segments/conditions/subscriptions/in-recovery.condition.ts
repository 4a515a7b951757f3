import { IsIn, IsOptional, Matches } from 'class-validator';
import { RECOVERY_OUTCOME_FILTERS, recoveryEntriesOfSql, recoveryOutcomeSql, RecoveryOutcomeFilter } from '../../../recovery';
import { ROW_ID } from '../../../common/row-id';
import { actualSql, defineCondition } from '../condition-definition';

export class InRecoveryParams {
  /** Only entries in this phase (a phase of any group: a phase of an inactive group holds no open entry). */
  @IsOptional()
  @Matches(ROW_ID, { message: 'phaseId must be a recovery phase id (digits, as a string)' })
  phaseId?: string;

  /** open: no outcome yet; otherwise the outcome. Absent: any entry. */
  @IsOptional()
  @IsIn(RECOVERY_OUTCOME_FILTERS, { message: `outcome must be one of ${RECOVERY_OUTCOME_FILTERS.join(', ')}` })
  outcome?: RecoveryOutcomeFilter;
}

/** Has a recovery entry (docs/recovery.md), optionally in one phase and/or with one outcome. */
export const inRecoveryCondition = defineCondition({
  type: 'in_recovery',
  label: 'In recovery',
  group: 'subscriptions',
  description: 'has a recovery entry (a cancellation, an ending subscription or a used-up quota being worked), in a phase and/or with an outcome',
  params: [
    { name: 'phaseId', label: 'Phase', type: 'id', required: false },
    { name: 'outcome', label: 'Outcome', type: 'enum', required: false, values: RECOVERY_OUTCOME_FILTERS },
  ],
  dto: InRecoveryParams,
  neverNull: true,
  compile: (p, ctx) =>
    `EXISTS (SELECT 1 ${recoveryEntriesOfSql('re_', ctx.client + '.id', ctx.businessId)}${p.phaseId ? ` AND re_.phase_id = ${ctx.params.bind(p.phaseId, 'bigint')}` : ''}${
      p.outcome ? ` AND ${recoveryOutcomeSql('re_', ctx.params.bind(p.outcome, 'text'))}` : ''
    })`,
  // the latest entry: its outcome (open while none), phase and the day it entered
  actual: (_p, ctx) =>
    `(SELECT ${actualSql(`COALESCE(re_.outcome, 'open')`, { phaseId: 're_.phase_id::text', enteredAt: 're_.created_at' })} ${recoveryEntriesOfSql('re_', 'c.id', ctx.businessId)} ORDER BY re_.created_at DESC, re_.id DESC LIMIT 1)`,
});
