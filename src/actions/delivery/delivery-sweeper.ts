import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Channel } from '../actions.types';
import { DeliveryScheduler } from './delivery-scheduler';

/** Touches waiting this long past their due time have lost their job (Redis lost it, or enqueue failed). */
const LOST_AFTER = '30 minutes';
/** A claim this old without an outcome belongs to a run that is gone. */
const ABANDONED_AFTER = '1 hour';

/**
 * Housekeeping that keeps the database, not Redis, the source of truth: re-enqueues touches
 * whose job never ran and settles claims whose worker died with its job. Re-enqueueing is
 * always safe because a touch is claimed at most once.
 */
@Injectable()
export class DeliverySweeper {
  constructor(
    private readonly ds: DataSource,
    private readonly scheduler: DeliveryScheduler,
  ) {}

  async sweep(now = new Date()): Promise<{ requeued: number; abandoned: number }> {
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
    const abandoned = await this.ds.query(
      `WITH u AS (UPDATE touch SET status = 'failed', failed_at = now(), error_code = 'in_doubt',
              error = 'claimed by a delivery that never recorded an outcome; not resent to avoid a duplicate'
        WHERE status = 'sending' AND claimed_at < $1::timestamptz - $2::interval
        RETURNING id) SELECT id FROM u`,
      [now, ABANDONED_AFTER],
    );
    return { requeued, abandoned: abandoned.length };
  }
}
