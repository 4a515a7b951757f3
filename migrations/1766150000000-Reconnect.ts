import { MigrationInterface, QueryRunner } from 'typeorm';

// Reconnect (docs/reconnect.md): per-business settings, per-category message templates, and one
// row per client and category reconnect (the first message, its follow-up, and the success
// judged against the first message). A press of the button is a reconnect_batch.
export class Reconnect1766150000000 implements MigrationInterface {
  name = 'Reconnect1766150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reconnect_settings (
        business_id uuid PRIMARY KEY REFERENCES business(id) ON DELETE CASCADE,
        booking_link text,
        -- null: no automatic follow-up
        follow_up_days integer CHECK (follow_up_days BETWEEN 1 AND 60),
        success_window_days integer NOT NULL DEFAULT 30 CHECK (success_window_days BETWEEN 1 AND 365),
        holdout_percent integer NOT NULL DEFAULT 0 CHECK (holdout_percent BETWEEN 0 AND 50),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE reconnect_template (
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        service_category text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('sms','email','both')),
        sms_body text,
        email_subject text,
        email_body text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (business_id, service_category)
      );

      CREATE TABLE reconnect_batch (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        service_category text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('sms','email','both')),
        -- overdue clients when the button was pressed, and those already in an open reconnect
        overdue integer NOT NULL DEFAULT 0,
        already_open integer NOT NULL DEFAULT 0,
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX reconnect_batch_business_idx ON reconnect_batch (business_id, created_at);

      CREATE TABLE reconnect_contact (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        batch_id bigint NOT NULL REFERENCES reconnect_batch(id) ON DELETE CASCADE,
        client_id bigint NOT NULL REFERENCES client(id) ON DELETE CASCADE,
        service_category text NOT NULL,
        usual_interval_days integer,
        -- pending (being dispatched), contacted, skipped (every message held back), holdout (control)
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','contacted','skipped','holdout')),
        skipped_reason text,
        first_sent_at timestamptz NOT NULL,
        window_days integer NOT NULL,
        follow_up_due_at timestamptz,
        -- set once when the follow-up is sent or judged unneeded: never a third message
        follow_up_at timestamptz,
        follow_up_outcome text CHECK (follow_up_outcome IN ('sent','booked')),
        -- a client has at most one open reconnect per category: pressing twice sends once
        open boolean NOT NULL DEFAULT true,
        success_at timestamptz,
        success_kind text CHECK (success_kind IN ('booking','package')),
        success_ref bigint,
        revenue bigint
      );
      CREATE UNIQUE INDEX reconnect_contact_open_idx ON reconnect_contact (business_id, client_id, service_category) WHERE open;
      CREATE INDEX reconnect_contact_batch_idx ON reconnect_contact (batch_id);
      CREATE INDEX reconnect_contact_category_idx ON reconnect_contact (business_id, service_category, first_sent_at);
      CREATE INDEX reconnect_contact_follow_up_idx ON reconnect_contact (follow_up_due_at) WHERE follow_up_at IS NULL AND follow_up_due_at IS NOT NULL;
      CREATE INDEX reconnect_contact_client_idx ON reconnect_contact (client_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS reconnect_contact; DROP TABLE IF EXISTS reconnect_batch; DROP TABLE IF EXISTS reconnect_template; DROP TABLE IF EXISTS reconnect_settings;`);
  }
}
