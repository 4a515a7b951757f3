import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { holdoutBucketSql } from '../../campaigns';
import { modifiedRows } from '../../database/modified-rows';
import { EnrollmentState, StepOutcome, TriggerKind } from '../automation.types';

/** One trigger occurrence for one client. */
export interface TriggerEvent {
  clientId: string;
  occurrenceKey: string;
  at: Date | string;
  from?: string | null;
  to?: string | null;
  /** usage_dropped: the drop in percent */
  amount?: number | null;
}

/** A run a worker claimed at one step. */
export interface ClaimedRun {
  id: string;
  clientId: string;
  holdout: boolean;
  entryNo: number;
  /** The state before the claim: 'waiting' at a wait step means the wait is over. */
  prevState: EnrollmentState;
}

/** Where a claimed run goes after a step. */
export interface RunMove {
  id: string;
  state: EnrollmentState;
  stepIndex: number;
  /** Due time (waits); runs that stay claimed keep their lease. */
  nextAt: Date | null;
  exitReason: string | null;
  /** Stays claimed by this worker (it continues with the next step right away). */
  keep: boolean;
  /** Logged for the step being left; null writes nothing (a wait that only started). */
  outcome: StepOutcome | null;
}

// Enrollment: one INSERT ... SELECT per event batch for every matching automation of the
// business. The trigger filters, enabled, re-entry and the holdout bucket are all in SQL;
// (automation, client, occurrence) and (automation, client, entry_no) are unique, so a
// redelivered event and two racing batches enroll a client once.
const ENROLL_SQL = (events: string) => `
WITH ev AS (${events}),
cand AS (
  SELECT a.id AS automation_id, a.holdout_percent, a.reentry_days, ev.client_id, ev.occ, ev.at
    FROM automation a
    JOIN ev ON true
    JOIN client c ON c.id = ev.client_id AND c.business_id = $1 AND c.deleted_at IS NULL
   WHERE a.business_id = $1 AND a.trigger_kind = $2 AND a.enabled AND a.archived_at IS NULL
     AND ($3::bigint IS NULL OR a.trigger_segment_id = $3::bigint)
     AND ($4::bigint IS NULL OR a.id = $4::bigint)
     AND (a.trigger_from IS NULL OR ev.from_v = ANY(a.trigger_from))
     AND (a.trigger_to IS NULL OR ev.to_v = ANY(a.trigger_to))
     AND (a.trigger_min_drop IS NULL OR ev.amount >= a.trigger_min_drop)
), ins AS (
  INSERT INTO automation_enrollment (business_id, automation_id, client_id, occurrence_key, entry_no, triggered_at, holdout, state, step_index, next_at)
  SELECT $1, cand.automation_id, cand.client_id, cand.occ, coalesce(p.entry_no, 0) + 1, cand.at,
         ${holdoutBucketSql(`('automation:' || cand.automation_id)`, 'cand.client_id')} < round(cand.holdout_percent * 100),
         'active', 0, now()
    FROM cand
    -- the client's latest run of the automation: entries are numbered 1..n and a client is never
    -- enrolled while a run is in flight, so the latest tells the count, the last entry and whether
    -- one runs (one probe of the (automation_id, client_id, entry_no) index per candidate)
    LEFT JOIN LATERAL (
      SELECT p.entry_no, p.enrolled_at, p.state FROM automation_enrollment p
       WHERE p.automation_id = cand.automation_id AND p.client_id = cand.client_id
       ORDER BY p.entry_no DESC LIMIT 1) p ON true
   -- never while a run of the same client is in flight; again only as the re-entry policy allows
   WHERE p.entry_no IS NULL
      OR (p.state NOT IN ('active', 'waiting') AND cand.reentry_days IS NOT NULL AND p.enrolled_at <= now() - make_interval(days => cand.reentry_days))
  ON CONFLICT DO NOTHING
  RETURNING automation_id
)
SELECT automation_id::text AS "automationId", count(*)::int AS n FROM ins GROUP BY 1`;

