import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { RecoveryPhaseGroupDto } from './dto/settings-response.dto';

export interface PhaseRow {
  id: string;
  groupId: string;
  name: string;
  position: number;
  active: boolean;
}

/** Phase groups and phases as stored; every query scoped by business. */
@Injectable()
export class PhaseGroupsRepository {
  constructor(private readonly ds: DataSource) {}

  /** The groups with their phases in order, and each phase's open entry count. */
  async list(businessId: string, m: EntityManager = this.ds.manager, groupId?: string): Promise<RecoveryPhaseGroupDto[]> {
    const rows: Array<{ id: string; name: string; active: boolean; phases: RecoveryPhaseGroupDto['phases'] }> = await m.query(
      `SELECT g.id::text, g.name, g.active,
              COALESCE(json_agg(json_build_object('id', p.id::text, 'name', p.name, 'position', p.position, 'openEntries', COALESCE(c.n, 0))
                                ORDER BY p.position) FILTER (WHERE p.id IS NOT NULL), '[]') AS phases
         FROM recovery_phase_group g
         LEFT JOIN recovery_phase p ON p.group_id = g.id
         LEFT JOIN LATERAL (SELECT count(*)::int AS n FROM recovery_entry e
                             WHERE e.business_id = g.business_id AND e.phase_id = p.id AND e.outcome IS NULL) c ON true
        WHERE g.business_id = $1 AND ($2::bigint IS NULL OR g.id = $2::bigint)
        GROUP BY g.id ORDER BY g.active DESC, g.id`,
      [businessId, groupId ?? null],
    );
    return rows;
  }

  async group(businessId: string, groupId: string, m: EntityManager = this.ds.manager): Promise<RecoveryPhaseGroupDto | undefined> {
    return (await this.list(businessId, m, groupId))[0];
  }

  /** Locks the group row; undefined when it is not this business's. */
  async lockGroup(m: EntityManager, businessId: string, groupId: string): Promise<{ id: string; active: boolean } | undefined> {
    const [row] = await m.query(`SELECT id::text, active FROM recovery_phase_group WHERE business_id = $1 AND id = $2 FOR UPDATE`, [businessId, groupId]);
    return row;
  }

  async phasesOf(m: EntityManager, businessId: string, groupId: string): Promise<PhaseRow[]> {
    return m.query(
      `SELECT p.id::text, p.group_id::text AS "groupId", p.name, p.position, g.active
         FROM recovery_phase p JOIN recovery_phase_group g ON g.id = p.group_id
        WHERE p.business_id = $1 AND p.group_id = $2 ORDER BY p.position`,
      [businessId, groupId],
    );
  }

  async phase(m: EntityManager, businessId: string, phaseId: string): Promise<PhaseRow | undefined> {
    const [row] = await m.query(
      `SELECT p.id::text, p.group_id::text AS "groupId", p.name, p.position, g.active
         FROM recovery_phase p JOIN recovery_phase_group g ON g.id = p.group_id
        WHERE p.business_id = $1 AND p.id = $2`,
      [businessId, phaseId],
    );
    return row;
  }

  async activeGroupId(m: EntityManager, businessId: string): Promise<string | undefined> {
    const [row] = await m.query(`SELECT id::text FROM recovery_phase_group WHERE business_id = $1 AND active`, [businessId]);
    return row?.id;
  }

  async createGroup(m: EntityManager, businessId: string, name: string, phases: string[]): Promise<string> {
    const [g] = await m.query(`INSERT INTO recovery_phase_group (business_id, name) VALUES ($1, $2) RETURNING id::text`, [businessId, name]);
    await m.query(
      `INSERT INTO recovery_phase (business_id, group_id, name, position)
       SELECT $1, $2, name, ord - 1 FROM unnest($3::text[]) WITH ORDINALITY AS t(name, ord)`,
      [businessId, g.id, phases],
    );
    return g.id;
  }

  async renameGroup(m: EntityManager, businessId: string, groupId: string, name: string): Promise<void> {
    await m.query(`UPDATE recovery_phase_group SET name = $3, updated_at = now() WHERE business_id = $1 AND id = $2`, [businessId, groupId, name]);
  }

