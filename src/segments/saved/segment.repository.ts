import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface SegmentRow {
  id: string;
  businessId: string;
  name: string;
  description: string | null;
  conditions: unknown;
  version: number;
  memberCount: number;
  evaluatedAt: Date | null;
  evaluationMs: number | null;
  slow: boolean;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const COLUMNS = `id::text, business_id AS "businessId", name, description, conditions, version, member_count AS "memberCount",
  evaluated_at AS "evaluatedAt", evaluation_ms AS "evaluationMs", slow, last_error AS "lastError", created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Saved segments: every statement is scoped by business_id; archived segments are invisible. */
@Injectable()
export class SegmentRepository {
  constructor(private readonly ds: DataSource) {}

  async create(businessId: string, input: { name: string; description?: string | null; conditions: unknown }): Promise<SegmentRow> {
    const [row] = await this.ds.query(`INSERT INTO segment (business_id, name, description, conditions) VALUES ($1, $2, $3, $4::jsonb) RETURNING ${COLUMNS}`, [
      businessId,
      input.name,
      input.description ?? null,
      JSON.stringify(input.conditions),
    ]);
    return row;
  }

  async find(businessId: string, id: string): Promise<SegmentRow | undefined> {
    const [row] = await this.ds.query(`SELECT ${COLUMNS} FROM segment WHERE business_id = $1 AND id = $2 AND archived_at IS NULL`, [businessId, id]);
    return row;
  }

  async list(businessId: string): Promise<SegmentRow[]> {
    return this.ds.query(`SELECT ${COLUMNS} FROM segment WHERE business_id = $1 AND archived_at IS NULL ORDER BY id`, [businessId]);
  }

  async ids(businessId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.ds.query(`SELECT id::text FROM segment WHERE business_id = $1 AND archived_at IS NULL ORDER BY id`, [businessId]);
    return rows.map((r) => r.id);
  }

  /** Businesses with at least one live segment. */
  async businessIds(): Promise<string[]> {
    const rows: Array<{ business_id: string }> = await this.ds.query(`SELECT DISTINCT business_id FROM segment WHERE archived_at IS NULL`);
    return rows.map((r) => r.business_id);
  }

  /** Partial update; new conditions bump the version (the next evaluation is a new baseline). */
  async update(businessId: string, id: string, patch: { name?: string; description?: string | null; conditions?: unknown }): Promise<SegmentRow | undefined> {
    const [row] = await this.ds.query(
      `WITH u AS (UPDATE segment SET
         name = COALESCE($3, name),
         description = CASE WHEN $4 THEN $5 ELSE description END,
         conditions = COALESCE($6::jsonb, conditions),
         version = version + CASE WHEN $6::jsonb IS NOT NULL AND $6::jsonb IS DISTINCT FROM conditions THEN 1 ELSE 0 END,
         updated_at = now()
       WHERE business_id = $1 AND id = $2 AND archived_at IS NULL
       RETURNING ${COLUMNS}) SELECT * FROM u`,
      [businessId, id, patch.name ?? null, patch.description !== undefined, patch.description ?? null, patch.conditions === undefined ? null : JSON.stringify(patch.conditions)],
    );
    return row;
  }

  /** Archives (the name becomes free again); members and history go with it. */
  async archive(businessId: string, id: string): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      const rows = await m.query(
        `WITH a AS (UPDATE segment SET archived_at = now(), updated_at = now() WHERE business_id = $1 AND id = $2 AND archived_at IS NULL RETURNING id)
         SELECT id FROM a`,
        [businessId, id],
      );
      if (!rows.length) return false;
      await m.query(`DELETE FROM segment_member WHERE segment_id = $1`, [id]);
      return true;
    });
  }
}
