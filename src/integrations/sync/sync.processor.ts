import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bull';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JobName, QueueName } from '../../queue/queue-names';
import { registerProcessor } from '../../queue/register-processor';
import { MindbodySyncService } from './mindbody-sync.service';
import { SyncPlanner } from './sync-planner.service';

/** The one consumer of the sync queue: plan jobs fan out, business jobs run the sync. */
@Injectable()
export class SyncProcessor implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QueueName.Sync) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly planner: SyncPlanner,
    private readonly mindbody: MindbodySyncService,
  ) {}

  onApplicationBootstrap(): void {
    registerProcessor(this.queue, QueueName.Sync, this.config.QUEUE_CONCURRENCY, {
      [JobName.SyncPlan]: ({ window }) => this.planner.plan(window),
      [JobName.SyncBusiness]: async ({ businessId, provider }, job) => {
        if (provider !== 'mindbody') return { status: 'skipped', reason: 'unknown_provider' };
        // A retried job resumes: kinds that already succeeded since it was queued are not re-read.
        return this.mindbody.run(businessId, { skipKindsSucceededAfter: new Date(job.timestamp) });
      },
    });
  }
}
