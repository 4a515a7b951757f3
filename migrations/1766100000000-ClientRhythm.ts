import { MigrationInterface, QueryRunner } from 'typeorm';

// Rhythm (docs/rhythm.md): per client and service category, the usual interval between
// attended appointments and the days it turns overdue and gone. Rows exist only once a rhythm
// is known (enough attended days); everything is recomputed from bookings, so a category
// renamed at the source replaces its rows.
export class ClientRhythm1766100000000 implements MigrationInterface {
  name = 'ClientRhythm1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE client_rhythm (
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        service_category text NOT NULL,
        client_id bigint NOT NULL REFERENCES client(id) ON DELETE CASCADE,
        -- distinct days with an attended appointment in the category (two on one day count once)
        appointments integer NOT NULL CHECK (appointments >= 2),
        -- the last of them, a calendar day in the business's time zone
        last_on date NOT NULL,
        -- median of the last intervals (whole days, or a half when the count is even)
        usual_interval_days numeric(7,1) NOT NULL CHECK (usual_interval_days >= 0),
        -- last_on + ceil(usual interval): days overdue = today - due_on (the list's sort key)
        due_on date NOT NULL,
        -- first day the client counts as overdue, and first day as gone (off the list)
        overdue_from date NOT NULL,
        gone_from date NOT NULL,
        -- a booked appointment in the category still ahead (keeps the client off the list)
        has_future_booking boolean NOT NULL DEFAULT false,
        -- may be on the list: no future booking and not gone on the day it was computed
        -- (the list still checks the dates; this only keeps the gone out of its index)
        listed boolean NOT NULL,
        -- the overdue_from of the episode client.became_overdue was published for
        notified_overdue_from date,
        computed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (business_id, service_category, client_id)
      );
      CREATE INDEX client_rhythm_client_idx ON client_rhythm (client_id);
      -- the overdue list's first page: most overdue first, per category and over all of them
      CREATE INDEX client_rhythm_listed_idx ON client_rhythm (business_id, service_category, due_on, client_id) WHERE listed;
      CREATE INDEX client_rhythm_listed_all_idx ON client_rhythm (business_id, due_on, client_id) WHERE listed;

      -- per-business rules; no row = the defaults
      CREATE TABLE rhythm_settings (
        business_id uuid PRIMARY KEY REFERENCES business(id) ON DELETE CASCADE,
        min_appointments integer NOT NULL DEFAULT 3 CHECK (min_appointments BETWEEN 2 AND 50),
        max_intervals integer NOT NULL DEFAULT 6 CHECK (max_intervals BETWEEN 1 AND 50),
        tolerance numeric(5,2) NOT NULL DEFAULT 1.25 CHECK (tolerance BETWEEN 1 AND 10),
        min_slack_days integer NOT NULL DEFAULT 7 CHECK (min_slack_days BETWEEN 0 AND 365),
        gone_factor numeric(5,2) NOT NULL DEFAULT 4 CHECK (gone_factor BETWEEN 1 AND 50),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      -- clients an ingest touched, waiting for the debounced recompute (rhythm.listeners.ts)
      CREATE TABLE rhythm_dirty (
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        client_id bigint NOT NULL REFERENCES client(id) ON DELETE CASCADE,
        PRIMARY KEY (business_id, client_id)
      );

      -- the daily pass: the business-local day it last ran for
      CREATE TABLE rhythm_pass (
        business_id uuid PRIMARY KEY REFERENCES business(id) ON DELETE CASCADE,
        last_on date NOT NULL,
        last_at timestamptz NOT NULL,
        rows integer NOT NULL,
        became_overdue integer NOT NULL
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rhythm_pass; DROP TABLE rhythm_dirty; DROP TABLE rhythm_settings; DROP TABLE client_rhythm;`);
  }
}
