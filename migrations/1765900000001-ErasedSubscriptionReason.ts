import { MigrationInterface, QueryRunner } from 'typeorm';

// Erasure (docs/privacy.md) clears a subscription's cancellation_reason, words the member may have
// given. Like the client row's trigger, this keeps it empty when a sync or webhook writes the
// subscription of an erased client again. It only looks when a reason is being written.
export class ErasedSubscriptionReason1765900000001 implements MigrationInterface {
  name = 'ErasedSubscriptionReason1765900000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION subscription_keep_erased() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM client WHERE id = NEW.client_id AND erased_at IS NOT NULL) THEN
          NEW.cancellation_reason := NULL;
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER subscription_keep_erased BEFORE INSERT OR UPDATE ON subscription
        FOR EACH ROW WHEN (NEW.cancellation_reason IS NOT NULL) EXECUTE FUNCTION subscription_keep_erased();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS subscription_keep_erased ON subscription; DROP FUNCTION IF EXISTS subscription_keep_erased();`);
  }
}
