import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Queryable } from '../database/modified-rows';
import { hashToken, looksLikeToken, newToken } from './tokens';

export type LinkKind = 'invite' | 'reset';

/** How long a link lives: an invitation 72 hours, a password reset 1 hour (spec/web.md). */
export const LINK_TTL_HOURS: Record<LinkKind, number> = { invite: 72, reset: 1 };

type LinkState = 'valid' | 'expired' | 'used' | 'replaced';

interface LinkInfo {
  id: string;
  kind: LinkKind;
  businessId: string;
  userId: string;
  email: string;
  state: LinkState;
}

/** Single-use invitation and password-reset links (user_link_token), stored as SHA-256. */
@Injectable()
export class LinkTokensRepository {
  constructor(private readonly ds: DataSource) {}

  /** A fresh link for the user; every older unused link of theirs dies (only the newest works). */
  async issue(db: Queryable, input: { businessId: string; userId: string; kind: LinkKind }): Promise<{ token: string; expiresAt: Date }> {
    await this.revokeAll(db, input.businessId, input.userId);
    const { token, hash } = newToken();
    const [row] = (await db.query(
      `INSERT INTO user_link_token (business_id, user_id, kind, token_hash, expires_at)
       VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5::int)) RETURNING expires_at AS "expiresAt"`,
      [input.businessId, input.userId, input.kind, hash, LINK_TTL_HOURS[input.kind]],
    )) as Array<{ expiresAt: Date }>;
    return { token, expiresAt: row.expiresAt };
  }

  /** What a link is and whether it still works; undefined for a token nobody issued. */
  async inspect(token: string, db: Queryable = this.ds, lock = false): Promise<LinkInfo | undefined> {
    if (!looksLikeToken(token)) return undefined;
    const [row] = (await db.query(
      `SELECT t.id::text, t.kind, t.business_id AS "businessId", t.user_id AS "userId", u.email,
              CASE WHEN t.used_at IS NOT NULL THEN 'used'
                   WHEN t.revoked_at IS NOT NULL OR u.disabled_at IS NOT NULL THEN 'replaced'
                   WHEN t.expires_at <= now() THEN 'expired'
                   ELSE 'valid' END AS state
         FROM user_link_token t JOIN app_user u ON u.business_id = t.business_id AND u.id = t.user_id
        WHERE t.token_hash = $1 ${lock ? 'FOR UPDATE OF t' : ''}`,
      [hashToken(token)],
    )) as LinkInfo[];
    return row;
  }

  async markUsed(db: Queryable, id: string): Promise<void> {
    await db.query(`UPDATE user_link_token SET used_at = now() WHERE id = $1`, [id]);
  }

  async revokeAll(db: Queryable, businessId: string, userId: string): Promise<void> {
    await db.query(`UPDATE user_link_token SET revoked_at = now() WHERE business_id = $1 AND user_id = $2 AND used_at IS NULL AND revoked_at IS NULL`, [businessId, userId]);
  }
}
