import { Injectable, Logger } from '@nestjs/common';
import { chunk } from '../../database/chunk';
import { JobQueue } from '../../queue/job-queue.service';
import { JobName } from '../../queue/queue-names';
import { ConnectionRepository } from '../connections/connection.repository';
import { KEEP_SCHEDULED, syncPlanJobId, syncWindowJobId } from './sync-job-ids';

const BULK = 1000;

/** The schedule's two steps: a tick enqueues one plan per window; the plan fans out per business. */
@Injectable()
export class SyncPlanner {
  private readonly logger = new Logger(SyncPlanner.name);

  constructor(
    private readonly jobs: JobQueue,
    private readonly connections: ConnectionRepository,
  ) {}

  /** Safe on N workers: the window's jobId collapses duplicate ticks. */
  async enqueuePlan(window: string): Promise<void> {
    await this.jobs.enqueue(JobName.SyncPlan, { window }, { jobId: syncPlanJobId(window), removeOnComplete: KEEP_SCHEDULED });
  }

  /** One SyncBusiness per connected business; re-running the plan adds nothing new. */
  async plan(window: string): Promise<number> {
    const ids = await this.connections.connectedBusinessIds('mindbody');
    for (const part of chunk(ids, BULK)) {
      await this.jobs.enqueueBulk(
        JobName.SyncBusiness,
        part.map((businessId) => ({
          data: { businessId, provider: 'mindbody', reason: 'schedule' as const },
          opts: { jobId: syncWindowJobId(businessId, window), removeOnComplete: KEEP_SCHEDULED },
        })),
      );
    }
    this.logger.log(`sync plan ${window}: ${ids.length} businesses queued`);
    return ids.length;
  }
}
