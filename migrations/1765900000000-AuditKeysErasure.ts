import { MigrationInterface, QueryRunner } from 'typeorm';

// Issue #15 item 7, trust features (docs/auth.md "Audit log", "API keys"; docs/privacy.md):
// - audit_event becomes the log of every admin action: `reason` is optional (only some actions
//   have one), `actor_label` keeps who it was in words (the user's email or the key's name at the
//   time), and (business_id, at, id) serves the keyset-paginated list.
// - api_key rotation with a grace period: the row keeps its id, name and role and gets a new
//   hash; the old hash keeps working until previous_expires_at (null = no grace).
// - client erasure: client.erased_at marks a member whose personal data was erased; a trigger
//   keeps the personal columns empty whatever writes the row later (a re-sync, a redelivered
//   webhook, an import), so no write path can bring the data back.
export class AuditKeysErasure1765900000000 implements MigrationInterface {
  name = 'AuditKeysErasure1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit_event ALTER COLUMN reason DROP NOT NULL, ADD COLUMN actor_label text;
      CREATE INDEX audit_event_business_at_id ON audit_event (business_id, at DESC, id DESC);
      DROP INDEX audit_event_business_at;

      ALTER TABLE api_key ADD COLUMN previous_key_hash bytea, ADD COLUMN previous_expires_at timestamptz, ADD COLUMN rotated_at timestamptz;
      CREATE INDEX api_key_previous_hash ON api_key (previous_key_hash) WHERE previous_key_hash IS NOT NULL;

      ALTER TABLE client ADD COLUMN erased_at timestamptz;
      CREATE FUNCTION client_keep_erased() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.erased_at := OLD.erased_at;
        NEW.first_name := NULL;
        NEW.last_name := NULL;
        NEW.email := NULL;
        NEW.phone := NULL;
        NEW.birth_date := NULL;
        NEW.gender := 'unknown';
        NEW.customer_type := NULL;
        NEW.push_tokens := '{}';
        RETURN NEW;
      END $$;
      CREATE TRIGGER client_keep_erased BEFORE UPDATE ON client
        FOR EACH ROW WHEN (OLD.erased_at IS NOT NULL) EXECUTE FUNCTION client_keep_erased();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER IF EXISTS client_keep_erased ON client;
      DROP FUNCTION IF EXISTS client_keep_erased();
      ALTER TABLE client DROP COLUMN IF EXISTS erased_at;
      DROP INDEX IF EXISTS api_key_previous_hash;
      ALTER TABLE api_key DROP COLUMN IF EXISTS previous_key_hash, DROP COLUMN IF EXISTS previous_expires_at, DROP COLUMN IF EXISTS rotated_at;
      CREATE INDEX audit_event_business_at ON audit_event (business_id, at DESC);
      DROP INDEX IF EXISTS audit_event_business_at_id;
      UPDATE audit_event SET reason = '' WHERE reason IS NULL;
      ALTER TABLE audit_event ALTER COLUMN reason SET NOT NULL, DROP COLUMN IF EXISTS actor_label;
    `);
  }
}
