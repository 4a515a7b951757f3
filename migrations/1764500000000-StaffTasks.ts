import { MigrationInterface, QueryRunner } from 'typeorm';

// Staff tasks (spec/actions.md "Staff tasks", docs/tasks.md): check-in tasks for staff members,
// teams with a round-robin cursor, per client + reason snoozes, and API keys bound to a staff
// member (so "my inbox" means something for a key).
// Staff get a (business_id, id) key so that composite foreign keys make "the assignee, the team
// member and the key's staff member belong to the same business as the row" a database fact.
export class StaffTasks1764500000000 implements MigrationInterface {
  name = 'StaffTasks1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE staff ADD CONSTRAINT staff_business_id_id_key UNIQUE (business_id, id);

      ALTER TABLE api_key ADD COLUMN staff_id bigint;
      ALTER TABLE api_key ADD CONSTRAINT api_key_staff_fk
        FOREIGN KEY (business_id, staff_id) REFERENCES staff (business_id, id) ON DELETE SET NULL (staff_id);

      CREATE TABLE staff_team (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        -- round-robin cursor: the number of tasks ever handed out through this team. Advanced
        -- atomically (UPDATE ... RETURNING), so picks stay fair across processes.
        rr_next bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (business_id, id)
      );
      CREATE UNIQUE INDEX staff_team_name_key ON staff_team (business_id, lower(name));

      CREATE TABLE staff_team_member (
        business_id uuid NOT NULL,
        team_id bigint NOT NULL,
        staff_id bigint NOT NULL,
        PRIMARY KEY (team_id, staff_id),
        FOREIGN KEY (business_id, team_id) REFERENCES staff_team (business_id, id) ON DELETE CASCADE,
        FOREIGN KEY (business_id, staff_id) REFERENCES staff (business_id, id) ON DELETE CASCADE
      );
      CREATE INDEX staff_team_member_staff_idx ON staff_team_member (staff_id);

      CREATE TABLE staff_task (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        client_id bigint NOT NULL REFERENCES client(id) ON DELETE CASCADE,
        assignee_staff_id bigint,
        -- the team the assignee was picked from (round-robin), if any
        team_id bigint,
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        -- normalised de-duplication key: 'at_risk', 'automation:12:step:call', ...
        reason_key text COLLATE "C" NOT NULL CHECK (reason_key ~ '^[a-z0-9][a-z0-9:._-]{0,99}$'),
        instructions text CHECK (length(instructions) <= 4000),
        -- due_on is the business-local day; due_at the instant it becomes overdue (the end of
        -- due_on unless an exact time was given)
        due_on date NOT NULL,
        due_at timestamptz NOT NULL,
        priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low','normal','high','urgent')),
        state text NOT NULL DEFAULT 'open' CHECK (state IN ('open','done','dismissed')),
        outcome text CHECK (outcome IN ('reached','left_message','no_answer','booked_visit','not_interested','returned_on_own','other')),
        notes text CHECK (length(notes) <= 4000),
        created_by text NOT NULL CHECK (created_by IN ('user','automation','campaign')),
        -- who exactly: 'api_key:<uuid>', 'automation:3:step:call-1', 'campaign:7:step:1'
        origin text COLLATE "C" NOT NULL CHECK (length(origin) BETWEEN 1 AND 200),
        created_by_staff_id bigint,
        -- how often the same client + reason was raised while this task was open
        raised_count integer NOT NULL DEFAULT 1,
        snoozed_until timestamptz,
        snooze_reason text CHECK (length(snooze_reason) <= 500),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        -- 'api_key:<uuid>' for a person, 'auto' when a returning visit closed it
        completed_by text COLLATE "C",
        completed_by_staff_id bigint,
        -- auto-close: the first visit after the task was created
        returned_visit_at timestamptz,
        -- notification of the assignee: a reassignment bumps assignment_seq; a worker claims
        -- (notify_claim) before it calls SMTP, so a retried job never mails twice
        assignment_seq integer NOT NULL DEFAULT 1,
        notified_seq integer NOT NULL DEFAULT 0,
        notify_claim uuid,
        notify_claimed_at timestamptz,
        notified_at timestamptz,
        notify_message_id text,
        notify_error text,
        CHECK ((state = 'open') = (completed_at IS NULL)),
        CHECK (state <> 'done' OR outcome IS NOT NULL),
        FOREIGN KEY (business_id, assignee_staff_id) REFERENCES staff (business_id, id) ON DELETE SET NULL (assignee_staff_id),
        FOREIGN KEY (business_id, team_id) REFERENCES staff_team (business_id, id) ON DELETE SET NULL (team_id),
        FOREIGN KEY (business_id, created_by_staff_id) REFERENCES staff (business_id, id) ON DELETE SET NULL (created_by_staff_id),
        FOREIGN KEY (business_id, completed_by_staff_id) REFERENCES staff (business_id, id) ON DELETE SET NULL (completed_by_staff_id)
      );
      -- one open task per client and reason: a second raise updates it (ON CONFLICT target)
      CREATE UNIQUE INDEX staff_task_open_key ON staff_task (business_id, client_id, reason_key) WHERE state = 'open';
      CREATE INDEX staff_task_inbox_idx ON staff_task (business_id, assignee_staff_id, state, due_at);
      CREATE INDEX staff_task_client_idx ON staff_task (client_id);
      CREATE INDEX staff_task_created_idx ON staff_task (business_id, created_at);
      CREATE INDEX staff_task_completed_idx ON staff_task (business_id, completed_at) WHERE completed_at IS NOT NULL;
      CREATE INDEX staff_task_notify_pending_idx ON staff_task (updated_at)
        WHERE state = 'open' AND assignee_staff_id IS NOT NULL AND notified_seq < assignment_seq AND notify_error IS NULL;

      -- while a snooze runs, the same client + reason raises no new task (and updates no open one)
      CREATE TABLE staff_task_snooze (
        business_id uuid NOT NULL REFERENCES business(id) ON DELETE CASCADE,
        client_id bigint NOT NULL REFERENCES client(id) ON DELETE CASCADE,
        reason_key text COLLATE "C" NOT NULL,
        snoozed_until timestamptz NOT NULL,
        reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
        task_id bigint REFERENCES staff_task(id) ON DELETE SET NULL,
        created_by text COLLATE "C" NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (business_id, client_id, reason_key)
      );
      CREATE INDEX staff_task_snooze_client_idx ON staff_task_snooze (client_id);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS staff_task_snooze, staff_task, staff_team_member, staff_team;
      ALTER TABLE api_key DROP CONSTRAINT IF EXISTS api_key_staff_fk;
      ALTER TABLE api_key DROP COLUMN IF EXISTS staff_id;
      ALTER TABLE staff DROP CONSTRAINT IF EXISTS staff_business_id_id_key;
    `);
  }
}
