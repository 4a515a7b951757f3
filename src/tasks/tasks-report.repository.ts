import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TASK_OUTCOMES, TaskOutcome } from './tasks.types';

interface StaffTaskStats {
  staff: { id: string; firstName: string | null; lastName: string | null; active: boolean } | null;
  created: number;
  done: number;
  dismissed: number;
  byOutcome: Record<TaskOutcome, number>;
  overdueOpen: number;
  open: number;
  /** Done by staff (any outcome but returned_on_own) in the range. */
  doneByStaff: number;
  /** Of doneByStaff: the client visited within the window after completion. */
  ledToReturn: number;
  /** Of doneByStaff: the window has not ended yet, so ledToReturn may still grow. */
  windowOpen: number;
  returnRate: number | null;
}

const OUTCOME_COLUMNS = TASK_OUTCOMES.map((o) => `count(*) FILTER (WHERE state = 'done' AND outcome = '${o}')::int AS "${o}"`).join(',\n       ');

const CLOSED_COLUMNS = ['done', 'dismissed', ...TASK_OUTCOMES, 'done_by_staff', 'led_to_return', 'window_open'].map((c) => `ca."${c}"`).join(', ');

// Range: business-local days [from, to]. created counts tasks created in the range; done,
// dismissed, outcomes and returns count tasks closed in the range; open and overdueOpen are the
// state now. Each task counts for its current assignee (null: unassigned).
const REPORT_SQL = `
WITH r AS (
  SELECT $2::date::timestamp AT TIME ZONE b.timezone AS from_ts, ($3::date + 1)::timestamp AT TIME ZONE b.timezone AS to_ts
    FROM business b WHERE b.id = $1
), created AS (
  SELECT t.assignee_staff_id AS staff_id, count(*)::int AS created
    FROM staff_task t, r WHERE t.business_id = $1 AND t.created_at >= r.from_ts AND t.created_at < r.to_ts
   GROUP BY 1
), closed AS (
  SELECT t.assignee_staff_id AS staff_id, t.state, t.outcome,
         t.state = 'done' AND t.outcome <> 'returned_on_own' AS by_staff,
         t.completed_at + make_interval(days => $4) > now() AS window_open,
         EXISTS (SELECT 1 FROM visit v
                  WHERE v.client_id = t.client_id AND v.business_id = t.business_id
                    AND v.visited_on BETWEEN (t.completed_at AT TIME ZONE 'UTC')::date - 1 AND (t.completed_at AT TIME ZONE 'UTC')::date + $4 + 1
                    AND v.visited_at > t.completed_at AND v.visited_at <= t.completed_at + make_interval(days => $4)) AS returned
    FROM staff_task t, r
   WHERE t.business_id = $1 AND t.completed_at >= r.from_ts AND t.completed_at < r.to_ts
), closed_agg AS (
  SELECT staff_id,
       count(*) FILTER (WHERE state = 'done')::int AS done,
       count(*) FILTER (WHERE state = 'dismissed')::int AS dismissed,
       ${OUTCOME_COLUMNS},
       count(*) FILTER (WHERE by_staff)::int AS done_by_staff,
       count(*) FILTER (WHERE by_staff AND returned)::int AS led_to_return,
       count(*) FILTER (WHERE by_staff AND window_open)::int AS window_open
    FROM closed GROUP BY 1
), open_now AS (
  SELECT assignee_staff_id AS staff_id, count(*)::int AS open,
         count(*) FILTER (WHERE due_at <= now())::int AS overdue_open
    FROM staff_task WHERE business_id = $1 AND state = 'open'
   GROUP BY 1
), ids AS (
  SELECT staff_id FROM created UNION SELECT staff_id FROM closed_agg UNION SELECT staff_id FROM open_now
  UNION SELECT id FROM staff WHERE business_id = $1 AND active
)
SELECT ids.staff_id::text AS staff_id, s.first_name, s.last_name, s.active,
       COALESCE(cr.created, 0) AS created, ${CLOSED_COLUMNS}, COALESCE(o.open, 0) AS open, COALESCE(o.overdue_open, 0) AS overdue_open
  FROM ids
  LEFT JOIN staff s ON s.business_id = $1 AND s.id = ids.staff_id
  LEFT JOIN created cr ON cr.staff_id IS NOT DISTINCT FROM ids.staff_id
  LEFT JOIN closed_agg ca ON ca.staff_id IS NOT DISTINCT FROM ids.staff_id
  LEFT JOIN open_now o ON o.staff_id IS NOT DISTINCT FROM ids.staff_id
 ORDER BY ids.staff_id IS NULL, s.last_name NULLS LAST, s.first_name NULLS LAST, ids.staff_id`;

/** The manager's view of tasks per staff member (docs/tasks.md "Report"). */
@Injectable()
export class TasksReportRepository {
  constructor(private readonly ds: DataSource) {}

  async perStaff(businessId: string, from: string, to: string, returnWindowDays: number): Promise<StaffTaskStats[]> {
    const rows: Array<Record<string, unknown>> = await this.ds.query(REPORT_SQL, [businessId, from, to, returnWindowDays]);
    return rows.map((r) => {
      const n = (k: string) => Number(r[k] ?? 0);
      const doneByStaff = n('done_by_staff');
      const ledToReturn = n('led_to_return');
      return {
        staff: r.staff_id ? { id: r.staff_id as string, firstName: r.first_name as string | null, lastName: r.last_name as string | null, active: r.active as boolean } : null,
        created: n('created'),
        done: n('done'),
        dismissed: n('dismissed'),
        byOutcome: Object.fromEntries(TASK_OUTCOMES.map((o) => [o, n(o)])) as Record<TaskOutcome, number>,
        open: n('open'),
        overdueOpen: n('overdue_open'),
        doneByStaff,
        ledToReturn,
        windowOpen: n('window_open'),
        returnRate: doneByStaff ? Math.round((ledToReturn / doneByStaff) * 1000) / 1000 : null,
      };
    });
  }
}
