import { MigrationInterface, QueryRunner } from 'typeorm';

// Mailchimp's webhook and email activity (docs/actions.md "Mailchimp: what comes back"):
// - mailchimp_seen: what was already acted on per business (a webhook delivery by the hash of its
//   body, an email-activity entry by campaign, member, action, time and URL), so a redelivery or
//   a second pull records nothing twice. Holds no client id and no address.
// - mailchimp_campaign: the campaigns Mailchimp announced as sent for the business's audience
//   (the webhook's `campaign` event), whose email activity the pull reads, and how far it got.
export class MailchimpWebhook1766400000000 implements MigrationInterface {
  name = 'MailchimpWebhook1766400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mailchimp_seen (
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        key text COLLATE "C" NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (business_id, key)
      );

      CREATE TABLE mailchimp_campaign (
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        campaign_id text COLLATE "C" NOT NULL,
        list_id text NOT NULL,
        subject text,
        sent_at timestamptz NOT NULL,
        activity_pulled_at timestamptz,
        PRIMARY KEY (business_id, campaign_id)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mailchimp_campaign; DROP TABLE mailchimp_seen;`);
  }
}
