import { MigrationInterface, QueryRunner } from 'typeorm';

// Recovery intake (docs/recovery.md "Intake") reads a business's cancelled subscriptions, by
// business for the daily backstop and "record existing cancellations", by client on ingest. A
// few percent of subscriptions are cancelled: a partial index finds them without reading the rest.
export class RecoveryIntakeIndexes1766050000000 implements MigrationInterface {
  name = 'RecoveryIntakeIndexes1766050000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX subscription_cancelled_idx ON subscription (business_id, client_id) WHERE cancelled_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS subscription_cancelled_idx`);
  }
}