/** Runs: enrollment, claims, moves, counts. Every statement is scoped by business_id. */
@Injectable()
export class EnrollmentRepository {
  constructor(private readonly ds: DataSource) {}

  /** Enrolls the event's clients into every enabled automation of the business it matches. */
  async enrollEvents(businessId: string, kind: TriggerKind, events: TriggerEvent[], segmentId: string | null = null): Promise<Array<{ automationId: string; n: number }>> {
    if (!events.length) return [];
    // one occurrence per client and batch (the earliest); a later one is another batch's
    const sql = ENROLL_SQL(
      `SELECT DISTINCT ON (client_id) client_id, occ, at, from_v, to_v, amount
         FROM unnest($5::bigint[], $6::text[], $7::timestamptz[], $8::text[], $9::text[], $10::numeric[]) AS u(client_id, occ, at, from_v, to_v, amount)
        ORDER BY client_id, at`,
    );
    return this.ds.query(sql, [
      businessId,
      kind,
      segmentId,
      null,
      events.map((e) => e.clientId),
      events.map((e) => e.occurrenceKey),
      events.map((e) => new Date(e.at)),
      events.map((e) => e.from ?? null),
      events.map((e) => e.to ?? null),
      events.map((e) => e.amount ?? null),
    ]);
  }

  /** A schedule tick: the segment's stored members enrolled into one automation, one occurrence per tick. */
  async enrollSegmentMembers(businessId: string, automationId: string, segmentId: string, occurrenceKey: string, at: Date): Promise<number> {
    const sql = ENROLL_SQL(
      `SELECT sm.client_id, $5::text AS occ, $6::timestamptz AS at, NULL::text AS from_v, NULL::text AS to_v, NULL::numeric AS amount
         FROM segment_member sm WHERE sm.segment_id = $3::bigint AND sm.business_id = $1`,
    );
    const rows: Array<{ n: number }> = await this.ds.query(sql, [businessId, 'schedule', segmentId, automationId, occurrenceKey, at]);
    return rows.reduce((s, r) => s + r.n, 0);
  }

  /**
   * Claims up to `limit` runs due at one step (FOR UPDATE SKIP LOCKED, so workers split them) for
   * the steps version the caller loaded. The claim is a lease: next_at moves `leaseSeconds` ahead,
   * so a worker that dies leaves runs the sweep finds due again.
   */
  async claim(businessId: string, automationId: string, stepIndex: number, stepsVersion: number, token: string, limit: number, leaseSeconds: number): Promise<ClaimedRun[]> {
    return modifiedRows(
      this.ds,
      `WITH due AS (
         SELECT e.id, e.state FROM automation_enrollment e
          WHERE e.automation_id = $2 AND e.business_id = $1 AND e.step_index = $3 AND e.state IN ('active', 'waiting') AND e.next_at <= now()
            AND EXISTS (SELECT 1 FROM automation a WHERE a.id = $2 AND a.business_id = $1 AND a.enabled AND a.archived_at IS NULL AND a.steps_version = $4)
          ORDER BY e.next_at, e.id LIMIT $5
          FOR UPDATE OF e SKIP LOCKED
       )
       UPDATE automation_enrollment e SET claim = $6, next_at = now() + make_interval(secs => $7), updated_at = now()
         FROM due WHERE e.id = due.id
       RETURNING e.id::text, e.client_id::text AS "clientId", e.holdout, e.entry_no AS "entryNo", due.state AS "prevState"`,
      [businessId, automationId, stepIndex, stepsVersion, limit, token, leaseSeconds],
    );
  }

