import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { modifiedRows } from '../../database/modified-rows';

export interface FiredAlert {
  id: string;
  businessId: string;
  automationId: string;
  stepIndex: number;
  stepKey: string;
  clientId: string;
  origin: string;
}

const FIRED_COLUMNS = `d.id::text, d.business_id AS "businessId", d.automation_id::text AS "automationId", d.step_index AS "stepIndex",
  d.step_key AS "stepKey", d.client_id::text AS "clientId", d.origin`;

/** "At the door" alerts: armed by a step, fired by the client's next visit. */
@Injectable()
export class DoorAlertRepository {
  constructor(private readonly ds: DataSource) {}

  async arm(
    businessId: string,
    automationId: string,
    step: { index: number; key: string; withinDays: number },
    runs: Array<{ enrollmentId: string; clientId: string; origin: string }>,
  ): Promise<void> {
    if (!runs.length) return;
    await this.ds.query(
      `INSERT INTO automation_door_alert (business_id, automation_id, enrollment_id, client_id, step_index, step_key, origin, expires_at)
       SELECT $1, $2, u.eid, u.cid, $3, $4, u.origin, now() + make_interval(days => $5)
         FROM unnest($6::bigint[], $7::bigint[], $8::text[]) AS u(eid, cid, origin)
       ON CONFLICT (enrollment_id, step_index) DO NOTHING`,
      [businessId, automationId, step.index, step.key, step.withinDays, runs.map((r) => r.enrollmentId), runs.map((r) => r.clientId), runs.map((r) => r.origin)],
    );
  }

  /**
   * Fires the armed alerts of these clients that have a visit since they were armed (and at most
   * `maxAgeHours` old: an old visit imported late finds nobody at the door). The visit is stored
   * as the alert's outcome. One statement; SKIP LOCKED so two visit jobs never fire one alert twice.
   */
  async fire(businessId: string, clientIds: string[], maxAgeHours: number): Promise<FiredAlert[]> {
    if (!clientIds.length) return [];
    return modifiedRows(
      this.ds,
      `WITH armed AS (
         SELECT d.id, v.id AS visit_id, v.visited_at
           FROM automation_door_alert d
           CROSS JOIN LATERAL (
             SELECT v.id, v.visited_at FROM visit v
              WHERE v.client_id = d.client_id AND v.business_id = $1
                AND v.visited_on >= (greatest(d.armed_at, now() - make_interval(hours => $3)) AT TIME ZONE 'UTC')::date - 1
                AND v.visited_at >= d.armed_at AND v.visited_at >= now() - make_interval(hours => $3)
              ORDER BY v.visited_at LIMIT 1) v
          WHERE d.business_id = $1 AND d.client_id = ANY($2::bigint[]) AND d.fired_at IS NULL AND d.expires_at > now()
          FOR UPDATE OF d SKIP LOCKED
       )
       UPDATE automation_door_alert d SET fired_at = now(), visit_id = a.visit_id, visited_at = a.visited_at
         FROM armed a WHERE d.id = a.id
       RETURNING ${FIRED_COLUMNS}`,
      [businessId, clientIds, maxAgeHours],
    );
  }

  /**
   * Fired alerts whose task was never raised (the worker died in between), for the backstop. Only
   * recent ones: a task the tasks module declined (a snoozed reason) is not retried for ever.
   */
  async withoutTask(olderThanSeconds: number, withinSeconds: number, limit = 5000): Promise<FiredAlert[]> {
    return this.ds.query(
      `SELECT ${FIRED_COLUMNS} FROM automation_door_alert d
        WHERE d.fired_at IS NOT NULL AND d.task_id IS NULL
          AND d.fired_at < now() - make_interval(secs => $1) AND d.fired_at > now() - make_interval(secs => $2)
        ORDER BY d.fired_at LIMIT $3`,
      [olderThanSeconds, withinSeconds, limit],
    );
  }

  async setTasks(businessId: string, pairs: Array<{ alertId: string; taskId: string }>): Promise<void> {
    if (!pairs.length) return;
    await this.ds.query(
      `UPDATE automation_door_alert d SET task_id = u.tid FROM unnest($2::bigint[], $3::bigint[]) AS u(aid, tid)
        WHERE d.id = u.aid AND d.business_id = $1`,
      [businessId, pairs.map((p) => p.alertId), pairs.map((p) => p.taskId)],
    );
  }

  /** Businesses and clients with an armed alert and a visit day since it was armed (a lost visit job). */
  async armedWithVisits(): Promise<Array<{ businessId: string; clientIds: string[] }>> {
    return this.ds.query(
      `SELECT d.business_id AS "businessId", array_agg(DISTINCT d.client_id::text) AS "clientIds"
         FROM automation_door_alert d JOIN client c ON c.id = d.client_id
        WHERE d.fired_at IS NULL AND d.expires_at > now() AND c.last_visit_on >= (d.armed_at AT TIME ZONE 'UTC')::date - 1
        GROUP BY 1`,
    );
  }
}
