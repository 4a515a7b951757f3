import { MigrationInterface, QueryRunner } from 'typeorm';

// The canonical member data (spec/domain.md) plus tenancy, inbox, connections and sync state.
// Ids of high-volume rows are bigint identities (8 bytes, ordered, cheap to index); the tenant
// id is a uuid so it can be shown and used in URLs without leaking tenant counts.
// Every source record is unique on (business_id, source, external_id) so redelivery upserts.
// Identifier columns use the C collation: they are opaque ids, and bytewise comparison keeps
// their indexes (the busiest in the schema) cheap to build and probe.
// `source_updated_at` orders updates from a source: an older update never overwrites a newer one.
export class CanonicalModel1763900000000 implements MigrationInterface {
  name = 'CanonicalModel1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE business (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        timezone text NOT NULL,
        currency char(3) NOT NULL DEFAULT 'USD',
        settings jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE api_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        name text NOT NULL DEFAULT 'default',
        role text NOT NULL DEFAULT 'admin' CHECK (role IN ('admin','marketer','staff','manager')),
        prefix text NOT NULL,
        key_hash bytea NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      );
      CREATE INDEX api_key_business_idx ON api_key (business_id);

      CREATE TABLE location (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        source text COLLATE "C" NOT NULL,
        external_id text COLLATE "C" NOT NULL,
        name text NOT NULL,
        source_updated_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (business_id, source, external_id)
      );

      CREATE TABLE staff (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        source text COLLATE "C" NOT NULL,
        external_id text COLLATE "C" NOT NULL,
        first_name text,
        last_name text,
        email text,
        phone text,
        role text,
        active boolean NOT NULL DEFAULT true,
        source_updated_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (business_id, source, external_id)
      );

      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        email text NOT NULL,
        password_hash text,
        role text NOT NULL CHECK (role IN ('admin','marketer','staff','manager')),
        staff_id bigint REFERENCES staff(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (business_id, email)
      );

      CREATE TABLE client (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        source text COLLATE "C" NOT NULL,
        external_id text COLLATE "C" NOT NULL,
        -- a second id the source uses for the same person (Mindbody's editable client id)
        alt_external_id text COLLATE "C",
        first_name text,
        last_name text,
        email text,
        phone text,
        birth_date date,
        gender text NOT NULL DEFAULT 'unknown' CHECK (gender IN ('female','male','other','unknown')),
        customer_type text,
        is_member boolean,
        home_location_id bigint REFERENCES location(id) ON DELETE SET NULL,
        owner_staff_id bigint REFERENCES staff(id) ON DELETE SET NULL,
        suspended boolean NOT NULL DEFAULT false,
        email_consent boolean,
        sms_consent boolean,
        push_tokens text[] NOT NULL DEFAULT '{}',
        source_created_at timestamptz,
        source_updated_at timestamptz,
        deleted_at timestamptz,
        -- true while only a reference is known (event for an unknown client); the next sync fills it
        is_stub boolean NOT NULL DEFAULT false,
        -- derived, maintained on every ingest path (rules and conditions read these, not history)
        registered_at timestamptz,
        first_visit_on date,
        last_visit_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (business_id, source, external_id)
      ) WITH (fillfactor = 70);
      -- last/first_visit_on change with nearly every visit: they stay unindexed and pages keep
      -- 30 % free, so most of those updates are HOT (no index writes). FK columns
      -- (home_location_id, owner_staff_id) are not indexed for the same reason; deleting a
      -- location or staff member scans client once.
      CREATE INDEX client_business_id_idx ON client (business_id, id);
      CREATE INDEX client_registered_idx ON client (business_id, registered_at);
      CREATE INDEX client_alt_external_id_idx ON client (business_id, source, alt_external_id) WHERE alt_external_id IS NOT NULL;
      CREATE INDEX client_email_idx ON client (business_id, lower(email));

      CREATE TABLE product (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        source text COLLATE "C" NOT NULL,
        external_id text COLLATE "C" NOT NULL,
        name text NOT NULL,
        kind text NOT NULL DEFAULT 'other' CHECK (kind IN ('membership','class_pack','service','retail','package','other')),
        labels text[] NOT NULL DEFAULT '{}',
        service_category text,
        price bigint,
        source_updated_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (business_id, source, external_id)
      );
      CREATE INDEX product_labels_idx ON product USING gin (labels);

      CREATE TABLE subscription (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        source text COLLATE "C" NOT NULL,
        external_id text COLLATE "C" NOT NULL,
        client_id bigint NOT NULL REFERENCES client(id) ON DELETE CASCADE,
        product_id bigint REFERENCES product(id) ON DELETE SET NULL,
        name text,
        starts_on date NOT NULL,
        ends_on date,
        binding_ends_on date,
        auto_renew boolean NOT NULL DEFAULT false,
        payment_method text NOT NULL DEFAULT 'other' CHECK (payment_method IN ('direct_debit','cash','recurring_card','invoice','other')),
        price bigint NOT NULL DEFAULT 0,
        billing_unit text NOT NULL DEFAULT 'month' CHECK (billing_unit IN ('day','month')),
        billing_interval integer NOT NULL DEFAULT 1 CHECK (billing_interval >= 0),
        billed boolean NOT NULL DEFAULT false,
        trailing_billing boolean NOT NULL DEFAULT false,
        cancelled_at timestamptz,
        cancellation_kind text CHECK (cancellation_kind IN ('ordinary','extraordinary')),
        cancellation_reason text,
        source_updated_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (business_id, source, external_id),
        CHECK (ends_on IS NULL OR ends_on >= starts_on)
      );
      CREATE INDEX subscription_client_idx ON subscription (client_id, starts_on);
      CREATE INDEX subscription_business_active_idx ON subscription (business_id, ends_on);

      CREATE TABLE subscription_freeze (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        source text COLLATE "C" NOT NULL,
        external_id text COLLATE "C" NOT NULL,
        subscription_id bigint NOT NULL REFERENCES subscription(id) ON DELETE CASCADE,
        starts_on date NOT NULL,
        ends_on date,
        source_updated_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (business_id, source, external_id),
        CHECK (ends_on IS NULL OR ends_on >= starts_on)
      );
      CREATE INDEX subscription_freeze_subscription_idx ON subscription_freeze (subscription_id);

      CREATE TABLE quota (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        source text COLLATE "C" NOT NULL,
        external_id text COLLATE "C" NOT NULL,
        client_id bigint NOT NULL REFERENCES client(id) ON DELETE CASCADE,
        product_id bigint REFERENCES product(id) ON DELETE SET NULL,
        name text,
        total_units integer NOT NULL CHECK (total_units >= 0),
        used_units integer NOT NULL DEFAULT 0 CHECK (used_units >= 0),
        expires_on date,
        source_updated_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (business_id, source, external_id)
      );
      CREATE INDEX quota_client_idx ON quota (client_id);

      -- visits, bookings, sales, invoices are the large tables: keyed so they can be
      -- range-partitioned by month later (docs/data-model.md)
      CREATE TABLE booking (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        source text COLLATE "C" NOT NULL,
        external_id text COLLATE "C" NOT NULL,
        client_id bigint NOT NULL REFERENCES client(id) ON DELETE CASCADE,
        location_id bigint REFERENCES location(id) ON DELETE SET NULL,
        product_id bigint REFERENCES product(id) ON DELETE SET NULL,
        kind text NOT NULL CHECK (kind IN ('class','appointment')),
        name text,
        service_category text,
        starts_at timestamptz NOT NULL,
        booked_at timestamptz,
        state text NOT NULL DEFAULT 'booked' CHECK (state IN ('booked','attended','no_show','late_cancelled','cancelled')),
        no_show_active boolean NOT NULL DEFAULT false,
        booked_via text,
        source_updated_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (business_id, source, external_id)
      );
      CREATE INDEX booking_client_idx ON booking (client_id, starts_at);
      CREATE INDEX booking_business_starts_idx ON booking (business_id, starts_at);

      CREATE TABLE visit (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        source text COLLATE "C" NOT NULL,
        external_id text COLLATE "C" NOT NULL,
        client_id bigint NOT NULL REFERENCES client(id) ON DELETE CASCADE,
        location_id bigint REFERENCES location(id) ON DELETE SET NULL,
        booking_id bigint REFERENCES booking(id) ON DELETE SET NULL,
        visited_at timestamptz NOT NULL,
        -- local calendar day in the business's time zone: "unique visit days" count this
        visited_on date NOT NULL,
        kind text NOT NULL DEFAULT 'gym' CHECK (kind IN ('gym','class','appointment')),
        source_updated_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (business_id, source, external_id)
      );
      CREATE INDEX visit_client_day_idx ON visit (client_id, visited_on);
      CREATE INDEX visit_business_day_idx ON visit (business_id, visited_on);

      -- unique visit days per client and ISO week (Monday), maintained on ingest so rules
      -- and conditions over weeks/months never scan the visit history
      CREATE TABLE client_visit_week (
        business_id uuid NOT NULL,
        client_id bigint NOT NULL REFERENCES client(id) ON DELETE CASCADE,
        week_start date NOT NULL,
        visit_days smallint NOT NULL CHECK (visit_days BETWEEN 0 AND 7),
        PRIMARY KEY (client_id, week_start)
      );
      CREATE INDEX client_visit_week_business_idx ON client_visit_week (business_id, week_start);

      CREATE TABLE sale (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        source text COLLATE "C" NOT NULL,
        external_id text COLLATE "C" NOT NULL,
        client_id bigint NOT NULL REFERENCES client(id) ON DELETE CASCADE,
        product_id bigint REFERENCES product(id) ON DELETE SET NULL,
        location_id bigint REFERENCES location(id) ON DELETE SET NULL,
        sold_at timestamptz NOT NULL,
        quantity integer NOT NULL DEFAULT 1,
        amount bigint NOT NULL DEFAULT 0,
        source_updated_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (business_id, source, external_id)
      );
      CREATE INDEX sale_client_idx ON sale (client_id, sold_at);

      CREATE TABLE invoice (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        source text COLLATE "C" NOT NULL,
        external_id text COLLATE "C" NOT NULL,
        client_id bigint NOT NULL REFERENCES client(id) ON DELETE CASCADE,
        amount bigint NOT NULL,
        due_on date NOT NULL,
        paid_at timestamptz,
        direct_debit boolean NOT NULL DEFAULT false,
        source_updated_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (business_id, source, external_id)
      );
      CREATE INDEX invoice_client_idx ON invoice (client_id);
      CREATE INDEX invoice_unpaid_idx ON invoice (business_id, due_on) WHERE paid_at IS NULL;

      CREATE TABLE client_status (
        client_id bigint PRIMARY KEY REFERENCES client(id) ON DELETE CASCADE,
        business_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('in_trouble','at_risk','loving_it','raving_fan','suspended')),
        tags text[] NOT NULL DEFAULT '{}',
        score smallint NOT NULL DEFAULT 0,
        since timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX client_status_business_idx ON client_status (business_id, status);

      CREATE TABLE status_change (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL,
        client_id bigint NOT NULL REFERENCES client(id) ON DELETE CASCADE,
        from_status text,
        -- null: the client no longer has a status (stopped being a member)
        to_status text,
        tags text[] NOT NULL DEFAULT '{}',
        score smallint NOT NULL DEFAULT 0,
        changed_at timestamptz NOT NULL DEFAULT now(),
        reason text NOT NULL CHECK (reason IN ('rule','manual','event')),
        note text
      );
      CREATE INDEX status_change_client_idx ON status_change (client_id, changed_at);
      CREATE INDEX status_change_business_idx ON status_change (business_id, changed_at);

      -- every inbound delivery as received; a rejected one (bad signature) keeps its raw body
      CREATE TABLE event_inbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        source text COLLATE "C" NOT NULL,
        external_event_id text COLLATE "C",
        event_type text,
        received_at timestamptz NOT NULL DEFAULT now(),
        payload jsonb,
        raw_body text,
        signature_ok boolean NOT NULL,
        processed_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        error text
      );
      CREATE UNIQUE INDEX event_inbox_event_uq ON event_inbox (business_id, source, external_event_id)
        WHERE external_event_id IS NOT NULL;
      CREATE INDEX event_inbox_unprocessed_idx ON event_inbox (received_at)
        WHERE processed_at IS NULL AND signature_ok;
      CREATE INDEX event_inbox_business_idx ON event_inbox (business_id, source, received_at);

      -- one connection per business and provider; secrets are AES-256-GCM sealed with the
      -- key from config (SECRETS_KEY), never stored or logged in clear
      CREATE TABLE integration_connection (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        provider text NOT NULL,
        config jsonb NOT NULL DEFAULT '{}'::jsonb,
        secrets_enc text,
        enabled boolean NOT NULL DEFAULT true,
        last_webhook_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (business_id, provider)
      );

      CREATE TABLE sync_state (
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        provider text NOT NULL,
        kind text NOT NULL,
        cursor jsonb,
        last_started_at timestamptz,
        last_finished_at timestamptz,
        last_success_at timestamptz,
        last_error text,
        last_error_at timestamptz,
        records_upserted bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (business_id, provider, kind)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS sync_state, integration_connection, event_inbox, status_change,
        client_status, invoice, sale, client_visit_week, visit, booking, quota,
        subscription_freeze, subscription, product, client, app_user, staff, location,
        api_key, business CASCADE;
    `);
  }
}
