import { MigrationInterface, QueryRunner } from 'typeorm';

// Risk assessment state (spec/risk.md): why a status is what it is (rule, manual, event), and
// one row per business and assessment window so repeated or concurrent ticks run one pass.
export class RiskEngine1764000000000 implements MigrationInterface {
  name = 'RiskEngine1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE client_status
        ADD COLUMN reason text NOT NULL DEFAULT 'rule' CHECK (reason IN ('rule', 'manual', 'event')),
        ADD COLUMN note text;

      CREATE TABLE risk_run (
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        window_start timestamptz NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        batches_total integer NOT NULL DEFAULT 0,
        batches_done integer NOT NULL DEFAULT 0,
        changes integer NOT NULL DEFAULT 0,
        PRIMARY KEY (business_id, window_start)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS risk_run;
      ALTER TABLE client_status DROP COLUMN IF EXISTS note, DROP COLUMN IF EXISTS reason;
    `);
  }
}
