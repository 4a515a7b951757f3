import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { modifiedRows } from '../database/modified-rows';
import { generateApiKey } from '../business';

export interface TeamView {
  id: string;
  name: string;
  members: Array<{ id: string; firstName: string | null; lastName: string | null; active: boolean }>;
  createdAt: Date;
}

const TEAM_SQL = `
SELECT t.id::text, t.name, t.created_at AS "createdAt",
       COALESCE((SELECT json_agg(json_build_object('id', s.id::text, 'firstName', s.first_name, 'lastName', s.last_name, 'active', s.active) ORDER BY s.id)
                   FROM staff_team_member m JOIN staff s ON s.business_id = m.business_id AND s.id = m.staff_id
                  WHERE m.team_id = t.id), '[]'::json) AS members
  FROM staff_team t`;

/** Staff as tasks see them. Scoped by business_id. */
@Injectable()
export class StaffDirectoryRepository {
  constructor(private readonly ds: DataSource) {}

  async staffExists(businessId: string, staffId: string): Promise<boolean> {
    const rows = await this.ds.query(`SELECT 1 FROM staff WHERE business_id = $1 AND id = $2`, [businessId, staffId]);
    return rows.length > 0;
  }

  /** A new API key bound to an active staff member of the business; undefined when there is none. */
  async createStaffKey(
    businessId: string,
    staffId: string,
    opts: { name?: string; role?: 'admin' | 'marketer' | 'staff' | 'manager' } = {},
  ): Promise<{ keyId: string; apiKey: string; staffId: string; role: string } | undefined> {
    const key = generateApiKey();
    const [row] = await this.ds.query(
      `INSERT INTO api_key (business_id, name, role, prefix, key_hash, staff_id)
       SELECT $1, $2, $3, $4, $5, s.id FROM staff s WHERE s.business_id = $1 AND s.id = $6 AND s.active
       RETURNING id, role`,
      [businessId, opts.name ?? `staff:${staffId}`, opts.role ?? 'staff', key.prefix, key.hash, staffId],
    );
    return row ? { keyId: row.id, apiKey: key.key, staffId, role: row.role } : undefined;
  }

  /**
   * A team with its members; undefined when a staff id is not a staff member of the business.
   * Throws the unique violation for a duplicate name (the caller maps it).
   */
  async createTeam(businessId: string, name: string, staffIds: readonly string[]): Promise<TeamView | undefined> {
    return this.ds
      .transaction(async (m) => {
        const [team] = await m.query(`INSERT INTO staff_team (business_id, name) VALUES ($1, $2) RETURNING id`, [businessId, name]);
        if (!(await this.insertMembers(m.query.bind(m), businessId, team.id, staffIds))) {
          throw new UnknownStaffError();
        }
        const [row] = await m.query(`${TEAM_SQL} WHERE t.business_id = $1 AND t.id = $2`, [businessId, team.id]);
        return row;
      })
      .catch((e) => {
        if (e instanceof UnknownStaffError) return undefined;
        throw e;
      });
  }

  /** Replaces a team's members. null: no such team; undefined: an unknown staff id. */
  async setMembers(businessId: string, teamId: string, staffIds: readonly string[]): Promise<TeamView | null | undefined> {
    return this.ds
      .transaction(async (m) => {
        const [team] = await m.query(`SELECT id FROM staff_team WHERE business_id = $1 AND id = $2 FOR UPDATE`, [businessId, teamId]);
        if (!team) return null;
        await m.query(`DELETE FROM staff_team_member WHERE business_id = $1 AND team_id = $2`, [businessId, teamId]);
        if (!(await this.insertMembers(m.query.bind(m), businessId, teamId, staffIds))) throw new UnknownStaffError();
        const [row] = await m.query(`${TEAM_SQL} WHERE t.business_id = $1 AND t.id = $2`, [businessId, teamId]);
        return row as TeamView;
      })
      .catch((e) => {
        if (e instanceof UnknownStaffError) return undefined;
        throw e;
      });
  }

  async teams(businessId: string): Promise<TeamView[]> {
    return this.ds.query(`${TEAM_SQL} WHERE t.business_id = $1 ORDER BY t.name, t.id`, [businessId]);
  }

  async team(businessId: string, teamId: string): Promise<TeamView | undefined> {
    const [row] = await this.ds.query(`${TEAM_SQL} WHERE t.business_id = $1 AND t.id = $2`, [businessId, teamId]);
    return row;
  }

  async deleteTeam(businessId: string, teamId: string): Promise<boolean> {
    const rows = await modifiedRows(this.ds, `DELETE FROM staff_team WHERE business_id = $1 AND id = $2 RETURNING id`, [businessId, teamId]);
    return rows.length > 0;
  }

  private async insertMembers(query: (sql: string, params: unknown[]) => Promise<unknown[]>, businessId: string, teamId: string, staffIds: readonly string[]): Promise<boolean> {
    const unique = [...new Set(staffIds)];
    const rows = await query(
      `INSERT INTO staff_team_member (business_id, team_id, staff_id)
       SELECT $1, $2, s.id FROM staff s WHERE s.business_id = $1 AND s.id = ANY($3::bigint[])
       RETURNING staff_id`,
      [businessId, teamId, unique],
    );
    return rows.length === unique.length;
  }
}

class UnknownStaffError extends Error {}
