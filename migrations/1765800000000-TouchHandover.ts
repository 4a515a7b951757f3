import { MigrationInterface, QueryRunner } from 'typeorm';

// Crash recovery tells "never reached the provider" from "may have reached it" (docs/reliability.md
// "Deliveries and 'in doubt'"): a delivery records handed_over_at, durably, right before the step
// after which the provider may have the message (the SMTP DATA terminator, the HTTP request).
// A claim without it is handed back and sent again; one with it is in doubt. An in-doubt touch can
// be resent once through the API, recorded in resent_at / resent_by.
export class TouchHandover1765800000000 implements MigrationInterface {
  name = 'TouchHandover1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE touch
        ADD COLUMN handed_over_at timestamptz,
        ADD COLUMN resent_at timestamptz,
        ADD COLUMN resent_by text;
      -- claims made before this column existed: nothing says how far they got, so they stay in doubt
      UPDATE touch SET handed_over_at = claimed_at WHERE status = 'sending';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE touch DROP COLUMN IF EXISTS resent_by, DROP COLUMN IF EXISTS resent_at, DROP COLUMN IF EXISTS handed_over_at`);
  }
}
