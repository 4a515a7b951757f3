import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SecretBox } from '../../common/secret-box';
import { UUID } from '../../common/row-id';
import { modifiedRows } from '../../database/modified-rows';

export type Provider = 'mindbody' | 'generic' | 'pushpress';

export interface Connection {
  businessId: string;
  provider: Provider;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
  enabled: boolean;
  timezone: string;
}

/** Integration connections; secrets are sealed at rest and only opened in memory. */
@Injectable()
export class ConnectionRepository {
  constructor(
    private readonly ds: DataSource,
    private readonly box: SecretBox,
  ) {}

  /** Merges config and secrets into what is stored: fields not given keep their value. */
  async save(businessId: string, provider: Provider, config: Record<string, unknown>, secrets: Record<string, string | undefined>): Promise<Connection> {
    return this.ds.transaction(async (m) => {
      const [row] = await m.query(`SELECT config, secrets_enc FROM integration_connection WHERE business_id = $1 AND provider = $2 FOR UPDATE`, [businessId, provider]);
      const mergedSecrets = { ...this.box.open(row?.secrets_enc), ...defined(secrets) } as Record<string, string>;
      const mergedConfig = { ...(row?.config ?? {}), ...defined(config) };
      await m.query(
        `INSERT INTO integration_connection (business_id, provider, config, secrets_enc)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (business_id, provider) DO UPDATE
           SET config = EXCLUDED.config, secrets_enc = EXCLUDED.secrets_enc, enabled = true, updated_at = now()`,
        [businessId, provider, mergedConfig, this.box.seal(mergedSecrets)],
      );
      const [b] = await m.query(`SELECT timezone FROM business WHERE id = $1`, [businessId]);
      return { businessId, provider, config: mergedConfig, secrets: mergedSecrets, enabled: true, timezone: b.timezone };
    });
  }

  /**
   * Disconnects: the connection stays (its config, for a later reconnect) but is disabled and its
   * secrets are forgotten, so its webhook URL answers 404. Returns false when there was none.
   */
  async disconnect(businessId: string, provider: Provider): Promise<boolean> {
    const rows = await modifiedRows(this.ds, `UPDATE integration_connection SET enabled = false, secrets_enc = $3, updated_at = now() WHERE business_id = $1 AND provider = $2 RETURNING provider`, [
      businessId,
      provider,
      this.box.seal({}),
    ]);
    return rows.length > 0;
  }

  async find(businessId: string, provider: string): Promise<Connection | undefined> {
    if (!UUID.test(businessId)) return undefined;
    const [row] = await this.ds.query(
      `SELECT c.config, c.secrets_enc, c.enabled, b.timezone
         FROM integration_connection c JOIN business b ON b.id = c.business_id
        WHERE c.business_id = $1 AND c.provider = $2`,
      [businessId, provider],
    );
    if (!row) return undefined;
    return {
      businessId,
      provider: provider as Provider,
      config: row.config,
      secrets: this.box.open(row.secrets_enc),
      enabled: row.enabled,
      timezone: row.timezone,
    };
  }

  async listForBusiness(businessId: string): Promise<Array<{ provider: string; config: Record<string, unknown>; secretNames: string[]; enabled: boolean; updatedAt: Date }>> {
    const rows = await this.ds.query(`SELECT provider, config, secrets_enc, enabled, updated_at FROM integration_connection WHERE business_id = $1 ORDER BY provider`, [businessId]);
    return rows.map((r: { provider: string; config: Record<string, unknown>; secrets_enc: string; enabled: boolean; updated_at: Date }) => ({
      provider: r.provider,
      config: r.config,
      secretNames: Object.keys(this.box.open(r.secrets_enc)).sort(),
      enabled: r.enabled,
      updatedAt: r.updated_at,
    }));
  }

  /** Businesses with an enabled connection to provider, in id order, for the sync planner. */
  async connectedBusinessIds(provider: Provider): Promise<string[]> {
    const rows = await this.ds.query(`SELECT business_id FROM integration_connection WHERE provider = $1 AND enabled ORDER BY business_id`, [provider]);
    return rows.map((r: { business_id: string }) => r.business_id);
  }
}

function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
