import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Queue } from 'bull';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { scheduleWindow, startCronTick } from '../queue/cron-tick';
import { JobQueue } from '../queue/job-queue.service';
import { JobName, QueueName } from '../queue/queue-names';
import { registerProcessor } from '../queue/register-processor';
import { RhythmService } from './rhythm.service';

/**
 * Worker side of rhythm. The hourly tick only enqueues; the fan-out starts one pass per
 * business whose local day has changed since its last pass (job id per business and day, so
 * several workers and ticks start it once).
 */
@Injectable()
export class RhythmProcessor implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QueueName.Rhythm) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly rhythm: RhythmService,
    private readonly jobs: JobQueue,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    registerProcessor(this.queue, QueueName.Rhythm, this.config.QUEUE_CONCURRENCY, {
      [JobName.RhythmPassAll]: ({ window }) => this.planAll(new Date(window)),
      [JobName.RhythmPassBusiness]: ({ businessId }) => this.rhythm.pass(businessId),
      [JobName.RhythmRecomputeTouched]: ({ businessId }) => this.rhythm.recomputeTouched(businessId),
    });
    startCronTick(this.scheduler, 'rhythm-pass', this.config.RHYTHM_CRON, () => this.tick());
    // and once at start: a new install (the demo) or a worker that was down over midnight gets
    // its passes now, not at the next tick (the plan skips businesses already passed today)
    if (this.config.RHYTHM_PASS_ON_START) void this.tick();
  }

  async tick(now = new Date()): Promise<void> {
    const window = scheduleWindow(now);
    await this.jobs.enqueue(JobName.RhythmPassAll, { window }, { jobId: `rhythm-plan:${window}` }).catch(() => undefined);
  }

  async planAll(at: Date): Promise<number> {
    const due = await this.rhythm.businessesDue(at);
    await this.jobs.enqueueBulk(
      JobName.RhythmPassBusiness,
      due.map(({ businessId, today }) => ({ data: { businessId, day: today, reason: 'schedule' as const }, opts: { jobId: `rhythm-pass:${businessId}:${today}` } })),
    );
    return due.length;
  }
}
