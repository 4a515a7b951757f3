import { MigrationInterface, QueryRunner } from 'typeorm';

// Automations (issue #6 part 1 and 5, spec/actions.md "Campaigns and automations", docs/automations.md):
// a trigger and a list of steps per automation, one durable run (enrollment) per client and
// trigger occurrence, a per-step log (what each enrollment did at each step, holdout included),
// "at the door" alerts armed until the client's next visit, and which businesses got the playbook.
//
// automation_enrollment is a shared contract with the follow-up reports: keep its column names.
export class Automations1764700000000 implements MigrationInterface {
  name = 'Automations1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE automation (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        -- the trigger as submitted; the columns below are what enrollment statements match on
        trigger jsonb NOT NULL,
        trigger_kind text COLLATE "C" NOT NULL CHECK (trigger_kind ~ '^[a-z_]{1,40}$'),
        trigger_segment_id bigint REFERENCES segment(id),
        -- status / health band transitions: NULL matches any value
        trigger_from text[],
        trigger_to text[],
        -- usage drop: at least this many percent
        trigger_min_drop numeric,
        -- schedule: a cron expression in the business's time zone, and its next tick
        schedule_cron text,
        next_run_at timestamptz,
        -- [{key, type, ...}] (docs/automations.md)
        steps jsonb NOT NULL,
        -- bumped when steps change; a run claims enrollments only for the version it loaded
        steps_version integer NOT NULL DEFAULT 1,
        -- re-entry: NULL = once ever; N = again once N days have passed since the last entry
        reentry_days integer CHECK (reentry_days BETWEEN 1 AND 3650),
        -- {kind, withinDays}: what the follow-up reports judge it by
        goal jsonb NOT NULL,
        holdout_percent numeric(5,2) NOT NULL DEFAULT 10 CHECK (holdout_percent BETWEEN 0 AND 50),
        enabled boolean NOT NULL DEFAULT false,
        -- the ready-made automation this row was created from (default playbook)
        playbook_key text COLLATE "C",
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        archived_at timestamptz
      );
      CREATE INDEX automation_business_idx ON automation (business_id, id) WHERE archived_at IS NULL;
      CREATE INDEX automation_trigger_idx ON automation (business_id, trigger_kind) WHERE enabled AND archived_at IS NULL;
      CREATE INDEX automation_schedule_idx ON automation (next_run_at) WHERE trigger_kind = 'schedule' AND enabled AND archived_at IS NULL;
      CREATE UNIQUE INDEX automation_playbook_key ON automation (business_id, playbook_key) WHERE playbook_key IS NOT NULL;

      -- one client's run through one automation for one trigger occurrence
      CREATE TABLE automation_enrollment (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL,
        automation_id bigint NOT NULL REFERENCES automation(id) ON DELETE CASCADE,
        client_id bigint NOT NULL REFERENCES client(id) ON DELETE CASCADE,
        -- derived from the event: 'segment:<evaluationId>', 'status:<changedAt ms>', 'schedule:<tick>'
        occurrence_key text COLLATE "C" NOT NULL,
        -- the client's n-th run through this automation (re-entry); origins of later runs carry it
        entry_no integer NOT NULL CHECK (entry_no >= 1),
        -- when the trigger happened (the event's time); "visited since the trigger" reads it
        triggered_at timestamptz NOT NULL,
        enrolled_at timestamptz NOT NULL DEFAULT now(),
        -- the control group: enrolled, walks the steps, never contacted
        holdout boolean NOT NULL,
        state text NOT NULL CHECK (state IN ('active','waiting','done','exited','failed')),
        step_index integer NOT NULL DEFAULT 0,
        -- when the run is next due (a wait's end); while a worker holds it, the end of its lease
        next_at timestamptz,
        -- the worker run holding it (set with the lease, cleared when it moves on)
        claim uuid,
        exit_reason text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (automation_id, client_id, occurrence_key),
        UNIQUE (automation_id, client_id, entry_no),
        CHECK ((state IN ('active','waiting')) = (next_at IS NOT NULL))
      );
      CREATE INDEX automation_enrollment_due_idx ON automation_enrollment (automation_id, step_index, next_at) WHERE state IN ('active','waiting');
      CREATE INDEX automation_enrollment_next_idx ON automation_enrollment (next_at) WHERE state IN ('active','waiting');
      CREATE INDEX automation_enrollment_client_idx ON automation_enrollment (client_id);
      CREATE INDEX automation_enrollment_business_idx ON automation_enrollment (business_id, automation_id);

      -- what each run did at each step it passed (holdout runs record 'holdout' where others act)
      CREATE TABLE automation_step_log (
        enrollment_id bigint NOT NULL REFERENCES automation_enrollment(id) ON DELETE CASCADE,
        step_index integer NOT NULL,
        business_id uuid NOT NULL,
        automation_id bigint NOT NULL,
        step_key text COLLATE "C" NOT NULL,
        outcome text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (enrollment_id, step_index)
      );
      CREATE INDEX automation_step_log_automation_idx ON automation_step_log (automation_id, step_key);

      -- "at the door": armed by a step, fired by the client's next visit (which is its outcome)
      CREATE TABLE automation_door_alert (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL,
        automation_id bigint NOT NULL REFERENCES automation(id) ON DELETE CASCADE,
        enrollment_id bigint NOT NULL REFERENCES automation_enrollment(id) ON DELETE CASCADE,
        client_id bigint NOT NULL REFERENCES client(id) ON DELETE CASCADE,
        step_index integer NOT NULL,
        step_key text COLLATE "C" NOT NULL,
        -- the touch origin of the alert (automation:<id>:step:<key>...)
        origin text COLLATE "C" NOT NULL,
        armed_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        fired_at timestamptz,
        visit_id bigint,
        visited_at timestamptz,
        -- the staff task that carried the alert (its assignee is emailed at once)
        task_id bigint,
        UNIQUE (enrollment_id, step_index)
      );
      CREATE INDEX automation_door_alert_armed_idx ON automation_door_alert (business_id, client_id) WHERE fired_at IS NULL;
      CREATE INDEX automation_door_alert_unsent_idx ON automation_door_alert (fired_at) WHERE fired_at IS NOT NULL AND task_id IS NULL;

      -- businesses that received the default playbook (once; archiving them does not bring it back)
      CREATE TABLE automation_playbook (
        business_id uuid PRIMARY KEY REFERENCES business(id) ON DELETE CASCADE,
        version integer NOT NULL,
        installed_at timestamptz NOT NULL DEFAULT now()
      );

      -- automation progress and reports read touches by automation
      CREATE INDEX touch_automation_idx ON touch (automation_id, id) WHERE automation_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS touch_automation_idx;
      DROP TABLE IF EXISTS automation_playbook, automation_door_alert, automation_step_log, automation_enrollment, automation;
    `);
  }
}
