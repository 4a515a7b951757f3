import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { generateApiKey, hashApiKey } from '../business';
import { Role } from './roles.decorator';
import { modifiedRows } from '../database/modified-rows';

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  staffId: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  rotatedAt: Date | null;
  /** until when the secret replaced by the last rotation still works (null: it stopped at once) */
  previousExpiresAt: Date | null;
}

const COLUMNS = `id, name, prefix, role, staff_id::text AS "staffId", created_at AS "createdAt", last_used_at AS "lastUsedAt", revoked_at AS "revokedAt",
  rotated_at AS "rotatedAt", CASE WHEN previous_expires_at > now() THEN previous_expires_at END AS "previousExpiresAt"`;

/** API keys of a business (stored as SHA-256 only) and the key lookup of every request. */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly ds: DataSource) {}

  /** The live key behind a bearer token, with its staff member. */
  async principalForKey(key: string): Promise<{ keyId: string; businessId: string; role: Role; staffId: string | null } | undefined> {
    const [hit] = await this.ds.query(
      `SELECT id, business_id, role, staff_id::text AS staff_id, last_used_at < now() - interval '1 minute' OR last_used_at IS NULL AS stale
         FROM api_key WHERE revoked_at IS NULL AND (key_hash = $1 OR (previous_key_hash = $1 AND previous_expires_at > now()))`,
      [hashApiKey(key)],
    );
    if (!hit) return undefined;
    // last_used_at is refreshed at most once a minute so hot keys do not write on every request
    if (hit.stale) await this.ds.query(`UPDATE api_key SET last_used_at = now() WHERE id = $1`, [hit.id]);
    return { keyId: hit.id, businessId: hit.business_id, role: hit.role, staffId: hit.staff_id };
  }

  list(businessId: string): Promise<ApiKeyRow[]> {
    return this.ds.query(`SELECT ${COLUMNS} FROM api_key WHERE business_id = $1 ORDER BY revoked_at IS NOT NULL, created_at DESC, id`, [businessId]);
  }

  /** A new key; undefined when staffId is given and is not an active staff member of the business. */
  async create(businessId: string, input: { name: string; role: Role; staffId: string | null }): Promise<(ApiKeyRow & { apiKey: string }) | undefined> {
    const key = generateApiKey();
    const [row] = await this.ds.query(
      `INSERT INTO api_key (business_id, name, role, prefix, key_hash, staff_id)
       SELECT $1, $2, $3, $4, $5, $6::bigint
        WHERE $6::bigint IS NULL OR EXISTS (SELECT 1 FROM staff WHERE business_id = $1 AND id = $6::bigint AND active)
       RETURNING ${COLUMNS}`,
      [businessId, input.name, input.role, key.prefix, key.hash, input.staffId],
    );
    return row ? { ...row, apiKey: key.key } : undefined;
  }

  /**
   * A new secret for a live key of the business: same id, name, role and staff member. The old
   * secret keeps working for graceMinutes (0: it stops now); a rotation during a grace period ends
   * that period, so at most two secrets of a key work at any time. Undefined when not there or revoked.
   */
  async rotate(businessId: string, id: string, graceMinutes: number): Promise<(ApiKeyRow & { apiKey: string }) | undefined> {
    const key = generateApiKey();
    const [row] = await modifiedRows<ApiKeyRow>(
      this.ds,
      `UPDATE api_key
          SET previous_key_hash = CASE WHEN $5::int > 0 THEN key_hash END,
              previous_expires_at = CASE WHEN $5::int > 0 THEN now() + $5::int * interval '1 minute' END,
              key_hash = $3, prefix = $4, rotated_at = now()
        WHERE business_id = $1 AND id = $2 AND revoked_at IS NULL
        RETURNING ${COLUMNS}`,
      [businessId, id, key.hash, key.prefix, graceMinutes],
    );
    return row ? { ...row, apiKey: key.key } : undefined;
  }

  /** Revokes a key of the business (a second revoke keeps the first time); undefined when not there. */
  async revoke(businessId: string, id: string): Promise<ApiKeyRow | undefined> {
    const [row] = await modifiedRows<ApiKeyRow>(this.ds, `UPDATE api_key SET revoked_at = coalesce(revoked_at, now()) WHERE business_id = $1 AND id = $2 RETURNING ${COLUMNS}`, [businessId, id]);
    return row;
  }
}
