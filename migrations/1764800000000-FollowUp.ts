import { MigrationInterface, QueryRunner } from 'typeorm';

// Follow-up (spec/actions.md "Follow-up: which actions worked", docs/follow-up.md): which
// exposures and touches of campaigns and automations converted on their source's goal.
// Rows exist only for conversions; the exposures and touches themselves stay in their owners'
// tables (campaign_recipient, automation_enrollment, touch, staff_task). Recomputed set-based
// while windows are open (and a grace period after), so every write is an upsert of a changed
// row or a delete of a conversion that no longer holds.
export class FollowUp1764800000000 implements MigrationInterface {
  name = 'FollowUp1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- one row per converted exposure (contacted or control): a campaign recipient (exposure_id
      -- = client id) or an automation enrollment (exposure_id = enrollment id)
      CREATE TABLE exposure_conversion (
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        source_kind text NOT NULL CHECK (source_kind IN ('campaign','automation')),
        source_id bigint NOT NULL,
        exposure_id bigint NOT NULL,
        client_id bigint NOT NULL REFERENCES client(id) ON DELETE CASCADE,
        holdout boolean NOT NULL,
        goal_kind text NOT NULL,
        exposed_at timestamptz NOT NULL,
        -- the goal row that converted it: visit, booking, status_change, subscription or sale id
        event_id bigint NOT NULL,
        converted_at timestamptz NOT NULL,
        -- business-local calendar days from the exposure to the conversion (0 = same day)
        days_to_return integer NOT NULL CHECK (days_to_return >= 0),
        -- minor units per month of the client's subscriptions active on the conversion day
        monthly_revenue bigint NOT NULL DEFAULT 0,
        computed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (business_id, source_kind, source_id, exposure_id)
      );
      CREATE INDEX exposure_conversion_client_idx ON exposure_conversion (client_id);

      -- one row per converted touch (a message that reached the client, or a staff task a staff
      -- member completed), with last-touch and first-touch credit among the touches the same
      -- goal event converted
      CREATE TABLE touch_conversion (
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        item_kind text NOT NULL CHECK (item_kind IN ('touch','task')),
        item_id bigint NOT NULL,
        source_kind text NOT NULL CHECK (source_kind IN ('campaign','automation')),
        source_id bigint NOT NULL,
        -- the exposure it belongs to (campaign: the client id; automation: the enrollment id)
        exposure_id bigint,
        step_key text,
        channel text NOT NULL,
        variant text,
        client_id bigint NOT NULL REFERENCES client(id) ON DELETE CASCADE,
        goal_kind text NOT NULL,
        touched_at timestamptz NOT NULL,
        event_id bigint NOT NULL,
        converted_at timestamptz NOT NULL,
        days_to_return integer NOT NULL CHECK (days_to_return >= 0),
        credited_last boolean NOT NULL,
        credited_first boolean NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (business_id, item_kind, item_id)
      );
      CREATE INDEX touch_conversion_source_idx ON touch_conversion (business_id, source_kind, source_id);
      CREATE INDEX touch_conversion_client_idx ON touch_conversion (client_id);

      -- a pass reads an automation's touches sent since the oldest window it may rewrite (the
      -- campaign side goes through touch_campaign_idx)
      CREATE INDEX touch_sent_idx ON touch (business_id, sent_at) WHERE sent_at IS NOT NULL;

      -- the last completed pass per business and goal kind: the next pass re-reads every window
      -- that closed after (last pass - grace), so a stopped scheduler loses nothing
      CREATE TABLE follow_up_run (
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        goal_kind text NOT NULL,
        last_run_at timestamptz NOT NULL,
        exposures integer NOT NULL DEFAULT 0,
        touches integer NOT NULL DEFAULT 0,
        written integer NOT NULL DEFAULT 0,
        duration_ms integer NOT NULL DEFAULT 0,
        PRIMARY KEY (business_id, goal_kind)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS touch_sent_idx; DROP TABLE IF EXISTS follow_up_run, touch_conversion, exposure_conversion`);
  }
}
