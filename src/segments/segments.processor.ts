import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Queue } from 'bull';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobQueue } from '../queue/job-queue.service';
import { JobName, QueueName } from '../queue/queue-names';
import { registerProcessor } from '../queue/register-processor';
import { SegmentEventsPublisher } from './membership/segment-events.publisher';
import { SegmentTransitionsRepository } from './membership/segment-transitions.repository';
import { SegmentsService } from './segments.service';
import { scheduleWindow, startCronTick } from '../queue/cron-tick';

// Evaluations whose events have not been published this long after they started are re-published.
const PUBLISH_SWEEP_AFTER_SECONDS = 120;

/** Worker side of segments: the hourly schedule, the fan-out, recomputes and the outbox sweep. */
@Injectable()
export class SegmentsProcessor implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QueueName.Segments) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly segments: SegmentsService,
    private readonly publisher: SegmentEventsPublisher,
    private readonly transitions: SegmentTransitionsRepository,
    private readonly jobs: JobQueue,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    registerProcessor(this.queue, QueueName.Segments, this.config.QUEUE_CONCURRENCY, {
      [JobName.SegmentsRecomputeAll]: ({ window }) => this.segments.planAll(window),
      [JobName.SegmentsRecomputeBusiness]: ({ businessId, trigger, window }) => this.segments.planBusiness(businessId, trigger, window),
      [JobName.SegmentRecompute]: ({ businessId, segmentId, trigger }) => this.segments.recompute(businessId, segmentId, trigger),
      [JobName.SegmentsPublishPending]: async ({ olderThanSeconds }) => {
        const ids = await this.transitions.pending(olderThanSeconds);
        for (const id of ids) await this.publisher.publish(id);
        return ids.length;
      },
    });
    startCronTick(this.scheduler, 'segments-recompute', this.config.SEGMENTS_CRON, () => this.tick());
  }

  async tick(now = new Date()): Promise<void> {
    const window = scheduleWindow(now);
    await this.jobs.enqueue(JobName.SegmentsRecomputeAll, { window }, { jobId: `segments-plan:${window}` }).catch(() => undefined);
    await this.jobs.enqueue(JobName.SegmentsPublishPending, { olderThanSeconds: PUBLISH_SWEEP_AFTER_SECONDS }, { jobId: `segments-sweep:${window}` }).catch(() => undefined);
  }
}
