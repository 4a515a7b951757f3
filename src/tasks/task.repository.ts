import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { modifiedRows } from '../database/modified-rows';
import { PRIORITY_RANK_SQL, TaskOutcome, TaskState } from './tasks.types';

export interface TaskView {
  id: string;
  state: TaskState;
  outcome: TaskOutcome | null;
  reason: string;
  reasonKey: string;
  instructions: string | null;
  priority: string;
  dueOn: string;
  dueAt: Date;
  overdue: boolean;
  snoozedUntil: Date | null;
  snoozeReason: string | null;
  notes: string | null;
  raisedCount: number;
  client: { id: string; firstName: string | null; lastName: string | null; email: string | null; phone: string | null; lastVisitOn: string | null };
  assignee: { id: string; firstName: string | null; lastName: string | null; email: string | null } | null;
  teamId: string | null;
  createdBy: string;
  origin: string;
  createdAt: Date;
  updatedAt: Date;
  completedAt: Date | null;
  completedBy: string | null;
  completedByStaffId: string | null;
  returnedVisitAt: Date | null;
  notifiedAt: Date | null;
  notifyError: string | null;
}

interface InboxFilter {
  /** a staff id, 'unassigned', or undefined for every task of the business */
  assignee?: string | 'unassigned';
  state: TaskState | 'all';
  clientId?: string;
  limit: number;
  offset: number;
}

const VIEW_COLUMNS = `
       t.id::text, t.state, t.outcome, t.reason, t.reason_key AS "reasonKey", t.instructions, t.priority,
       to_char(t.due_on, 'YYYY-MM-DD') AS "dueOn", t.due_at AS "dueAt",
       (t.state = 'open' AND t.due_at <= now()) AS overdue,
       t.snoozed_until AS "snoozedUntil", t.snooze_reason AS "snoozeReason", t.notes, t.raised_count AS "raisedCount",
       json_build_object('id', c.id::text, 'firstName', c.first_name, 'lastName', c.last_name, 'email', c.email, 'phone', c.phone,
                         'lastVisitOn', to_char(c.last_visit_on, 'YYYY-MM-DD')) AS client,
       CASE WHEN s.id IS NULL THEN NULL
            ELSE json_build_object('id', s.id::text, 'firstName', s.first_name, 'lastName', s.last_name, 'email', s.email) END AS assignee,
       t.team_id::text AS "teamId", t.created_by AS "createdBy", t.origin, t.created_at AS "createdAt", t.updated_at AS "updatedAt",
       t.completed_at AS "completedAt", t.completed_by AS "completedBy", t.completed_by_staff_id::text AS "completedByStaffId",
       t.returned_visit_at AS "returnedVisitAt", t.notified_at AS "notifiedAt", t.notify_error AS "notifyError"`;

const VIEW_FROM = `
  FROM staff_task t
  JOIN client c ON c.id = t.client_id
  LEFT JOIN staff s ON s.business_id = t.business_id AND s.id = t.assignee_staff_id`;

// Open first: not snoozed before snoozed, overdue first, then due date, then priority (urgent
// first); closed tasks after them, most recently closed first.
const INBOX_ORDER = `
  ORDER BY (t.state <> 'open'),
           (t.state = 'open' AND t.snoozed_until > now()) IS TRUE,
           (t.state = 'open' AND t.due_at <= now()) DESC,
           CASE WHEN t.state = 'open' THEN t.due_at END,
           CASE WHEN t.state = 'open' THEN array_position(${PRIORITY_RANK_SQL}, t.priority) END DESC,
           t.completed_at DESC NULLS LAST,
           t.id`;

/** Reads and state changes of single tasks; every statement is scoped by business_id. */
@Injectable()
export class TaskRepository {
  constructor(private readonly ds: DataSource) {}

  async find(businessId: string, id: string): Promise<TaskView | undefined> {
    const [row] = await this.ds.query(`SELECT ${VIEW_COLUMNS} ${VIEW_FROM} WHERE t.business_id = $1 AND t.id = $2`, [businessId, id]);
    return row;
  }

  /** A page of tasks in inbox order, with the total matching the filter. */
  async inbox(businessId: string, f: InboxFilter): Promise<{ items: TaskView[]; total: number }> {
    const params: unknown[] = [businessId];
    const where = ['t.business_id = $1'];
    if (f.assignee === 'unassigned') where.push('t.assignee_staff_id IS NULL');
    else if (f.assignee) where.push(`t.assignee_staff_id = $${params.push(f.assignee)}`);
    if (f.state !== 'all') where.push(`t.state = $${params.push(f.state)}`);
    if (f.clientId) where.push(`t.client_id = $${params.push(f.clientId)}`);
    const filtered = params.length;
    const rows: Array<TaskView & { total: number }> = await this.ds.query(
      `SELECT ${VIEW_COLUMNS}, count(*) OVER ()::int AS total ${VIEW_FROM} WHERE ${where.join(' AND ')} ${INBOX_ORDER}
        LIMIT $${params.push(f.limit)} OFFSET $${params.push(f.offset)}`,
      params,
    );
    if (rows.length) return { items: rows.map(({ total: _total, ...v }) => v), total: rows[0].total };
    // past the last page the window has no row to carry the total
    const [count] = await this.ds.query(`SELECT count(*)::int AS n FROM staff_task t WHERE ${where.join(' AND ')}`, params.slice(0, filtered));
    return { items: [], total: count.n };
  }

