import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PRIORITY_RANK_SQL, TaskAssignment, TaskCreator, TaskDue, TaskPriority } from './tasks.types';

export interface ResolvedDue {
  dueAt: Date;
  dueOn: string;
}

interface TaskBatchInput {
  businessId: string;
  clientIds: readonly string[];
  reason: string;
  reasonKey: string;
  instructions: string | null;
  due: ResolvedDue;
  priority: TaskPriority;
  assignment: TaskAssignment;
  createdBy: TaskCreator;
  origin: string;
  createdByStaffId: string | null;
}

interface TaskBatchRow {
  id: string;
  clientId: string;
  assigneeStaffId: string | null;
  seq: number;
  inserted: boolean;
}

interface TaskBatchResult {
  /** Distinct ids that are live clients of the business. */
  found: number;
  /** Of those, not under a running snooze for the reason. */
  eligible: number;
  rows: TaskBatchRow[];
}

// One statement per batch: resolve clients (scoped to the business), drop snoozed ones, pick the
// assignee (active owner / chosen staff / team round-robin from an atomically advanced cursor),
// then INSERT ... ON CONFLICT on the "one open task per client + reason" index, so a second
// raise updates the open task (earlier due date wins, priority only goes up, new instructions).
const CREATE_BATCH_SQL = `
WITH input AS (
  SELECT c.id AS client_id, min(i.ord) AS ord, max(o.id) AS owner_id
    FROM unnest($2::bigint[]) WITH ORDINALITY AS i(id, ord)
    JOIN client c ON c.id = i.id AND c.business_id = $1 AND c.deleted_at IS NULL
    LEFT JOIN staff o ON o.business_id = $1 AND o.id = c.owner_staff_id AND o.active
   GROUP BY c.id
), eligible AS (
  SELECT i.* FROM input i
   WHERE NOT EXISTS (SELECT 1 FROM staff_task_snooze s
                      WHERE s.business_id = $1 AND s.client_id = i.client_id AND s.reason_key = $4 AND s.snoozed_until > now())
), planned AS (
  SELECT e.client_id, e.ord,
         CASE $12::text WHEN 'staff' THEN $13::bigint WHEN 'owner' THEN COALESCE(e.owner_id, $13::bigint) END AS direct_id,
         NOT EXISTS (SELECT 1 FROM staff_task t
                      WHERE t.business_id = $1 AND t.client_id = e.client_id AND t.reason_key = $4 AND t.state = 'open') AS is_new
    FROM eligible e
), needs_team AS (
  SELECT client_id, row_number() OVER (ORDER BY ord) - 1 AS k
    FROM planned WHERE is_new AND direct_id IS NULL AND $14::bigint IS NOT NULL
), members AS (
  SELECT m.staff_id, row_number() OVER (ORDER BY m.staff_id) - 1 AS pos, count(*) OVER () AS n
    FROM staff_team_member m
    JOIN staff s ON s.business_id = $1 AND s.id = m.staff_id AND s.active
   WHERE m.business_id = $1 AND m.team_id = $14::bigint
), bump AS (
  UPDATE staff_team SET rr_next = rr_next + (SELECT count(*) FROM needs_team)
   WHERE business_id = $1 AND id = $14::bigint AND EXISTS (SELECT 1 FROM needs_team) AND EXISTS (SELECT 1 FROM members)
  RETURNING rr_next - (SELECT count(*) FROM needs_team) AS start
), upserted AS (
  INSERT INTO staff_task AS t (business_id, client_id, assignee_staff_id, team_id, reason, reason_key, instructions,
                               due_at, due_on, priority, created_by, origin, created_by_staff_id)
  SELECT $1, p.client_id, COALESCE(p.direct_id, m.staff_id), CASE WHEN m.staff_id IS NOT NULL THEN $14::bigint END,
         $3, $4, $5, $6, $7, $8, $9, $10, $11
    FROM planned p
    LEFT JOIN needs_team nt ON nt.client_id = p.client_id
    LEFT JOIN bump b ON true
    LEFT JOIN members m ON m.pos = (b.start + nt.k) % m.n
   -- rows lock in client id order, so two batches over the same clients cannot deadlock
   ORDER BY p.client_id
  ON CONFLICT (business_id, client_id, reason_key) WHERE state = 'open' DO UPDATE SET
    due_on = CASE WHEN EXCLUDED.due_at < t.due_at THEN EXCLUDED.due_on ELSE t.due_on END,
    due_at = LEAST(t.due_at, EXCLUDED.due_at),
    instructions = COALESCE(EXCLUDED.instructions, t.instructions),
    reason = EXCLUDED.reason,
    priority = CASE WHEN array_position(${PRIORITY_RANK_SQL}, EXCLUDED.priority) > array_position(${PRIORITY_RANK_SQL}, t.priority)
                    THEN EXCLUDED.priority ELSE t.priority END,
    raised_count = t.raised_count + 1,
    updated_at = now()
  RETURNING t.id, t.client_id, t.assignee_staff_id, t.assignment_seq, (t.xmax = 0) AS inserted
)
SELECT (SELECT count(*) FROM input)::int AS found,
       (SELECT count(*) FROM eligible)::int AS eligible,
       COALESCE((SELECT json_agg(json_build_object('id', id::text, 'clientId', client_id::text, 'assigneeStaffId', assignee_staff_id::text,
                                                    'seq', assignment_seq, 'inserted', inserted) ORDER BY id)
                   FROM upserted), '[]'::json) AS rows`;

