// The public surface of recovery (docs/architecture.md): other folders import only what is here.
export { RECOVERY_OUTCOMES, RECOVERY_SOURCE_KINDS } from './entries/entry.types';
export type { RecoveryActor, RecoveryOutcome, RecoverySourceKind } from './entries/entry.types';
export { lockPhasesExclusive, lockPhasesShared } from './entries/phase-lock';
export { RecoveryModule, RecoveryWorkerModule } from './recovery.module';
export { RECOVERY_OUTCOME_FILTERS, recoveryEntriesOfSql, recoveryOutcomeSql, regainedAtSql } from './wiring/recovery-entry.sql';
export type { RecoveryOutcomeFilter } from './wiring/recovery-entry.sql';
