import { MigrationInterface, QueryRunner } from 'typeorm';
// The messaging segment conditions (docs/segments.md "Messaging"): each reads one business's rows
// in a window of days, so each gets an index led by (business_id, time) that holds the client
// (index-only where it can); without them a count reads every touch, click or reply of the
// business. Consent reads the business's ledger through consent_event_business_idx, and the
// sleeping flag client_contact_pref's own index: both are hashed once per statement.
export class MessagingSegmentConditions1766500000000 implements MigrationInterface {
  name = 'MessagingSegmentConditions1766500000000';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- received_action: messages handed to a channel in the window
      CREATE INDEX touch_received_idx ON touch (business_id, claimed_at) INCLUDE (client_id, campaign_id, automation_id, status) WHERE claimed_at IS NOT NULL;
      -- clicked_message / opened_message as providers report them on the touch
      CREATE INDEX touch_clicked_idx ON touch (business_id, clicked_at) INCLUDE (client_id, campaign_id, automation_id) WHERE clicked_at IS NOT NULL;
      CREATE INDEX touch_opened_idx ON touch (business_id, opened_at) INCLUDE (client_id, campaign_id, automation_id) WHERE opened_at IS NOT NULL;
      -- ... and as the click redirect and the pixel record them
      CREATE INDEX touch_click_business_at_idx ON touch_click (business_id, at) INCLUDE (client_id, touch_id);
      CREATE INDEX touch_open_business_at_idx ON touch_open (business_id, at) INCLUDE (client_id, touch_id);
      -- last_human_contact: SMS replies and reached tasks
      CREATE INDEX touch_replied_idx ON touch (business_id, replied_at) INCLUDE (client_id) WHERE replied_at IS NOT NULL AND channel = 'sms';
      CREATE INDEX staff_task_reached_idx ON staff_task (business_id, completed_at) INCLUDE (client_id) WHERE state = 'done' AND outcome = 'reached';
    `);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX staff_task_reached_idx;
      DROP INDEX touch_replied_idx;
      DROP INDEX touch_open_business_at_idx;
      DROP INDEX touch_click_business_at_idx;
      DROP INDEX touch_opened_idx;
      DROP INDEX touch_clicked_idx;
      DROP INDEX touch_received_idx;
    `);
  }
}
