import { Injectable } from '@nestjs/common';
import { JobQueue } from '../../queue/job-queue.service';
import { JobName, QueueName } from '../../queue/queue-names';
import { syncPendingJobId } from './sync-job-ids';

export type TriggerReason = 'manual' | 'stale';

export interface TriggerResult {
  queued: boolean;
  /** queued: a new job waits; already_queued / already_running: one is waiting or running. */
  reason: 'queued' | 'already_queued' | 'already_running';
  jobId: string;
}

/** Queues an on-demand Mindbody sync; at most one waits at a time per business. */
@Injectable()
export class SyncTrigger {
  constructor(private readonly jobs: JobQueue) {}

  async requestNow(businessId: string, reason: TriggerReason): Promise<TriggerResult> {
    const jobId = syncPendingJobId(businessId);
    const queue = this.jobs.queue(QueueName.Sync);
    const existing = await queue.getJob(jobId);
    if (existing) {
      const state = await existing.getState();
      if (state === 'active') return { queued: false, reason: 'already_running', jobId };
      if (state === 'completed' || state === 'failed') {
        // A kept finished job would make Bull ignore the add; it has served its purpose.
        const removed = await existing.remove().then(
          () => true,
          () => false,
        );
        if (!removed) return { queued: false, reason: 'already_queued', jobId };
      } else {
        return { queued: false, reason: 'already_queued', jobId };
      }
    }
    await this.jobs.enqueue(JobName.SyncBusiness, { businessId, provider: 'mindbody', reason }, { jobId });
    return { queued: true, reason: 'queued', jobId };
  }
}
