import { MigrationInterface, QueryRunner } from 'typeorm';

// Issue #17: a captured, validly signed Twilio inbound START replayed after a later STOP
// re-granted SMS consent. Twilio's webhooks carry no timestamp, so messages are ordered by
// receipt and deduplicated by their SID: one row per (business, kind, MessageSid) seen, written in
// the transaction that acts on the message. A SID already here is a replay or a redelivery and
// changes nothing. Kinds: 'inbound' (a message to the business's number) and 'opt_out_error' (a
// status callback with Twilio's 21610 "unsubscribed recipient"). Rows are kept: a pruned SID
// could be replayed again.
export class SmsMessageSeen1765600000000 implements MigrationInterface {
  name = 'SmsMessageSeen1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sms_message_seen (
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('inbound', 'opt_out_error')),
        message_sid text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (business_id, kind, message_sid)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS sms_message_seen`);
  }
}
