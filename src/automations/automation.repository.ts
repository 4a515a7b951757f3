import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { modifiedRows } from '../database/modified-rows';
import { AutomationGoal, AutomationStep, AutomationTrigger, Reentry } from './automation.types';

export interface AutomationRow {
  id: string;
  businessId: string;
  name: string;
  trigger: AutomationTrigger;
  steps: AutomationStep[];
  stepsVersion: number;
  reentry: Reentry;
  goal: AutomationGoal;
  holdoutPercent: number;
  enabled: boolean;
  playbookKey: string | null;
  nextRunAt: Date | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
  archivedAt: Date | null;
}

interface AutomationDefinition {
  name: string;
  trigger: AutomationTrigger;
  steps: AutomationStep[];
  reentry: Reentry;
  goal: AutomationGoal;
  holdoutPercent: number;
  enabled: boolean;
  playbookKey?: string | null;
  nextRunAt: Date | null;
}

const COLUMNS = `id::text, business_id AS "businessId", name, trigger, steps, steps_version AS "stepsVersion",
  CASE WHEN reentry_days IS NULL THEN '{"policy":"once"}'::jsonb ELSE jsonb_build_object('policy', 'per_days', 'days', reentry_days) END AS reentry,
  goal, holdout_percent::float8 AS "holdoutPercent", enabled, playbook_key AS "playbookKey", next_run_at AS "nextRunAt", last_error AS "lastError",
  created_at AS "createdAt", updated_at AS "updatedAt", archived_at AS "archivedAt"`;

/** The columns enrollment statements match on, derived from the trigger. */
/** The definition's column values, in the order create and update both bind them. */
function definitionValues(d: Omit<AutomationDefinition, 'enabled' | 'playbookKey'>): unknown[] {
  const t = triggerColumns(d.trigger);
  return [
    d.name,
    JSON.stringify(d.trigger),
    t.kind,
    t.segmentId,
    t.from,
    t.to,
    t.minDrop,
    t.cron,
    d.nextRunAt,
    JSON.stringify(d.steps),
    d.reentry.policy === 'per_days' ? d.reentry.days : null,
    JSON.stringify(d.goal),
    d.holdoutPercent,
  ];
}

function triggerColumns(t: AutomationTrigger) {
  return {
    kind: t.kind,
    segmentId: 'segmentId' in t ? t.segmentId : null,
    from: 'from' in t && t.from ? t.from : null,
    // became_overdue filters on its category through the same column as status changes' "to"
    to: 'to' in t && t.to ? t.to : t.kind === 'became_overdue' && t.serviceCategory !== undefined ? [t.serviceCategory] : null,
    minDrop: t.kind === 'usage_dropped' ? (t.minDropPercent ?? null) : null,
    cron: t.kind === 'schedule' ? t.cron : null,
  };
}

/** Automation rows; every statement is scoped by business_id. */
@Injectable()
export class AutomationRepository {
  constructor(private readonly ds: DataSource) {}

  /** Inserts the automation; undefined when its trigger names a segment the business does not have. */
  async create(businessId: string, d: AutomationDefinition, m: EntityManager | DataSource = this.ds): Promise<AutomationRow | undefined> {
    const [row] = await m.query(
      `INSERT INTO automation (business_id, name, trigger, trigger_kind, trigger_segment_id, trigger_from, trigger_to, trigger_min_drop, schedule_cron, next_run_at,
                               steps, reentry_days, goal, holdout_percent, enabled, playbook_key)
       SELECT $1, $2, $3::jsonb, $4, $5::bigint, $6::text[], $7::text[], $8::numeric, $9, $10::timestamptz, $11::jsonb, $12::int, $13::jsonb, $14, $15, $16
        WHERE $5::bigint IS NULL OR EXISTS (SELECT 1 FROM segment s WHERE s.id = $5::bigint AND s.business_id = $1 AND s.archived_at IS NULL)
       RETURNING ${COLUMNS}`,
      [businessId, ...definitionValues(d), d.enabled, d.playbookKey ?? null],
    );
    return row;
  }

