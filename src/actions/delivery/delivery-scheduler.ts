import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { chunk } from '../../database/chunk';
import { JobQueue } from '../../queue/job-queue.service';
import { JobName } from '../../queue/queue-names';
import { Channel } from '../actions.types';
import { ActionRun } from '../touches/touch.repository';

const DELIVERY_JOB: Record<Channel, JobName.DeliverEmail | JobName.DeliverSms | JobName.DeliverMailchimp | JobName.DeliverPush> = {
  email: JobName.DeliverEmail,
  sms: JobName.DeliverSms,
  mailchimp: JobName.DeliverMailchimp,
  push: JobName.DeliverPush,
};

/** Recipients per delivery job (actions.md: batches of 100-500). */
export const DEFAULT_BATCH_SIZE = 500;

/** Enqueues delivery jobs for a run's touches, delayed to when they are due. */
@Injectable()
export class DeliveryScheduler {
  /** How often held automated sends look at the data again while it is stale (STALE_HOLD_RECHECK_SECONDS). */
  readonly staleRecheckMs: number;

  constructor(
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.staleRecheckMs = config.STALE_HOLD_RECHECK_SECONDS * 1000;
  }

  /** Touch ids in batches; the job id names run, first touch and due time, so a repeat collapses. */
  async enqueue(run: Pick<ActionRun, 'id' | 'businessId' | 'channel'>, touchIds: string[], dueAt: Date, batchSize = DEFAULT_BATCH_SIZE): Promise<number> {
    if (!touchIds.length) return 0;
    const delay = Math.max(0, dueAt.getTime() - Date.now());
    const batches = chunk(touchIds, batchSize);
    await this.jobs.enqueueBulk(
      DELIVERY_JOB[run.channel],
      batches.map((ids) => ({
        data: { businessId: run.businessId, runId: run.id, touchIds: ids },
        opts: { jobId: `deliver:${run.id}:${ids[0]}:${dueAt.getTime()}`, delay },
      })),
    );
    return batches.length;
  }
}
