import { MigrationInterface, QueryRunner } from 'typeorm';

// The risk pass's writes without a foreign-key check per row (docs/benchmarks.md, bench:risk).
// client_status and status_change referenced client(id): every inserted row ran a trigger that
// locks its client row FOR KEY SHARE, which dirties (and, after a checkpoint, WAL-logs as a full
// page image) every client page a pass reaches: 40 % of a 5,000-client batch and 1.4 of its
// 4.8 MB of WAL at 1M clients. Both tables are written only by the assessment and the manual
// status, for clients they have just read; the deletes the constraints cascaded are done by one
// statement-level trigger on client instead (one set-based delete per statement).
export class RiskRowsWithoutClientLocks1764250000000 implements MigrationInterface {
  name = 'RiskRowsWithoutClientLocks1764250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE client_status DROP CONSTRAINT client_status_client_id_fkey;
      ALTER TABLE status_change DROP CONSTRAINT status_change_client_id_fkey;

      CREATE FUNCTION client_deleted_drop_risk_rows() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM client_status s USING gone_clients g WHERE s.client_id = g.id;
        DELETE FROM status_change s USING gone_clients g WHERE s.client_id = g.id;
        RETURN NULL;
      END
      $$;
      CREATE TRIGGER client_deleted_drop_risk_rows AFTER DELETE ON client
        REFERENCING OLD TABLE AS gone_clients
        FOR EACH STATEMENT EXECUTE FUNCTION client_deleted_drop_risk_rows();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER IF EXISTS client_deleted_drop_risk_rows ON client;
      DROP FUNCTION IF EXISTS client_deleted_drop_risk_rows();
      -- rows whose client is gone would fail the constraints
      DELETE FROM client_status s WHERE NOT EXISTS (SELECT 1 FROM client c WHERE c.id = s.client_id);
      DELETE FROM status_change s WHERE NOT EXISTS (SELECT 1 FROM client c WHERE c.id = s.client_id);
      ALTER TABLE client_status ADD CONSTRAINT client_status_client_id_fkey FOREIGN KEY (client_id) REFERENCES client(id) ON DELETE CASCADE;
      ALTER TABLE status_change ADD CONSTRAINT status_change_client_id_fkey FOREIGN KEY (client_id) REFERENCES client(id) ON DELETE CASCADE;
    `);
  }
}
