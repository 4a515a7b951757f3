import { MigrationInterface, QueryRunner } from 'typeorm';

// When the inputs behind a client_status row were read (the writing statement's start), so an
// assessment only replaces a row computed from older inputs (docs/risk-engine.md "Concurrent
// writers"): a scheduled pass whose snapshot predates a real-time re-assessment (a check-in landed
// mid-batch) leaves the newer status alone instead of writing, and announcing, a change computed
// from stale inputs; a real-time write that commits after a pass but read later still wins.
// Rows written before this column existed count as oldest. A constant default rewrites nothing.
export class ClientStatusInputsAt1765000000000 implements MigrationInterface {
  name = 'ClientStatusInputsAt1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE client_status ADD COLUMN inputs_at timestamptz NOT NULL DEFAULT '-infinity'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE client_status DROP COLUMN inputs_at`);
  }
}
