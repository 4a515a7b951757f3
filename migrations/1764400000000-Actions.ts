import { MigrationInterface, QueryRunner } from 'typeorm';

// Actions (spec/actions.md "Channels", guards, touches; docs/actions.md): the runs other modules
// dispatch, one touch per client per run (claimed before any provider call), the consent
// ledger, the sleeping-member flag and the per-business channel accounts (sealed secrets).
export class Actions1764400000000 implements MigrationInterface {
  name = 'Actions1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- one dispatch of one message (template) on one channel; touches point at it so a
      -- delivery job re-loads the template instead of carrying it through Redis
      CREATE TABLE action_run (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        origin text COLLATE "C" NOT NULL CHECK (length(origin) BETWEEN 1 AND 200),
        variant text COLLATE "C" NOT NULL DEFAULT '' CHECK (length(variant) <= 50),
        channel text NOT NULL CHECK (channel IN ('email','sms','mailchimp','push')),
        template jsonb NOT NULL,
        quiet_hours text NOT NULL DEFAULT 'defer' CHECK (quiet_hours IN ('defer','drop')),
        marketing boolean NOT NULL DEFAULT true,
        automated boolean NOT NULL DEFAULT false,
        -- a campaign may deliberately reach sleeping members; automations never do
        include_sleeping boolean NOT NULL DEFAULT false,
        campaign_id bigint,
        automation_id bigint,
        step_key text,
        send_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (business_id, origin, variant)
      );

      CREATE TABLE touch (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        run_id bigint REFERENCES action_run(id) ON DELETE CASCADE,
        client_id bigint NOT NULL REFERENCES client(id) ON DELETE CASCADE,
        channel text NOT NULL CHECK (channel IN ('email','sms','mailchimp','push','staff_task')),
        -- the idempotency key of the action run: 'campaign:12:step:1', 'automation:3:step:send-1:occ:...'
        origin text COLLATE "C" NOT NULL,
        campaign_id bigint,
        automation_id bigint,
        step_key text,
        variant text,
        marketing boolean NOT NULL DEFAULT true,
        status text NOT NULL CHECK (status IN ('queued','blocked','deferred','sending','sent','delivered','failed','opened','clicked','replied')),
        blocked_reason text,
        deferred_reason text,
        -- a worker claims a touch (status sending) with a token unique to that processing run
        -- before it calls the provider; a retry never sends a touch another run claimed
        claim_token uuid,
        attempts smallint NOT NULL DEFAULT 0,
        provider_message_id text COLLATE "C",
        error_code text,
        error text,
        due_at timestamptz NOT NULL DEFAULT now(),
        queued_at timestamptz NOT NULL DEFAULT now(),
        blocked_at timestamptz,
        claimed_at timestamptz,
        sent_at timestamptz,
        delivered_at timestamptz,
        failed_at timestamptz,
        opened_at timestamptz,
        clicked_at timestamptz,
        replied_at timestamptz,
        UNIQUE (business_id, origin, client_id)
      );
      -- frequency cap: a client's marketing contacts in the last N days
      CREATE INDEX touch_client_contact_idx ON touch (client_id, claimed_at) WHERE marketing AND claimed_at IS NOT NULL;
      CREATE INDEX touch_run_idx ON touch (run_id, id);
      CREATE INDEX touch_provider_message_idx ON touch (business_id, channel, provider_message_id) WHERE provider_message_id IS NOT NULL;
      -- the sweeper: touches whose job never ran, held touches that are due, lost claims
      CREATE INDEX touch_pending_idx ON touch (due_at) WHERE status IN ('queued','deferred','sending');
      CREATE INDEX touch_business_idx ON touch (business_id, queued_at);

      -- every opt-in and opt-out; current consent is the latest row per client and channel,
      -- falling back to the booking system's client.email_consent / sms_consent
      CREATE TABLE consent_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        client_id bigint NOT NULL REFERENCES client(id) ON DELETE CASCADE,
        channel text NOT NULL CHECK (channel IN ('email','sms','push')),
        granted boolean NOT NULL,
        source text NOT NULL CHECK (source IN ('import','form','sms_keyword','unsubscribe_link','staff')),
        evidence jsonb NOT NULL DEFAULT '{}'::jsonb,
        recorded_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX consent_event_client_idx ON consent_event (client_id, channel, recorded_at DESC, id DESC);
      CREATE INDEX consent_event_business_idx ON consent_event (business_id, recorded_at);

      CREATE TABLE client_contact_pref (
        client_id bigint PRIMARY KEY REFERENCES client(id) ON DELETE CASCADE,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        -- a paying-but-absent member not to be contacted automatically (actions.md "Sleeping members")
        sleeping boolean NOT NULL DEFAULT false,
        sleeping_since timestamptz,
        note text CHECK (length(note) <= 1000),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX client_contact_pref_sleeping_idx ON client_contact_pref (business_id) WHERE sleeping;

      -- a business's own account per channel (Twilio, Mailchimp, push endpoint); secrets are
      -- AES-256-GCM sealed like integration_connection's
      CREATE TABLE channel_account (
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        channel text NOT NULL CHECK (channel IN ('email','sms','mailchimp','push')),
        config jsonb NOT NULL DEFAULT '{}'::jsonb,
        secrets_enc text,
        enabled boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (business_id, channel)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS channel_account, client_contact_pref, consent_event, touch, action_run`);
  }
}
