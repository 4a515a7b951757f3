import { MigrationInterface, QueryRunner } from 'typeorm';

// One-off campaigns (issue #5, spec/actions.md "Campaigns"): a segment, channel steps, a send
// time, the holdout share and the goal the follow-up reports judge it by; the recipients are
// selected once (segment members at send time), each marked contacted or holdout.
export class Campaigns1764600000000 implements MigrationInterface {
  name = 'Campaigns1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE campaign (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        segment_id bigint NOT NULL REFERENCES segment(id),
        -- [{key, channel, template | variants: [{key, weight, template}], quietHours, delayMinutes}]
        steps jsonb NOT NULL,
        -- the control group: selected but never contacted (actions.md "Holdout")
        holdout_percent numeric(5,2) NOT NULL DEFAULT 10 CHECK (holdout_percent BETWEEN 0 AND 50),
        -- {kind, withinDays}: what a touch is judged by (actions.md "Follow-up")
        goal jsonb NOT NULL,
        include_sleeping boolean NOT NULL DEFAULT false,
        state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft','scheduled','sending','sent','cancelled','failed')),
        send_at timestamptz,
        recipients_selected_at timestamptz,
        started_at timestamptz,
        finished_at timestamptz,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX campaign_business_idx ON campaign (business_id, id);

      CREATE TABLE campaign_recipient (
        campaign_id bigint NOT NULL REFERENCES campaign(id) ON DELETE CASCADE,
        client_id bigint NOT NULL REFERENCES client(id) ON DELETE CASCADE,
        business_id uuid NOT NULL,
        holdout boolean NOT NULL,
        selected_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (campaign_id, client_id)
      );
      CREATE INDEX campaign_recipient_client_idx ON campaign_recipient (client_id);
      -- campaign progress and per-touch results read touches by campaign
      CREATE INDEX touch_campaign_idx ON touch (campaign_id, id) WHERE campaign_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS touch_campaign_idx; DROP TABLE IF EXISTS campaign_recipient, campaign`);
  }
}
