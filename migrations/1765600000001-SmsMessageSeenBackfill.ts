import { MigrationInterface, QueryRunner } from 'typeorm';

// The SIDs of the SMS keyword messages already in the consent ledger, so none of them can be
// replayed after the upgrade either (replies were never recorded with their SID; a replayed
// reply only marks a touch replied again). Small: one row per STOP/START ever received.
export class SmsMessageSeenBackfill1765600000001 implements MigrationInterface {
  name = 'SmsMessageSeenBackfill1765600000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO sms_message_seen (business_id, kind, message_sid, received_at)
      SELECT business_id, CASE WHEN evidence ? 'twilioErrorCode' THEN 'opt_out_error' ELSE 'inbound' END, evidence ->> 'MessageSid', min(recorded_at)
        FROM consent_event
       WHERE source = 'sms_keyword' AND channel = 'sms' AND evidence ->> 'MessageSid' IS NOT NULL
       GROUP BY 1, 2, 3
      ON CONFLICT DO NOTHING
    `);
  }

  async down(): Promise<void> {
    // the rows stay meaningful; the table itself goes with the previous migration's down
  }
}
