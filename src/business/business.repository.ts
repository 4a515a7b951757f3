import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { generateApiKey, hashApiKey } from './api-key';

interface BusinessRow {
  id: string;
  name: string;
  timezone: string;
  currency: string;
  settings: Record<string, unknown>;
}

interface ApiKeyPrincipal {
  businessId: string;
  role: 'admin' | 'marketer' | 'staff' | 'manager';
  keyId: string;
}

@Injectable()
export class BusinessRepository {
  constructor(private readonly ds: DataSource) {}

  async create(input: { name: string; timezone: string; currency?: string }): Promise<{ businessId: string; apiKey: string }> {
    return this.ds.transaction(async (m) => {
      const [b] = await m.query(`INSERT INTO business (name, timezone, currency) VALUES ($1, $2, $3) RETURNING id`, [input.name, input.timezone, input.currency ?? 'USD']);
      const key = generateApiKey();
      await m.query(`INSERT INTO api_key (business_id, prefix, key_hash) VALUES ($1, $2, $3)`, [b.id, key.prefix, key.hash]);
      return { businessId: b.id as string, apiKey: key.key };
    });
  }

  /** A new key for an existing business (keys are stored hashed, so they cannot be shown again). */
  async createApiKey(businessId: string, name = 'default'): Promise<string> {
    const key = generateApiKey();
    await this.ds.query(`INSERT INTO api_key (business_id, name, prefix, key_hash) VALUES ($1, $2, $3, $4)`, [businessId, name, key.prefix, key.hash]);
    return key.key;
  }

  /** One named section of the business's settings (risk thresholds, quiet hours, ...). */
  async settingsSection<T>(businessId: string, key: string): Promise<T | undefined> {
    const [row] = await this.ds.query(`SELECT settings -> $2 AS section FROM business WHERE id = $1`, [businessId, key]);
    return row?.section ?? undefined;
  }

  /** Replaces one section atomically, leaving the others as they are. */
  async saveSettingsSection(businessId: string, key: string, value: unknown): Promise<void> {
    await this.ds.query(`UPDATE business SET settings = jsonb_set(settings, ARRAY[$2::text], $3::jsonb, true) WHERE id = $1`, [businessId, key, JSON.stringify(value)]);
  }

  async findById(id: string): Promise<BusinessRow | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const rows = await this.ds.query(`SELECT id, name, timezone, currency, settings FROM business WHERE id = $1`, [id]);
    return rows[0];
  }

  async principalForKey(key: string): Promise<ApiKeyPrincipal | undefined> {
    const rows = await this.ds.query(
      `SELECT id, business_id, role, last_used_at < now() - interval '1 minute' OR last_used_at IS NULL AS stale
         FROM api_key WHERE key_hash = $1 AND revoked_at IS NULL`,
      [hashApiKey(key)],
    );
    const hit = rows[0];
    if (!hit) return undefined;
    // last_used_at is refreshed at most once a minute so hot keys do not write on every request
    if (hit.stale) await this.ds.query(`UPDATE api_key SET last_used_at = now() WHERE id = $1`, [hit.id]);
    return { businessId: hit.business_id, role: hit.role, keyId: hit.id };
  }
}
