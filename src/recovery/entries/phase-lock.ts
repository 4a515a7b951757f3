import { EntityManager } from 'typeorm';

// Which phases are "the active group's" may only change while no entry is being placed in one:
// activating a group, deleting a phase or a group takes the business's phase lock exclusively;
// moving, reopening or creating an entry takes it shared, so a move never lands in a group that
// was deactivated under it and a phase is never deleted while an entry goes into it.
const LOCK_SPACE = `hashtext('recovery_phases')`;

/** Exclusive: the active group or the set of phases changes (inside a transaction). */
export async function lockPhasesExclusive(m: EntityManager, businessId: string): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock(${LOCK_SPACE}, hashtext($1::text))`, [businessId]);
}

/** Shared: an entry is placed in a phase (inside a transaction). */
export async function lockPhasesShared(m: EntityManager, businessId: string): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock_shared(${LOCK_SPACE}, hashtext($1::text))`, [businessId]);
}
