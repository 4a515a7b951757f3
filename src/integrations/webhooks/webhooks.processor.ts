import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { Queue } from 'bull';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JobQueue } from '../../queue/job-queue.service';
import { QueueName, JobName } from '../../queue/queue-names';
import { registerProcessor } from '../../queue/register-processor';
import { EventInboxRepository } from './event-inbox.repository';
import { WebhookProcessingService } from './webhook-processing.service';
import { WebhookRejectionRepository } from './webhook-rejection.repository';

const SWEEP_EVERY_MS = 60_000;
const SWEEP_AGE_SECONDS = 60;

/**
 * Worker side of webhooks: processes inbox rows, sweeps up rows whose job never ran, and (in
 * the same once-a-minute job) deletes refusals older than WEBHOOK_REJECTION_RETENTION_DAYS.
 */
@Injectable()
export class WebhooksProcessor implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QueueName.Webhooks) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly processing: WebhookProcessingService,
    private readonly inbox: EventInboxRepository,
    private readonly jobs: JobQueue,
    private readonly rejections: WebhookRejectionRepository,
  ) {}

  onApplicationBootstrap(): void {
    registerProcessor(this.queue, QueueName.Webhooks, this.config.QUEUE_CONCURRENCY, {
      [JobName.WebhookProcess]: ({ businessId }) => this.processing.drain(businessId),
      [JobName.WebhookSweep]: async ({ olderThanSeconds }) => {
        const queued = await this.sweep(olderThanSeconds);
        await this.rejections.prune(new Date());
        return queued;
      },
    });
  }

  // Every worker ticks; the per-minute jobId lets only one sweep run per minute.
  @Interval('webhook-sweep', SWEEP_EVERY_MS)
  async tick(): Promise<void> {
    const minute = Math.floor(Date.now() / SWEEP_EVERY_MS);
    await this.jobs.enqueue(JobName.WebhookSweep, { olderThanSeconds: SWEEP_AGE_SECONDS }, { jobId: `sweep-${minute}` }).catch(() => undefined);
  }

  /** Queues a drain for every business with rows left unprocessed (stored while Redis was down). */
  async sweep(olderThanSeconds: number): Promise<number> {
    const businessIds = await this.inbox.businessesWithStaleRows(olderThanSeconds);
    const minute = Math.floor(Date.now() / SWEEP_EVERY_MS);
    await this.jobs.enqueueBulk(
      JobName.WebhookProcess,
      businessIds.map((businessId) => ({ data: { businessId }, opts: { jobId: `sweep:${businessId}:${minute}` } })),
    );
    return businessIds.length;
  }
}