  async renamePhase(m: EntityManager, businessId: string, phaseId: string, name: string): Promise<void> {
    await m.query(`UPDATE recovery_phase SET name = $3 WHERE business_id = $1 AND id = $2`, [businessId, phaseId, name]);
  }

  /** Writes positions 0..n-1 in the given order (the unique position key is checked at commit). */
  async setOrder(m: EntityManager, businessId: string, groupId: string, phaseIds: string[]): Promise<void> {
    await m.query(
      `UPDATE recovery_phase p SET position = t.ord - 1
         FROM unnest($3::bigint[]) WITH ORDINALITY AS t(id, ord)
        WHERE p.business_id = $1 AND p.group_id = $2 AND p.id = t.id`,
      [businessId, groupId, phaseIds],
    );
  }

  async insertPhase(m: EntityManager, businessId: string, groupId: string, name: string): Promise<string> {
    const [row] = await m.query(
      `INSERT INTO recovery_phase (business_id, group_id, name, position)
       SELECT $1, $2, $3, COALESCE(max(position) + 1, 0) FROM recovery_phase WHERE group_id = $2 RETURNING id::text`,
      [businessId, groupId, name],
    );
    return row.id;
  }

  async openEntriesIn(m: EntityManager, businessId: string, phaseIds: string[]): Promise<number> {
    const [row] = await m.query(`SELECT count(*)::int AS n FROM recovery_entry WHERE business_id = $1 AND phase_id = ANY($2::bigint[]) AND outcome IS NULL`, [businessId, phaseIds]);
    return row.n;
  }

  /**
   * Deletes phases whose entries are all closed: those keep their outcome and lose the phase
   * (their history still names it).
   */
  async deletePhases(m: EntityManager, businessId: string, phaseIds: string[]): Promise<void> {
    await m.query(`UPDATE recovery_entry SET phase_id = NULL WHERE business_id = $1 AND phase_id = ANY($2::bigint[]) AND outcome IS NOT NULL`, [businessId, phaseIds]);
    await m.query(`DELETE FROM recovery_phase WHERE business_id = $1 AND id = ANY($2::bigint[])`, [businessId, phaseIds]);
  }

  async deleteGroup(m: EntityManager, businessId: string, groupId: string): Promise<void> {
    await m.query(`DELETE FROM recovery_phase_group WHERE business_id = $1 AND id = $2`, [businessId, groupId]);
  }

  /** The old group off first: the partial unique index allows one active group at any moment. */
  async switchActive(m: EntityManager, businessId: string, groupId: string): Promise<void> {
    await m.query(`UPDATE recovery_phase_group SET active = false, updated_at = now() WHERE business_id = $1 AND active AND id <> $2`, [businessId, groupId]);
    await m.query(`UPDATE recovery_phase_group SET active = true, updated_at = now() WHERE business_id = $1 AND id = $2`, [businessId, groupId]);
  }

  /** Every open entry of the mapped phases moves, in one statement, with a 'moved' event each. */
  async moveOpenEntries(m: EntityManager, businessId: string, mapping: Array<[string, string]>, actor: { userId: string | null; actor: string }): Promise<number> {
    const rows: Array<{ n: number }> = await m.query(
      `WITH map AS (SELECT * FROM unnest($2::bigint[], $3::bigint[]) AS t(from_id, to_id)),
            moved AS (
              UPDATE recovery_entry e SET phase_id = map.to_id, version = e.version + 1, updated_at = now()
                FROM map WHERE e.business_id = $1 AND e.phase_id = map.from_id AND e.outcome IS NULL
              RETURNING e.id, map.from_id, map.to_id),
            ev AS (
              INSERT INTO recovery_entry_event (business_id, entry_id, actor_user_id, actor, kind, data)
              SELECT $1, id, $4::uuid, $5, 'moved', jsonb_build_object('from', from_id::text, 'to', to_id::text, 'by', 'group activation')
                FROM moved RETURNING 1)
       SELECT count(*)::int AS n FROM ev`,
      [businessId, mapping.map(([f]) => f), mapping.map(([, t]) => t), actor.userId, actor.actor],
    );
    return rows[0].n;
  }
}
