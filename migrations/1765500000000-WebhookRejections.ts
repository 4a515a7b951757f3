import { MigrationInterface, QueryRunner } from 'typeorm';

// Refused webhook deliveries (issue #17 item 3). event_inbox kept every body with a bad
// signature (up to 64 KB) for ever, so anyone who knew a business id could grow the database
// without a key. Refusals now get a small record of their own: at most 1 KB of the body, its
// size and SHA-256, at most WEBHOOK_REJECTIONS_PER_MINUTE per business, source and minute
// (webhook_rejection_tally counts the rest), deleted after WEBHOOK_REJECTION_RETENTION_DAYS.
// The partial index lets the same prune find the refusals event_inbox still holds (the
// rows without an event id) without a scan of the inbox.
export class WebhookRejections1765500000000 implements MigrationInterface {
  name = 'WebhookRejections1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_rejection (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        source text COLLATE "C" NOT NULL,
        received_at timestamptz NOT NULL,
        stage text NOT NULL CHECK (stage IN ('signature', 'parse', 'event')),
        reason text NOT NULL,
        external_event_id text,
        body_bytes integer NOT NULL,
        body_sha256 text NOT NULL,
        body_prefix text NOT NULL CHECK (length(body_prefix) <= 1024)
      );
      CREATE INDEX webhook_rejection_business_idx ON webhook_rejection (business_id, source, received_at);
      CREATE INDEX webhook_rejection_received_idx ON webhook_rejection (received_at);

      CREATE TABLE webhook_rejection_tally (
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        source text COLLATE "C" NOT NULL,
        minute timestamptz NOT NULL,
        rejected integer NOT NULL,
        PRIMARY KEY (business_id, source, minute)
      );
      CREATE INDEX webhook_rejection_tally_minute_idx ON webhook_rejection_tally (minute);

      CREATE INDEX event_inbox_refused_idx ON event_inbox (received_at) WHERE external_event_id IS NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS event_inbox_refused_idx;
      DROP TABLE IF EXISTS webhook_rejection_tally;
      DROP TABLE IF EXISTS webhook_rejection;
    `);
  }
}
