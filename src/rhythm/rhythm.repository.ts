import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { lockKeys } from '../database/advisory-lock';
import { modifiedRows } from '../database/modified-rows';
import { RHYTHM_WRITE_SQL } from './rhythm-sql';
import { RhythmSettings } from './rhythm.types';

/** Per transaction of a recompute or pass (SET LOCAL): the one big sort stays off disk longer. */
export const RHYTHM_WORK_MEM = '128MB';

export interface RecomputeCounts {
  known: number;
  written: number;
  deleted: number;
}

export interface BecameOverdueRow {
  clientId: string;
  serviceCategory: string;
  usualIntervalDays: number;
  daysOverdue: number;
}

/** Writes of client_rhythm, rhythm_dirty and rhythm_pass; all set-based, one business at a time. */
@Injectable()
export class RhythmRepository {
  constructor(private readonly ds: DataSource) {}

  /** Runs fn in a transaction holding the business's rhythm lock (recomputes and passes never interleave). */
  async locked<T>(businessId: string, fn: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(async (tx) => {
      const [a, b] = lockKeys(`rhythm:${businessId}`);
      await tx.query(`SELECT pg_advisory_xact_lock($1, $2)`, [a, b]);
      // the whole-business pass sorts every attended appointment once: room to do it in memory
      await tx.query(`SET LOCAL work_mem = '${RHYTHM_WORK_MEM}'`);
      return fn(tx);
    });
  }

  async timezone(businessId: string): Promise<string | null> {
    const rows = (await this.ds.query(`SELECT timezone FROM business WHERE id = $1`, [businessId])) as Array<{ timezone: string }>;
    return rows[0]?.timezone ?? null;
  }

  /** Recomputes the rows of these clients (null: every client of the business) from bookings. */
  async recompute(tx: EntityManager, businessId: string, at: Date, today: string, clientIds: string[] | null, s: RhythmSettings): Promise<RecomputeCounts> {
    const rows = (await tx.query(RHYTHM_WRITE_SQL, [
      businessId,
      at.toISOString(),
      clientIds,
      s.minAppointments,
      s.maxIntervals,
      s.tolerance,
      s.minSlackDays,
      s.goneFactor,
      today,
    ])) as RecomputeCounts[];
    return rows[0];
  }

  async markDirty(businessId: string, clientIds: string[]): Promise<void> {
    if (!clientIds.length) return;
    // only ids of this business's clients (an event never names another's, but the table is keyed by it)
    await this.ds.query(
      `INSERT INTO rhythm_dirty (business_id, client_id)
       SELECT $1, c.id FROM client c WHERE c.business_id = $1 AND c.id = ANY ($2::bigint[])
       ON CONFLICT DO NOTHING`,
      [businessId, clientIds],
    );
  }

  /** Takes the touched clients (deleted in the caller's transaction: a rollback keeps them). */
  async takeDirty(tx: EntityManager, businessId: string): Promise<string[]> {
    const rows = await modifiedRows<{ client_id: string }>(tx, `DELETE FROM rhythm_dirty WHERE business_id = $1 RETURNING client_id`, [businessId]);
    return rows.map((r) => String(r.client_id));
  }

  async lastPass(tx: EntityManager, businessId: string): Promise<string | null> {
    const rows = (await tx.query(`SELECT to_char(last_on, 'YYYY-MM-DD') AS last_on FROM rhythm_pass WHERE business_id = $1`, [businessId])) as Array<{ last_on: string }>;
    return rows[0]?.last_on ?? null;
  }

  /**
   * Clients overdue today whose overdue episode has not been announced: marked announced and
   * returned. On a business's first pass they are marked without being returned (they did not
   * cross into overdue since a pass; they were overdue when rhythm started).
   */
  async takeBecameOverdue(tx: EntityManager, businessId: string, today: string, announce: boolean): Promise<BecameOverdueRow[]> {
    const rows = await modifiedRows<{ client_id: string; service_category: string; usual_interval_days: string; days_overdue: number }>(
      tx,
      `UPDATE client_rhythm r SET notified_overdue_from = r.overdue_from
        WHERE r.business_id = $1 AND r.listed AND NOT r.has_future_booking
          AND r.overdue_from <= $2::date AND r.gone_from > $2::date
          AND r.notified_overdue_from IS DISTINCT FROM r.overdue_from
        RETURNING r.client_id, r.service_category, r.usual_interval_days, ($2::date - r.due_on) AS days_overdue`,
      [businessId, today],
    );
    if (!announce) return [];
    return rows.map((r) => ({ clientId: String(r.client_id), serviceCategory: r.service_category, usualIntervalDays: Number(r.usual_interval_days), daysOverdue: r.days_overdue }));
  }

  async recordPass(tx: EntityManager, businessId: string, today: string, at: Date, rows: number, becameOverdue: number): Promise<void> {
    await tx.query(
      `INSERT INTO rhythm_pass (business_id, last_on, last_at, rows, became_overdue) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (business_id) DO UPDATE SET last_on = EXCLUDED.last_on, last_at = EXCLUDED.last_at, rows = EXCLUDED.rows, became_overdue = EXCLUDED.became_overdue`,
      [businessId, today, at.toISOString(), rows, becameOverdue],
    );
  }

  /** Businesses whose daily pass has not run for their local day yet (the tick's fan-out). */
  async businessesDue(at: Date): Promise<Array<{ businessId: string; today: string }>> {
    const rows = (await this.ds.query(
      `SELECT b.id, to_char(($1::timestamptz AT TIME ZONE b.timezone)::date, 'YYYY-MM-DD') AS today
         FROM business b LEFT JOIN rhythm_pass p ON p.business_id = b.id
        WHERE p.last_on IS NULL OR p.last_on < ($1::timestamptz AT TIME ZONE b.timezone)::date`,
      [at.toISOString()],
    )) as Array<{ id: string; today: string }>;
    return rows.map((r) => ({ businessId: r.id, today: r.today }));
  }
}
