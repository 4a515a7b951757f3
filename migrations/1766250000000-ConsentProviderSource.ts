import { MigrationInterface, QueryRunner } from 'typeorm';

// A channel's provider can refuse a recipient as opted out on its side (Mailchimp's "Member In
// Compliance State": unsubscribed, bounced or under review there). The ledger records that with
// the source 'provider', so the member is not tried again.
export class ConsentProviderSource1766250000000 implements MigrationInterface {
  name = 'ConsentProviderSource1766250000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE consent_event DROP CONSTRAINT consent_event_source_check;
      ALTER TABLE consent_event ADD CONSTRAINT consent_event_source_check
        CHECK (source IN ('import','form','sms_keyword','unsubscribe_link','staff','provider'));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM consent_event WHERE source = 'provider';
      ALTER TABLE consent_event DROP CONSTRAINT consent_event_source_check;
      ALTER TABLE consent_event ADD CONSTRAINT consent_event_source_check
        CHECK (source IN ('import','form','sms_keyword','unsubscribe_link','staff'));
    `);
  }
}
