import { MigrationInterface, QueryRunner } from 'typeorm';

// Saved segments (spec/segments.md): the condition tree, the stored membership, every evaluation
// (time, duration, counts) and the entered/exited transitions each evaluation found, kept as an
// outbox so a transition is published to automations even if the queue was down at commit time
// (docs/segments.md).
export class Segments1764300000000 implements MigrationInterface {
  name = 'Segments1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE segment (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        description text CHECK (length(description) <= 2000),
        conditions jsonb NOT NULL,
        -- bumped whenever the conditions change; an evaluation records the version it used
        version integer NOT NULL DEFAULT 1,
        member_count integer NOT NULL DEFAULT 0,
        evaluated_at timestamptz,
        evaluation_ms integer,
        -- the last evaluation took longer than 5 s (segments.md)
        slow boolean NOT NULL DEFAULT false,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        archived_at timestamptz
      );
      CREATE UNIQUE INDEX segment_business_name_uq ON segment (business_id, lower(name)) WHERE archived_at IS NULL;
      CREATE INDEX segment_business_idx ON segment (business_id, id) WHERE archived_at IS NULL;

      CREATE TABLE segment_member (
        segment_id bigint NOT NULL REFERENCES segment(id) ON DELETE CASCADE,
        client_id bigint NOT NULL REFERENCES client(id) ON DELETE CASCADE,
        business_id uuid NOT NULL,
        entered_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (segment_id, client_id)
      );
      CREATE INDEX segment_member_client_idx ON segment_member (client_id);

      CREATE TABLE segment_evaluation (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL,
        segment_id bigint NOT NULL REFERENCES segment(id) ON DELETE CASCADE,
        segment_version integer NOT NULL,
        trigger text NOT NULL CHECK (trigger IN ('created','updated','schedule','data','manual')),
        started_at timestamptz NOT NULL,
        duration_ms integer NOT NULL,
        member_count integer NOT NULL,
        entered integer NOT NULL,
        exited integer NOT NULL,
        -- the first evaluation of a segment (or of new conditions) sets the baseline: no events
        baseline boolean NOT NULL,
        slow boolean NOT NULL,
        -- null while its transitions still have to reach the automation-events queue
        published_at timestamptz
      );
      CREATE INDEX segment_evaluation_segment_idx ON segment_evaluation (segment_id, started_at DESC);
      CREATE INDEX segment_evaluation_unpublished_idx ON segment_evaluation (started_at) WHERE published_at IS NULL;

      CREATE TABLE segment_transition (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL,
        segment_id bigint NOT NULL REFERENCES segment(id) ON DELETE CASCADE,
        evaluation_id bigint NOT NULL REFERENCES segment_evaluation(id) ON DELETE CASCADE,
        client_id bigint NOT NULL REFERENCES client(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('entered','exited')),
        at timestamptz NOT NULL
      );
      CREATE INDEX segment_transition_evaluation_idx ON segment_transition (evaluation_id, kind, id);
      CREATE INDEX segment_transition_client_idx ON segment_transition (client_id, at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS segment_transition, segment_evaluation, segment_member, segment`);
  }
}
