import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Queue } from 'bull';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobQueue } from '../queue/job-queue.service';
import { JobName, QueueName } from '../queue/queue-names';
import { registerProcessor } from '../queue/register-processor';
import { ConversionRepository } from './attribution/conversion.repository';
import { FollowUpComputeService } from './follow-up-compute.service';
import { scheduleWindow, startCronTick } from '../queue/cron-tick';

// A campaign sent this long ago has no window left to judge (withinDays <= 365, plus grace).
const ACTIVE_CAMPAIGN_DAYS = 460;

/** Worker side of follow-up: the schedule (which only enqueues), the fan-out and the passes. */
@Injectable()
export class FollowUpProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(FollowUpProcessor.name);

  constructor(
    @InjectQueue(QueueName.FollowUp) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly compute: FollowUpComputeService,
    private readonly conversions: ConversionRepository,
    private readonly jobs: JobQueue,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    registerProcessor(this.queue, QueueName.FollowUp, this.config.QUEUE_CONCURRENCY, {
      [JobName.FollowUpComputeAll]: ({ window }) => this.planAll(window),
      [JobName.FollowUpComputeBusiness]: ({ businessId }) => this.compute.computeBusiness(businessId).then((p) => p.length),
    });
    startCronTick(this.scheduler, 'follow-up-compute', this.config.FOLLOW_UP_CRON, () => this.tick());
  }

  async tick(now = new Date()): Promise<void> {
    const window = scheduleWindow(now);
    await this.jobs.enqueue(JobName.FollowUpComputeAll, { window }, { jobId: `follow-up-all:${window}` }).catch((e) => {
      this.logger.warn(`could not enqueue the follow-up pass for ${window}: ${(e as Error).message}`);
    });
  }

  /** One job per business, each retried on its own: one tenant's failure never stops the rest. */
  async planAll(window: string): Promise<number> {
    const businesses = await this.conversions.activeBusinesses(ACTIVE_CAMPAIGN_DAYS);
    await this.jobs.enqueueBulk(
      JobName.FollowUpComputeBusiness,
      businesses.map((businessId) => ({ data: { businessId, trigger: 'schedule' as const, window }, opts: { jobId: `follow-up:${businessId}:schedule:${window}` } })),
    );
    return businesses.length;
  }
}
