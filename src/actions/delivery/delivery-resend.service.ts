import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError, ErrorCode, notFound } from '../../common/domain-error';
import { Channel } from '../actions.types';
import { TouchReadRepository, TouchView } from '../touches/touch-read.repository';
import { DeliveryScheduler } from './delivery-scheduler';

/**
 * "Resend" for a touch in doubt (docs/reliability.md "Deliveries and 'in doubt'"): a person who
 * has judged that the member probably did not get the message sends it again. The touch goes
 * back to the queue in one conditional statement that also records who asked and when, so a
 * second request (a double click, two people at once) finds it no longer in doubt and is refused;
 * the delivery job re-checks consent, the frequency cap and quiet hours as for any send.
 */
@Injectable()
export class DeliveryResendService {
  private readonly logger = new Logger('delivery');

  constructor(
    private readonly ds: DataSource,
    private readonly touches: TouchReadRepository,
    private readonly scheduler: DeliveryScheduler,
  ) {}

  async resend(businessId: string, touchId: string, actor: string): Promise<TouchView> {
    const [row]: Array<{ id: string; runId: string; channel: Channel }> = await this.ds.query(
      `WITH u AS (
         UPDATE touch SET status = 'queued', error_code = NULL, error = NULL, failed_at = NULL, claim_token = NULL, claimed_at = NULL,
                          handed_over_at = NULL, due_at = now(), resent_at = now(), resent_by = $3
          WHERE business_id = $1 AND id = $2 AND status = 'failed' AND error_code = 'in_doubt' AND run_id IS NOT NULL
          RETURNING id, run_id, channel
       ) SELECT id::text AS id, run_id::text AS "runId", channel FROM u`,
      [businessId, touchId, actor],
    );
    if (!row) {
      const touch = await this.touches.get(businessId, touchId);
      if (!touch) throw notFound('touch');
      const state = touch.errorCode ? `${touch.status} (${touch.errorCode as string})` : touch.status;
      throw new DomainError(ErrorCode.Conflict, `touch ${touchId} is ${state}, not in doubt: only a touch failed as in_doubt can be resent`);
    }
    // if Redis cannot take the job now, the touch is queued and the sweeper enqueues it later
    await this.scheduler.enqueue({ id: row.runId, businessId, channel: row.channel }, [row.id], new Date()).catch((e) => {
      this.logger.warn(`business ${businessId}: resend of touch ${row.id} queued, delivery job not enqueued yet: ${(e as Error).message}`);
    });
    return (await this.touches.get(businessId, touchId))!;
  }
}
