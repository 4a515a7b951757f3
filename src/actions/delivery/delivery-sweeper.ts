import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Channel } from '../actions.types';
import { DeliveryLedger } from './delivery-ledger';
import { DeliveryScheduler } from './delivery-scheduler';

/** Touches waiting this long past their due time have lost their job (Redis lost it, or enqueue failed). */
const LOST_AFTER = '30 minutes';
/** A claim this old without an outcome belongs to a run that is gone. */
const ABANDONED_AFTER_MS = 3_600_000;

/**
 * Housekeeping that keeps the database, not Redis, the source of truth: re-enqueues touches
 * whose job never ran and settles claims whose worker died with its job (handed back when they
 * were never handed over, in doubt otherwise). Re-enqueueing is always safe because a touch is
 * claimed by one run at a time.
 */
@Injectable()
export class DeliverySweeper {
  constructor(
    private readonly ds: DataSource,
    private readonly scheduler: DeliveryScheduler,
    private readonly ledger: DeliveryLedger,
  ) {}

  async sweep(now = new Date()): Promise<{ requeued: number; abandoned: number; inDoubt: number }> {
    const lost: Array<{ business_id: string; run_id: string; channel: Channel; ids: string[] }> = await this.ds.query(
      `SELECT t.business_id, t.run_id::text AS run_id, t.channel, array_agg(t.id::text ORDER BY t.id) AS ids
         FROM touch t
        WHERE t.status IN ('queued', 'deferred') AND t.due_at < $1::timestamptz - $2::interval AND t.run_id IS NOT NULL
        GROUP BY t.business_id, t.run_id, t.channel
        LIMIT 1000`,
      [now, LOST_AFTER],
    );
    let requeued = 0;
    for (const l of lost) {
      requeued += l.ids.length;
      await this.scheduler.enqueue({ id: l.run_id, businessId: l.business_id, channel: l.channel }, l.ids, now);
    }
    // claims whose run is gone: those never handed over are sent again, the others are in doubt
    const abandoned = await this.ledger.recoverAbandoned(new Date(now.getTime() - ABANDONED_AFTER_MS));
    const byRun = new Map<string, { run: { id: string; businessId: string; channel: Channel }; ids: string[] }>();
    for (const t of abandoned.requeued) {
      const k = `${t.businessId}:${t.runId}`;
      if (!byRun.has(k)) byRun.set(k, { run: { id: t.runId, businessId: t.businessId, channel: t.channel }, ids: [] });
      byRun.get(k)!.ids.push(t.id);
    }
    for (const { run, ids } of byRun.values()) await this.scheduler.enqueue(run, ids, now);
    return { requeued: requeued + abandoned.requeued.length, abandoned: abandoned.requeued.length + abandoned.inDoubt, inDoubt: abandoned.inDoubt };
  }

  /**
   * Every queued or deferred touch of a run, enqueued again at its own due time: called when
   * Redis came back without its data (restarted without persistence), when none of them has a
   * job any more. Safe for a touch whose job survived all the same: a touch is claimed by one
   * run at a time, and a repeated job id (run, first touch, due time) collapses.
   */
  async requeueAll(): Promise<number> {
    const groups: Array<{ business_id: string; run_id: string; channel: Channel; due_at: Date; ids: string[] }> = await this.ds.query(
      `SELECT t.business_id, t.run_id::text AS run_id, t.channel, t.due_at, array_agg(t.id::text ORDER BY t.id) AS ids
         FROM touch t
        WHERE t.status IN ('queued', 'deferred') AND t.run_id IS NOT NULL
        GROUP BY t.business_id, t.run_id, t.channel, t.due_at`,
    );
    let requeued = 0;
    for (const g of groups) {
      requeued += g.ids.length;
      await this.scheduler.enqueue({ id: g.run_id, businessId: g.business_id, channel: g.channel }, g.ids, new Date(g.due_at));
    }
    return requeued;
  }
}
