import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { modifiedRows } from '../database/modified-rows';

/** Closing tasks of clients who came back on their own, and what the scheduled sweep needs. */
@Injectable()
export class TaskAutoCloseRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * One statement per business: every open task whose client has a visit after the task was
   * created becomes done / returned_on_own, remembering that visit's time. client.last_visit_on
   * rules out clients who have not visited since, and the visit lookup walks the
   * (client_id, visited_on) index from the day before creation (visited_on is a local day, so
   * one day of slack covers every time zone).
   */
  async closeReturned(businessId: string): Promise<Array<{ id: string; clientId: string }>> {
    return modifiedRows(
      this.ds,
      `WITH returned AS (
         SELECT o.id,
                (SELECT min(v.visited_at) FROM visit v
                  WHERE v.client_id = o.client_id AND v.business_id = o.business_id
                    AND v.visited_on >= (o.created_at AT TIME ZONE 'UTC')::date - 1
                    AND v.visited_at > o.created_at) AS visited_at
           FROM staff_task o
           JOIN client c ON c.id = o.client_id
          WHERE o.business_id = $1 AND o.state = 'open'
            AND c.last_visit_on >= (o.created_at AT TIME ZONE 'UTC')::date - 1
       ), locked AS (
         -- locked in client order, like task creation, so the two never deadlock
         SELECT t.id, r.visited_at FROM staff_task t JOIN returned r ON r.id = t.id
          WHERE r.visited_at IS NOT NULL AND t.state = 'open'
          ORDER BY t.client_id, t.id
          FOR UPDATE OF t
       )
       UPDATE staff_task t SET state = 'done', outcome = 'returned_on_own', completed_at = now(), completed_by = 'auto',
              completed_by_staff_id = NULL, returned_visit_at = l.visited_at, updated_at = now()
         FROM locked l
        WHERE t.id = l.id AND t.state = 'open'
        RETURNING t.id::text, t.client_id::text AS "clientId"`,
      [businessId],
    );
  }

  async businessesWithOpenTasks(): Promise<string[]> {
    const rows: Array<{ business_id: string }> = await this.ds.query(`SELECT DISTINCT business_id FROM staff_task WHERE state = 'open'`);
    return rows.map((r) => r.business_id);
  }

  /** Assignments whose notification never completed (its job was lost), oldest first. */
  async pendingNotifications(olderThanSeconds: number, limit: number): Promise<Array<{ businessId: string; taskId: string; seq: number }>> {
    return this.ds.query(
      `SELECT business_id AS "businessId", id::text AS "taskId", assignment_seq AS seq FROM staff_task
        WHERE state = 'open' AND assignee_staff_id IS NOT NULL AND notified_seq < assignment_seq AND notify_error IS NULL
          AND updated_at < now() - make_interval(secs => $1)
        ORDER BY updated_at LIMIT $2`,
      [olderThanSeconds, limit],
    );
  }
}
