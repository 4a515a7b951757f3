import { MigrationInterface, QueryRunner } from 'typeorm';

// The hourly pull of Mailchimp email activity (docs/actions.md "Mailchimp: what comes back"):
// the worker that claims a campaign for the hour pulls it; the others skip it.
export class MailchimpPullClaim1766400000001 implements MigrationInterface {
  name = 'MailchimpPullClaim1766400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE mailchimp_campaign ADD COLUMN pull_claimed_at timestamptz;
      CREATE INDEX mailchimp_campaign_sent ON mailchimp_campaign (sent_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX mailchimp_campaign_sent; ALTER TABLE mailchimp_campaign DROP COLUMN pull_claimed_at;`);
  }
}
