import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Role } from './roles.decorator';
import { modifiedRows, Queryable } from '../database/modified-rows';

type SessionEndReason = 'sign_out' | 'password_changed' | 'disabled' | 'replaced';

export interface LiveSession {
  id: string;
  businessId: string;
  userId: string;
  role: Role;
  staffId: string | null;
}

/** Sign-in sessions (user_session): only the SHA-256 of the cookie's id is stored. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly ds: DataSource) {}

  async create(db: Queryable, input: { businessId: string; userId: string; tokenHash: Buffer; ip: string; userAgent: string | null }): Promise<string> {
    const [row] = (await db.query(`INSERT INTO user_session (business_id, user_id, token_hash, ip, user_agent) VALUES ($1, $2, $3, $4, $5) RETURNING id::text`, [
      input.businessId,
      input.userId,
      input.tokenHash,
      input.ip,
      input.userAgent?.slice(0, 500) ?? null,
    ])) as Array<{ id: string }>;
    return row.id;
  }

  /**
   * The session behind a cookie if it is live: not ended, seen within the idle timeout, younger
   * than the absolute one, and its user not disabled. Role and staff come from the user now, so
   * a role change applies to the next request. last_seen_at is refreshed at most once a minute.
   */
  async findLive(tokenHash: Buffer, idleHours: number, maxDays: number): Promise<LiveSession | undefined> {
    const [row] = await this.ds.query(
      `SELECT s.id::text, s.business_id AS "businessId", s.user_id AS "userId", u.role, u.staff_id::text AS "staffId",
              s.last_seen_at < now() - interval '1 minute' AS stale
         FROM user_session s JOIN app_user u ON u.business_id = s.business_id AND u.id = s.user_id
        WHERE s.token_hash = $1 AND s.ended_at IS NULL AND u.disabled_at IS NULL
          AND s.last_seen_at > now() - make_interval(hours => $2::int)
          AND s.created_at > now() - make_interval(days => $3::int)`,
      [tokenHash, idleHours, maxDays],
    );
    if (!row) return undefined;
    if (row.stale) await this.ds.query(`UPDATE user_session SET last_seen_at = now() WHERE id = $1`, [row.id]);
    const { stale: _, ...live } = row;
    return live;
  }

  async end(db: Queryable, id: string, reason: SessionEndReason): Promise<void> {
    await db.query(`UPDATE user_session SET ended_at = now(), end_reason = $2 WHERE id = $1 AND ended_at IS NULL`, [id, reason]);
  }

  /** Ends every live session of a user (but one, when given); answers how many. */
  async endAllOfUser(db: Queryable, businessId: string, userId: string, reason: SessionEndReason, exceptId: string | null = null): Promise<number> {
    const rows = await modifiedRows(
      db,
      `UPDATE user_session SET ended_at = now(), end_reason = $3
        WHERE business_id = $1 AND user_id = $2 AND ended_at IS NULL AND ($4::bigint IS NULL OR id <> $4::bigint) RETURNING id`,
      [businessId, userId, reason, exceptId],
    );
    return rows.length;
  }
}