  async find(businessId: string, id: string, m: EntityManager | DataSource = this.ds, lock = false): Promise<AutomationRow | undefined> {
    const [row] = await m.query(`SELECT ${COLUMNS} FROM automation WHERE business_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [businessId, id]);
    return row;
  }

  async list(businessId: string, archived: boolean, limit: number): Promise<AutomationRow[]> {
    return this.ds.query(`SELECT ${COLUMNS} FROM automation WHERE business_id = $1 AND (archived_at IS NOT NULL) = $2 ORDER BY id DESC LIMIT $3`, [businessId, archived, limit]);
  }

  async segmentExists(businessId: string, segmentId: string): Promise<boolean> {
    const rows = await this.ds.query(`SELECT 1 FROM segment WHERE business_id = $1 AND id = $2 AND archived_at IS NULL`, [businessId, segmentId]);
    return rows.length > 0;
  }

  /**
   * Writes a new definition inside the caller's transaction (the row is locked by find(..., lock)).
   * A steps change bumps steps_version: runs claimed under the old version stop at their next
   * write (their claim is cleared), and runs move to the index their step key has now.
   */
  async update(m: EntityManager, businessId: string, id: string, d: Omit<AutomationDefinition, 'enabled' | 'playbookKey'>, stepsChanged: boolean): Promise<AutomationRow> {
    const [rows] = await m.query(
      `UPDATE automation SET name = $3, trigger = $4::jsonb, trigger_kind = $5, trigger_segment_id = $6::bigint, trigger_from = $7::text[], trigger_to = $8::text[],
              trigger_min_drop = $9::numeric, schedule_cron = $10, next_run_at = $11::timestamptz, steps = $12::jsonb, reentry_days = $13::int, goal = $14::jsonb,
              holdout_percent = $15, steps_version = steps_version + CASE WHEN $16 THEN 1 ELSE 0 END, last_error = NULL, updated_at = now()
        WHERE business_id = $1 AND id = $2
       RETURNING ${COLUMNS}`,
      [businessId, id, ...definitionValues(d), stepsChanged],
    );
    return rows[0];
  }

  /** Enables or pauses; false when the automation is archived or not the business's. */
  async setEnabled(businessId: string, id: string, enabled: boolean, nextRunAt: Date | null): Promise<boolean> {
    const rows = await modifiedRows(this.ds, `UPDATE automation SET enabled = $3, next_run_at = $4, updated_at = now() WHERE business_id = $1 AND id = $2 AND archived_at IS NULL RETURNING id`, [
      businessId,
      id,
      enabled,
      nextRunAt,
    ]);
    return rows.length > 0;
  }

  async archive(m: EntityManager, businessId: string, id: string): Promise<void> {
    await m.query(`UPDATE automation SET archived_at = now(), enabled = false, next_run_at = NULL, updated_at = now() WHERE business_id = $1 AND id = $2`, [businessId, id]);
  }

  async recordError(businessId: string, id: string, error: string | null): Promise<void> {
    await this.ds.query(`UPDATE automation SET last_error = $3 WHERE business_id = $1 AND id = $2`, [businessId, id, error]);
  }

  /**
   * Schedule ticks that are due: each automation's next_run_at moves to its following tick in
   * the same statement that reads it, so any number of workers hand out each tick once.
   */
  async claimDueSchedules(now: Date, limit = 500): Promise<Array<{ id: string; businessId: string; tick: Date; tickExact: string; cron: string; timezone: string }>> {
    // tickExact: the stored value to the microsecond (a JS Date keeps milliseconds only)
    return this.ds.query(
      `SELECT a.id::text, a.business_id AS "businessId", a.next_run_at AS tick, a.next_run_at::text AS "tickExact", a.schedule_cron AS cron, b.timezone
         FROM automation a JOIN business b ON b.id = a.business_id
        WHERE a.trigger_kind = 'schedule' AND a.enabled AND a.archived_at IS NULL AND a.next_run_at <= $1
        ORDER BY a.next_run_at LIMIT $2`,
      [now, limit],
    );
  }

  /** Moves a schedule from `tick` to `next`; false when another worker already did. */
  async advanceSchedule(businessId: string, id: string, tickExact: string, next: Date): Promise<boolean> {
    const rows = await modifiedRows(this.ds, `UPDATE automation SET next_run_at = $4 WHERE business_id = $1 AND id = $2 AND next_run_at = $3::timestamptz RETURNING id`, [
      businessId,
      id,
      tickExact,
      next,
    ]);
    return rows.length > 0;
  }
}
