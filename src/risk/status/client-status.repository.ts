import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isMemberSql, localTodaySql } from '../../clients';
import { StatusChange } from '../assessment/risk-assessment.repository';

export type ManualStatus = 'in_trouble' | 'at_risk' | 'loving_it' | 'raving_fan';

/** Manual statuses and the status history; every query is scoped by business_id. */
@Injectable()
export class ClientStatusRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * Sets a status by hand (reason manual), recorded in the history with the note. Returns
   * undefined for an unknown client, 'not_member' for a client the rules give no status.
   */
  async setManual(businessId: string, clientId: string, status: ManualStatus, note: string | null): Promise<StatusChange | 'not_member' | undefined> {
    return this.ds.transaction(async (m) => {
      const [client] = await m.query(
        `SELECT c.id, c.deleted_at IS NULL AND ${isMemberSql('c', localTodaySql('b.timezone'))} AS member, cs.status
           FROM client c JOIN business b ON b.id = c.business_id
           LEFT JOIN client_status cs ON cs.client_id = c.id
          WHERE c.business_id = $1 AND c.id = $2
          FOR UPDATE OF c`,
        [businessId, clientId],
      );
      if (!client) return undefined;
      if (!client.member) return 'not_member';
      await m.query(
        `INSERT INTO client_status (client_id, business_id, status, tags, score, since, reason, note, inputs_at)
         VALUES ($1, $2, $3, '{}', 0, now(), 'manual', $4, statement_timestamp())
         ON CONFLICT (client_id) DO UPDATE
            SET status = EXCLUDED.status, reason = 'manual', note = EXCLUDED.note, inputs_at = statement_timestamp(),
                since = CASE WHEN client_status.status = EXCLUDED.status THEN client_status.since ELSE now() END`,
        [clientId, businessId, status, note],
      );
      const [row] = await m.query(
        `INSERT INTO status_change (business_id, client_id, from_status, to_status, tags, score, reason, note)
         SELECT $1, $2, $3, cs.status, cs.tags, cs.score, 'manual', $4 FROM client_status cs WHERE cs.client_id = $2
         RETURNING client_id::text AS "clientId", from_status AS "from", to_status AS "to", tags, score, changed_at AS "changedAt"`,
        [businessId, clientId, client.status ?? null, note],
      );
      return row;
    });
  }

  async history(businessId: string, clientId: string, limit: number, before?: string): Promise<{ items: unknown[]; nextCursor: string | null } | undefined> {
    const [exists] = await this.ds.query(`SELECT 1 FROM client WHERE business_id = $1 AND id = $2`, [businessId, clientId]);
    if (!exists) return undefined;
    const rows: Array<{ id: string }> = await this.ds.query(
      `SELECT id::text AS id, from_status AS "from", to_status AS "to", tags, score, changed_at AS "changedAt", reason, note
         FROM status_change WHERE business_id = $1 AND client_id = $2 AND ($3::bigint IS NULL OR id < $3)
        ORDER BY id DESC LIMIT $4`,
      [businessId, clientId, before ?? null, limit + 1],
    );
    const more = rows.length > limit;
    const items = more ? rows.slice(0, limit) : rows;
    return { items, nextCursor: more ? items[items.length - 1].id : null };
  }
}
