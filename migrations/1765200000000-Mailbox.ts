import { MigrationInterface, QueryRunner } from 'typeorm';

// The demo mailbox (spec/web.md "Demo mailbox", docs/mailbox.md): every message the local SMTP
// sink of `npm run demo` receives. business_id comes from the X-Comeback-Business header every
// outgoing email carries; a message without it (or naming no business) is kept with business_id
// NULL and never shown. recipients: the envelope's, lower-cased, for a staff user's own mail.
export class Mailbox1765200000000 implements MigrationInterface {
  name = 'Mailbox1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mailbox_message (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid REFERENCES business(id) ON DELETE CASCADE,
        from_address text NOT NULL,
        to_address text NOT NULL,
        recipients text[] NOT NULL,
        subject text NOT NULL,
        html text,
        text text,
        received_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX mailbox_message_business_idx ON mailbox_message (business_id, id DESC);
      CREATE INDEX mailbox_message_recipients_idx ON mailbox_message USING gin (recipients);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS mailbox_message`);
  }
}