  /** The state of a task, to tell "not found" from "not open" after a guarded update missed. */
  async stateOf(businessId: string, id: string): Promise<{ state: TaskState; assigneeStaffId: string | null } | undefined> {
    const [row] = await this.ds.query(`SELECT state, assignee_staff_id::text AS "assigneeStaffId" FROM staff_task WHERE business_id = $1 AND id = $2`, [businessId, id]);
    return row;
  }

  async complete(businessId: string, id: string, by: { completedBy: string; staffId: string | null }, outcome: TaskOutcome, notes: string | null): Promise<boolean> {
    const rows = await modifiedRows(
      this.ds,
      `UPDATE staff_task SET state = 'done', outcome = $3, notes = COALESCE($4, notes), completed_at = now(), completed_by = $5,
              completed_by_staff_id = $6, updated_at = now()
        WHERE business_id = $1 AND id = $2 AND state = 'open' RETURNING id`,
      [businessId, id, outcome, notes, by.completedBy, by.staffId],
    );
    return rows.length > 0;
  }

  async dismiss(businessId: string, id: string, by: { completedBy: string; staffId: string | null }, notes: string | null): Promise<boolean> {
    const rows = await modifiedRows(
      this.ds,
      `UPDATE staff_task SET state = 'dismissed', notes = COALESCE($3, notes), completed_at = now(), completed_by = $4,
              completed_by_staff_id = $5, updated_at = now()
        WHERE business_id = $1 AND id = $2 AND state = 'open' RETURNING id`,
      [businessId, id, notes, by.completedBy, by.staffId],
    );
    return rows.length > 0;
  }

  /**
   * Snoozes an open task (it is due when the snooze ends, if not later) and records the snooze
   * for its client + reason, so no new task is raised for them until it ends. One statement.
   */
  async snooze(businessId: string, id: string, until: Date, reason: string, by: string): Promise<boolean> {
    const rows = await this.ds.query(
      `WITH task AS (
         UPDATE staff_task t SET snoozed_until = $3, snooze_reason = $4,
                due_on = CASE WHEN $3::timestamptz > t.due_at THEN ($3::timestamptz AT TIME ZONE b.timezone)::date ELSE t.due_on END,
                due_at = GREATEST(t.due_at, $3::timestamptz), updated_at = now()
           FROM business b
          WHERE b.id = t.business_id AND t.business_id = $1 AND t.id = $2 AND t.state = 'open'
         RETURNING t.id, t.client_id, t.reason_key
       )
       INSERT INTO staff_task_snooze (business_id, client_id, reason_key, snoozed_until, reason, task_id, created_by)
       SELECT $1, client_id, reason_key, $3, $4, id, $5 FROM task
       ON CONFLICT (business_id, client_id, reason_key) DO UPDATE SET
         snoozed_until = EXCLUDED.snoozed_until, reason = EXCLUDED.reason, task_id = EXCLUDED.task_id,
         created_by = EXCLUDED.created_by, created_at = now()
       RETURNING task_id`,
      [businessId, id, until, reason, by],
    );
    return rows.length > 0;
  }

  /**
   * A new assignee for an open task; bumps the assignment sequence so the new assignee is
   * notified. Answers the new sequence, 0 when the assignee did not change, undefined when the
   * task is not open.
   */
  async reassign(businessId: string, id: string, staffId: string, teamId: string | null): Promise<number | undefined> {
    const rows = await modifiedRows<{ assignment_seq: number; notified_seq: number }>(
      this.ds,
      `UPDATE staff_task SET assignee_staff_id = $3, team_id = $4,
              assignment_seq = assignment_seq + CASE WHEN assignee_staff_id IS DISTINCT FROM $3::bigint THEN 1 ELSE 0 END,
              notify_error = CASE WHEN assignee_staff_id IS DISTINCT FROM $3::bigint THEN NULL ELSE notify_error END,
              updated_at = now()
        WHERE business_id = $1 AND id = $2 AND state = 'open'
        RETURNING assignment_seq, notified_seq`,
      [businessId, id, staffId, teamId],
    );
    if (!rows.length) return undefined;
    return rows[0].assignment_seq > rows[0].notified_seq ? rows[0].assignment_seq : 0;
  }

  /** One round-robin pick among a team's active members (the cursor advanced atomically). */
  async pickFromTeam(businessId: string, teamId: string): Promise<string | undefined> {
    const [row] = await this.ds.query(
      `WITH members AS (
         SELECT m.staff_id, row_number() OVER (ORDER BY m.staff_id) - 1 AS pos, count(*) OVER () AS n
           FROM staff_team_member m JOIN staff s ON s.business_id = $1 AND s.id = m.staff_id AND s.active
          WHERE m.business_id = $1 AND m.team_id = $2
       ), bump AS (
         UPDATE staff_team SET rr_next = rr_next + 1
          WHERE business_id = $1 AND id = $2 AND EXISTS (SELECT 1 FROM members)
         RETURNING rr_next - 1 AS start
       )
       SELECT m.staff_id::text AS "staffId" FROM members m, bump b WHERE m.pos = b.start % m.n`,
      [businessId, teamId],
    );
    return row?.staffId;
  }
}