  /**
   * Moves claimed runs on from step `stepIndex` (one statement for the batch) and logs what each
   * did there. Only rows this claim still holds move; the ids that moved come back.
   */
  async move(businessId: string, token: string, step: { index: number; key: string }, moves: RunMove[], leaseSeconds: number): Promise<Set<string>> {
    if (!moves.length) return new Set();
    const rows: Array<{ id: string }> = await this.ds.query(
      `WITH u AS (
         SELECT * FROM unnest($3::bigint[], $4::text[], $5::int[], $6::timestamptz[], $7::text[], $8::boolean[], $9::text[])
                AS u(id, state, step_index, next_at, exit_reason, keep, outcome)
       ), moved AS (
         UPDATE automation_enrollment e
            SET state = u.state, step_index = u.step_index, exit_reason = u.exit_reason, updated_at = now(),
                next_at = CASE WHEN u.keep THEN now() + make_interval(secs => $12) ELSE u.next_at END,
                claim = CASE WHEN u.keep THEN e.claim END
           FROM u
          WHERE e.id = u.id AND e.business_id = $1 AND e.claim = $2
         RETURNING e.id, e.automation_id
       ), logged AS (
         INSERT INTO automation_step_log (enrollment_id, step_index, business_id, automation_id, step_key, outcome)
         SELECT m.id, $10, $1, m.automation_id, $11, u.outcome FROM moved m JOIN u ON u.id = m.id WHERE u.outcome IS NOT NULL
         ON CONFLICT DO NOTHING
       )
       SELECT id::text FROM moved`,
      [
        businessId,
        token,
        moves.map((m) => m.id),
        moves.map((m) => m.state),
        moves.map((m) => m.stepIndex),
        moves.map((m) => m.nextAt),
        moves.map((m) => m.exitReason),
        moves.map((m) => m.keep),
        moves.map((m) => m.outcome),
        step.index,
        step.key,
        leaseSeconds,
      ],
    );
    return new Set(rows.map((r) => r.id));
  }

  /** Gives claimed runs back (a transient failure): due again shortly, for the retry or the sweep. */
  async release(businessId: string, token: string, retryInSeconds: number): Promise<void> {
    await this.ds.query(
      `UPDATE automation_enrollment SET claim = NULL, next_at = now() + make_interval(secs => $3), updated_at = now()
        WHERE business_id = $1 AND claim = $2 AND state IN ('active', 'waiting')`,
      [businessId, token, retryInSeconds],
    );
  }

  /** The wake time of a wait: now plus the duration, then on to the next local HH:MM if given. */
  async wakeAt(seconds: number, atLocalTime: string | null, timezone: string): Promise<Date> {
    const [row] = await this.ds.query(
      `WITH b AS (SELECT now() + make_interval(secs => $1) AS t)
       SELECT CASE WHEN $2::time IS NULL THEN b.t
                   WHEN ((b.t AT TIME ZONE $3)::date + $2::time) AT TIME ZONE $3 >= b.t THEN ((b.t AT TIME ZONE $3)::date + $2::time) AT TIME ZONE $3
                   ELSE ((b.t AT TIME ZONE $3)::date + 1 + $2::time) AT TIME ZONE $3 END AS wake
         FROM b`,
      [seconds, atLocalTime, timezone],
    );
    return row.wake;
  }

  /** After a steps change: in-flight runs move to the index their step key has now (or exit). */
  async remap(m: EntityManager, businessId: string, automationId: string, oldKeys: string[], newKeys: string[]): Promise<void> {
    const mapping = oldKeys.map((k) => {
      const i = newKeys.indexOf(k);
      return i < 0 ? null : i;
    });
    await m.query(
      `UPDATE automation_enrollment e
          SET step_index = coalesce(u.new_idx, e.step_index),
              state = CASE WHEN u.new_idx IS NULL THEN 'exited' ELSE e.state END,
              exit_reason = CASE WHEN u.new_idx IS NULL THEN 'step_removed' ELSE e.exit_reason END,
              next_at = CASE WHEN u.new_idx IS NULL THEN NULL WHEN e.claim IS NOT NULL THEN now() ELSE e.next_at END,
              claim = NULL, updated_at = now()
         FROM unnest($3::int[]) WITH ORDINALITY AS u(new_idx, ord)
        WHERE e.business_id = $1 AND e.automation_id = $2 AND e.state IN ('active', 'waiting') AND e.step_index = u.ord - 1`,
      [businessId, automationId, mapping],
    );
  }

