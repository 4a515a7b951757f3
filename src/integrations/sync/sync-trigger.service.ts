import { Injectable } from '@nestjs/common';
import { JobQueue } from '../../queue/job-queue.service';
import { JobName, QueueName } from '../../queue/queue-names';
import { isRedisUnavailable } from '../../queue/queue-errors';
import { syncPendingJobId } from './sync-job-ids';

type TriggerReason = 'manual' | 'stale';

interface TriggerResult {
  queued: boolean;
  /** queued: a new job waits; already_queued / already_running: one is waiting or running. */
  reason: 'queued' | 'already_queued' | 'already_running';
  jobId: string;
}

const ignoreUnreachable = (e: unknown) => {
  if (isRedisUnavailable(e)) return null;
  throw e;
};

/** Queues an on-demand Mindbody sync; at most one waits at a time per business. */
@Injectable()
export class SyncTrigger {
  constructor(private readonly jobs: JobQueue) {}

  async requestNow(businessId: string, reason: TriggerReason): Promise<TriggerResult> {
    const jobId = syncPendingJobId(businessId);
    // Redis away: the job goes to the outbox (JobQueue) and runs once Redis is back
    const existing = this.jobs.available(QueueName.Sync) ? await this.jobs.queue(QueueName.Sync).getJob(jobId).catch(ignoreUnreachable) : null;
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