/** Set-based task creation and the look-ups it validates against; every statement is scoped by business_id. */
@Injectable()
export class TaskCreateRepository {
  constructor(private readonly ds: DataSource) {}

  async createBatch(input: TaskBatchInput): Promise<TaskBatchResult> {
    const [row] = await this.ds.query(CREATE_BATCH_SQL, [
      input.businessId,
      input.clientIds,
      input.reason,
      input.reasonKey,
      input.instructions,
      input.due.dueAt,
      input.due.dueOn,
      input.priority,
      input.createdBy,
      input.origin,
      input.createdByStaffId,
      input.assignment.mode,
      input.assignment.staffId ?? null,
      input.assignment.teamId ?? null,
    ]);
    return { found: row.found, eligible: row.eligible, rows: row.rows };
  }

  /**
   * The due instant and local day in the business's time zone: an exact time as given, a day as
   * the end of that local day. Undefined when the business does not exist.
   */
  async resolveDue(businessId: string, due: TaskDue): Promise<ResolvedDue | undefined> {
    const at = 'at' in due ? due.at : null;
    const on = 'on' in due ? due.on : null;
    const days = 'inDays' in due ? due.inDays : null;
    const [row] = await this.ds.query(
      `SELECT CASE WHEN $2::timestamptz IS NOT NULL THEN $2::timestamptz
                   ELSE (d.day + 1)::timestamp AT TIME ZONE b.timezone END AS "dueAt",
              to_char(CASE WHEN $2::timestamptz IS NOT NULL THEN ($2::timestamptz AT TIME ZONE b.timezone)::date ELSE d.day END, 'YYYY-MM-DD') AS "dueOn"
         FROM business b
         CROSS JOIN LATERAL (SELECT COALESCE($3::date, (now() AT TIME ZONE b.timezone)::date + COALESCE($4::int, 0)) AS day) d
        WHERE b.id = $1`,
      [businessId, at, on, days],
    );
    return row;
  }

  /** The business-local day today (to refuse due days in the past). */
  async localToday(businessId: string): Promise<string | undefined> {
    const [row] = await this.ds.query(`SELECT to_char((now() AT TIME ZONE timezone)::date, 'YYYY-MM-DD') AS today FROM business WHERE id = $1`, [businessId]);
    return row?.today;
  }

  async isActiveStaff(businessId: string, staffId: string): Promise<boolean> {
    const rows = await this.ds.query(`SELECT 1 FROM staff WHERE business_id = $1 AND id = $2 AND active`, [businessId, staffId]);
    return rows.length > 0;
  }

  /** undefined: no such team in the business; otherwise how many of its members are active. */
  async activeTeamMembers(businessId: string, teamId: string): Promise<number | undefined> {
    const [row] = await this.ds.query(
      `SELECT (SELECT count(*)::int FROM staff_team_member m JOIN staff s ON s.business_id = $1 AND s.id = m.staff_id AND s.active
                WHERE m.business_id = $1 AND m.team_id = t.id) AS n
         FROM staff_team t WHERE t.business_id = $1 AND t.id = $2`,
      [businessId, teamId],
    );
    return row?.n;
  }

  async clientExists(businessId: string, clientId: string): Promise<boolean> {
    const rows = await this.ds.query(`SELECT 1 FROM client WHERE business_id = $1 AND id = $2 AND deleted_at IS NULL`, [businessId, clientId]);
    return rows.length > 0;
  }
}
