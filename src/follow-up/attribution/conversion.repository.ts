import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { GOAL_KINDS, GoalKind } from '../../campaigns';
import { lockKeys } from '../../database/advisory-lock';
import { conversionSql } from './conversion.sql';

export interface ConversionPass {
  goalKind: GoalKind;
  /** exposures (both arms) and touches whose windows were judged */
  exposures: number;
  convertedExposures: number;
  touches: number;
  convertedTouches: number;
  /** rows inserted, changed or deleted; 0 on a repeat pass over unchanged data */
  written: number;
  cutoff: Date | null;
  durationMs: number;
}

const SQL = new Map(GOAL_KINDS.map((k) => [k, conversionSql(k)]));

/** The conversion passes (attribution/conversion.sql.ts) and their bookkeeping. */
@Injectable()
export class ConversionRepository {
  constructor(private readonly ds: DataSource) {}

  /** Goal kinds of the business's sent campaigns and its automations. */
  async goalKinds(businessId: string): Promise<GoalKind[]> {
    const rows: Array<{ kind: string }> = await this.ds.query(
      `SELECT DISTINCT COALESCE(goal ->> 'kind', 'visit') AS kind FROM campaign WHERE business_id = $1 AND recipients_selected_at IS NOT NULL
       UNION
       SELECT DISTINCT COALESCE(goal ->> 'kind', 'visit') FROM automation WHERE business_id = $1`,
      [businessId],
    );
    return rows.map((r) => r.kind).filter((k): k is GoalKind => (GOAL_KINDS as readonly string[]).includes(k));
  }

  /** Businesses that may have windows to judge: a campaign sent in the last `days` days, or any automation. */
  async activeBusinesses(days: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.ds.query(
      `SELECT DISTINCT business_id::text AS id FROM campaign WHERE recipients_selected_at > now() - make_interval(days => $1)
       UNION
       SELECT DISTINCT business_id::text FROM automation WHERE archived_at IS NULL OR archived_at > now() - make_interval(days => $1)`,
      [days],
    );
    return rows.map((r) => r.id);
  }

  /**
   * One pass for one business and goal kind, under a per-business transaction lock (passes for
   * the same business queue up instead of racing on the same rows). The cutoff is the earlier of
   * now and the last pass, minus `graceDays`: windows that closed since then are judged once
   * more, so late data and a stopped scheduler are both caught up.
   */
  async pass(businessId: string, kind: GoalKind, now: Date, graceDays: number): Promise<ConversionPass> {
    const sql = SQL.get(kind);
    if (!sql) throw new Error(`unknown goal kind ${kind}`);
    const started = Date.now();
    return this.ds.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock($1, $2)', lockKeys(`follow-up:${businessId}`));
      const [last] = await m.query(`SELECT last_run_at FROM follow_up_run WHERE business_id = $1 AND goal_kind = $2`, [businessId, kind]);
      const cutoff: Date | null = last ? new Date(Math.min(now.getTime(), last.last_run_at.getTime()) - graceDays * 86_400_000) : null;
      const [r] = await m.query(sql, [businessId, kind, now, cutoff ?? '-infinity']);
      const durationMs = Date.now() - started;
      await m.query(
        `INSERT INTO follow_up_run (business_id, goal_kind, last_run_at, exposures, touches, written, duration_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (business_id, goal_kind) DO UPDATE SET last_run_at = GREATEST(follow_up_run.last_run_at, EXCLUDED.last_run_at),
           exposures = EXCLUDED.exposures, touches = EXCLUDED.touches, written = EXCLUDED.written, duration_ms = EXCLUDED.duration_ms`,
        [businessId, kind, now, r.exposures, r.touches, r.written, durationMs],
      );
      return { goalKind: kind, ...r, cutoff, durationMs } as ConversionPass;
    });
  }

  /** When conversions of the business were last computed (any goal kind), or null. */
  async lastRunAt(businessId: string): Promise<Date | null> {
    const [row] = await this.ds.query(`SELECT max(last_run_at) AS at FROM follow_up_run WHERE business_id = $1`, [businessId]);
    return row?.at ?? null;
  }
}
