import { MigrationInterface, QueryRunner } from 'typeorm';

// Recovery (docs/recovery.md): cancelled members worked on a board of phases until regained or
// lost. Every business always has exactly one active phase group: existing businesses get the
// default group (Inbound -> Contacted -> Offer sent) and its settings row here, new ones from the
// trigger on business, so no reader or writer ever has to create it lazily.
export class Recovery1766000000000 implements MigrationInterface {
  name = 'Recovery1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE recovery_phase_group (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        active boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (business_id, id)
      );
      -- exactly one active group per business (activation switches inside one transaction)
      CREATE UNIQUE INDEX recovery_phase_group_active_key ON recovery_phase_group (business_id) WHERE active;

      CREATE TABLE recovery_phase (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        group_id bigint NOT NULL REFERENCES recovery_phase_group(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        position integer NOT NULL CHECK (position >= 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        -- deferred: a reorder rewrites every position of the group in one transaction
        CONSTRAINT recovery_phase_position_key UNIQUE (group_id, position) DEFERRABLE INITIALLY DEFERRED,
        UNIQUE (business_id, id)
      );

      CREATE TABLE recovery_settings (
        business_id uuid PRIMARY KEY REFERENCES business(id) ON DELETE CASCADE,
        ordinary_enabled boolean NOT NULL DEFAULT true,
        ordinary_excluded_reasons text[] NOT NULL DEFAULT '{}',
        extraordinary_enabled boolean NOT NULL DEFAULT true,
        -- null: every reason
        extraordinary_reasons text[],
        non_renewing_enabled boolean NOT NULL DEFAULT true,
        non_renewing_days_before integer NOT NULL DEFAULT 30 CHECK (non_renewing_days_before BETWEEN 0 AND 365),
        quota_enabled boolean NOT NULL DEFAULT true,
        -- null: never marked Lost automatically
        auto_lost_days integer DEFAULT 60 CHECK (auto_lost_days IS NULL OR auto_lost_days BETWEEN 1 AND 3650),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE recovery_entry (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        client_id bigint NOT NULL REFERENCES client(id) ON DELETE CASCADE,
        source_kind text NOT NULL CHECK (source_kind IN ('cancellation','non_renewing','quota')),
        subscription_id bigint REFERENCES subscription(id) ON DELETE SET NULL,
        quota_id bigint REFERENCES quota(id) ON DELETE SET NULL,
        -- what the entry was created from, once: 'subscription:123', 'quota:45'
        source_key text COLLATE "C" NOT NULL CHECK (length(source_key) BETWEEN 1 AND 200),
        cancelled_on date,
        reason text,
        contract_ends_on date,
        -- minor units, the monthly cost condition's formula at entry time
        monthly_value bigint NOT NULL DEFAULT 0,
        phase_id bigint,
        assignee_staff_id bigint,
        outcome text CHECK (outcome IN ('regained','lost','not_edited')),
        outcome_at timestamptz,
        outcome_reason text CHECK (length(outcome_reason) <= 2000),
        -- 'auto', or who set it by hand: 'user:<uuid>' / 'api_key:<uuid>'
        outcome_by text COLLATE "C",
        -- null: new, nobody has opened it yet
        seen_at timestamptz,
        -- optimistic concurrency: every change bumps it, a stale expectation is refused
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (business_id, source_key),
        CHECK ((outcome IS NULL) = (outcome_at IS NULL)),
        FOREIGN KEY (business_id, phase_id) REFERENCES recovery_phase (business_id, id) ON DELETE RESTRICT,
        FOREIGN KEY (business_id, assignee_staff_id) REFERENCES staff (business_id, id) ON DELETE SET NULL (assignee_staff_id)
      );
      CREATE INDEX recovery_entry_board_idx ON recovery_entry (business_id, phase_id, created_at DESC, id DESC) WHERE outcome IS NULL;
      CREATE INDEX recovery_entry_outcome_idx ON recovery_entry (business_id, outcome, outcome_at);
      CREATE INDEX recovery_entry_client_idx ON recovery_entry (client_id);
      CREATE INDEX recovery_entry_phase_idx ON recovery_entry (phase_id);
      CREATE INDEX recovery_entry_created_idx ON recovery_entry (business_id, created_at);
      CREATE INDEX recovery_entry_subscription_idx ON recovery_entry (subscription_id) WHERE subscription_id IS NOT NULL;
      CREATE INDEX recovery_entry_quota_idx ON recovery_entry (quota_id) WHERE quota_id IS NOT NULL;

      CREATE TABLE recovery_entry_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        entry_id bigint NOT NULL REFERENCES recovery_entry(id) ON DELETE CASCADE,
        at timestamptz NOT NULL DEFAULT now(),
        actor_user_id uuid,
        -- 'user:<uuid>', 'api_key:<uuid>' or 'auto'
        actor text COLLATE "C",
        kind text NOT NULL CHECK (kind IN ('created','moved','assigned','note','outcome','seen','unseen','reopened')),
        data jsonb NOT NULL DEFAULT '{}'::jsonb
      );
      CREATE INDEX recovery_entry_event_entry_idx ON recovery_entry_event (entry_id, at, id);

      -- the default group and the settings row of a business
      CREATE FUNCTION recovery_default_setup(b uuid) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE g bigint;
      BEGIN
        INSERT INTO recovery_settings (business_id) VALUES (b) ON CONFLICT DO NOTHING;
        IF NOT EXISTS (SELECT 1 FROM recovery_phase_group WHERE business_id = b) THEN
          INSERT INTO recovery_phase_group (business_id, name, active) VALUES (b, 'Recovery', true) RETURNING id INTO g;
          INSERT INTO recovery_phase (business_id, group_id, name, position)
            VALUES (b, g, 'Inbound', 0), (b, g, 'Contacted', 1), (b, g, 'Offer sent', 2);
        END IF;
      END $$;
      CREATE FUNCTION recovery_business_created() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM recovery_default_setup(NEW.id);
        RETURN NEW;
      END $$;
      CREATE TRIGGER recovery_business_created AFTER INSERT ON business
        FOR EACH ROW EXECUTE FUNCTION recovery_business_created();
      SELECT recovery_default_setup(id) FROM business;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER IF EXISTS recovery_business_created ON business;
      DROP FUNCTION IF EXISTS recovery_business_created();
      DROP FUNCTION IF EXISTS recovery_default_setup(uuid);
      DROP TABLE IF EXISTS recovery_entry_event, recovery_entry, recovery_settings, recovery_phase, recovery_phase_group;
    `);
  }
}
