import { MigrationInterface, QueryRunner } from 'typeorm';

// Issue #17: a marketer could reach a client who had unsubscribed with a non-marketing send. A
// transactional run now respects a client's withdrawal unless an admin overrode it with a reason
// (action_run.consent_override), and every such override is kept in audit_event: who (actor
// api_key:<id> or user:<id>, with the role), what, when and why. audit_event is the business's
// audit trail for decisions that bypass a safeguard; rows are never updated by the app except to
// add the outcome's ids to `details`, and go only with the business.
export class ConsentOverrideAudit1765610000000 implements MigrationInterface {
  name = 'ConsentOverrideAudit1765610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE action_run ADD COLUMN consent_override boolean NOT NULL DEFAULT false`);
    await q.query(`
      CREATE TABLE audit_event (
        id bigserial PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        role text NOT NULL,
        action text NOT NULL,
        reason text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}'
      );
      CREATE INDEX audit_event_business_at ON audit_event (business_id, at DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS audit_event`);
    await q.query(`ALTER TABLE action_run DROP COLUMN IF EXISTS consent_override`);
  }
}