  /** Ends every run in flight (archiving). */
  async exitAll(m: EntityManager, businessId: string, automationId: string, reason: string): Promise<void> {
    await m.query(
      `UPDATE automation_enrollment SET state = 'exited', exit_reason = $3, next_at = NULL, claim = NULL, updated_at = now()
        WHERE business_id = $1 AND automation_id = $2 AND state IN ('active', 'waiting')`,
      [businessId, automationId, reason],
    );
  }

  /** Steps of an automation with runs due (for enable and the sweep). */
  async dueSteps(businessId: string, automationId: string): Promise<number[]> {
    const rows: Array<{ step_index: number }> = await this.ds.query(
      `SELECT DISTINCT step_index FROM automation_enrollment
        WHERE business_id = $1 AND automation_id = $2 AND state IN ('active', 'waiting') AND next_at <= now()`,
      [businessId, automationId],
    );
    return rows.map((r) => r.step_index);
  }

  /** Wake times (to the second) of an automation's waiting runs that are still ahead. */
  async pendingWakes(businessId: string, automationId: string, limit = 1000): Promise<Array<{ index: number; at: Date }>> {
    return this.ds.query(
      `SELECT step_index AS index, max(next_at) AS at FROM automation_enrollment
        WHERE business_id = $1 AND automation_id = $2 AND state = 'waiting' AND next_at > now()
        GROUP BY step_index, date_trunc('second', next_at) ORDER BY 2 LIMIT $3`,
      [businessId, automationId, limit],
    );
  }

  /** Steps with runs due for a while whose job was lost (Redis lost it, or a worker died holding it). */
  async lostSteps(graceSeconds: number, limit = 1000): Promise<Array<{ businessId: string; automationId: string; stepIndex: number }>> {
    return this.ds.query(
      `SELECT e.business_id AS "businessId", e.automation_id::text AS "automationId", e.step_index AS "stepIndex"
         FROM automation_enrollment e
         JOIN automation a ON a.id = e.automation_id AND a.enabled AND a.archived_at IS NULL
        WHERE e.state IN ('active', 'waiting') AND e.next_at <= now() - make_interval(secs => $1)
        GROUP BY 1, 2, 3 LIMIT $2`,
      [graceSeconds, limit],
    );
  }

  /** Runs per step index, state and holdout. */
  async counts(businessId: string, automationId: string): Promise<Array<{ stepIndex: number; state: EnrollmentState; holdout: boolean; n: number }>> {
    return this.ds.query(
      `SELECT step_index AS "stepIndex", state, holdout, count(*)::int AS n FROM automation_enrollment
        WHERE business_id = $1 AND automation_id = $2 GROUP BY 1, 2, 3`,
      [businessId, automationId],
    );
  }

  /** Runs per automation of the business: all of them, and those in flight (active or waiting), for the list. */
  async runTotals(businessId: string, automationIds: string[]): Promise<Array<{ automationId: string; enrolled: number; inFlight: number }>> {
    if (!automationIds.length) return [];
    return this.ds.query(
      `SELECT automation_id::text AS "automationId", count(*)::int AS enrolled, count(*) FILTER (WHERE state IN ('active', 'waiting'))::int AS "inFlight"
         FROM automation_enrollment WHERE business_id = $1 AND automation_id = ANY($2::bigint[]) GROUP BY 1`,
      [businessId, automationIds],
    );
  }

  /** What runs did per step (from the step log). */
  async outcomes(businessId: string, automationId: string): Promise<Array<{ stepKey: string; outcome: StepOutcome; n: number }>> {
    return this.ds.query(
      `SELECT step_key AS "stepKey", outcome, count(*)::int AS n FROM automation_step_log
        WHERE business_id = $1 AND automation_id = $2 GROUP BY 1, 2`,
      [businessId, automationId],
    );
  }
}
