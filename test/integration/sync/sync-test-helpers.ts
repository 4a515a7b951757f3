import { DataSource } from 'typeorm';
import { SecretBox } from '../../../src/common/secret-box';
import { AppConfig } from '../../../src/config/app-config';
import { ConnectionRepository } from '../../../src/integrations/connections/connection.repository';
import { MINDBODY_FAKE_DEFAULTS } from '../../fakes/mindbody-api.fake';
import { newBusiness } from '../../support/factories';

/** A business with a Mindbody connection to the fake's site. */
export async function connectedBusiness(ds: DataSource, config: AppConfig, name = 'Gym'): Promise<{ businessId: string; apiKey: string }> {
  const b = await newBusiness(ds, { name });
  await new ConnectionRepository(ds, new SecretBox(config.SECRETS_KEY)).save(
    b.businessId,
    'mindbody',
    { siteId: MINDBODY_FAKE_DEFAULTS.siteId, username: MINDBODY_FAKE_DEFAULTS.username },
    { apiKey: MINDBODY_FAKE_DEFAULTS.apiKey, password: MINDBODY_FAKE_DEFAULTS.password, signatureKey: 'sig-key-123456' },
  );
  return b;
}

export async function count(ds: DataSource, table: string, businessId: string): Promise<number> {
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM ${table} WHERE business_id = $1 AND source = 'mindbody'`, [businessId]);
  return n;
}

export async function externalIds(ds: DataSource, table: string, businessId: string): Promise<string[]> {
  const rows = await ds.query(`SELECT external_id FROM ${table} WHERE business_id = $1 AND source = 'mindbody' ORDER BY external_id`, [businessId]);
  return rows.map((r: { external_id: string }) => r.external_id);
}

export async function syncRow(ds: DataSource, businessId: string, kind: string) {
  const [row] = await ds.query(
    `SELECT cursor, last_started_at, last_finished_at, last_success_at, last_error, last_error_at, records_upserted::int AS records
       FROM sync_state WHERE business_id = $1 AND provider = 'mindbody' AND kind = $2`,
    [businessId, kind],
  );
  return row;
}
