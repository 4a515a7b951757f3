import { MigrationInterface, QueryRunner } from 'typeorm';

// Bookkeeping for the demo data generator's bulk load (src/demo-data/demo-load-state.ts).
// Before loading into empty tables the generator drops their secondary indexes and unique /
// primary-key constraints, and records each one here in the same commit as the drop; a row
// is deleted in the same commit that builds the index again. A row whose index is missing
// therefore means a load was killed part way: the generator's start and `npm run migrate`
// rebuild those indexes before anything else.
export class DemoLoadState1764100000000 implements MigrationInterface {
  name = 'DemoLoadState1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE demo_load_state (
        index_name text COLLATE "C" PRIMARY KEY,
        table_name text COLLATE "C" NOT NULL,
        -- pg_get_indexdef(): the CREATE [UNIQUE] INDEX statement
        index_def text NOT NULL,
        -- pg_get_constraintdef() when the index backs a UNIQUE or PRIMARY KEY constraint
        constraint_def text,
        business_id uuid,
        recorded_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE demo_load_state`);
  }
}
