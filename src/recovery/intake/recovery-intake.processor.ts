import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Queue } from 'bull';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { scheduleWindow, startCronTick } from '../../queue/cron-tick';
import { JobQueue } from '../../queue/job-queue.service';
import { JobName, QueueName } from '../../queue/queue-names';
import { registerProcessor } from '../../queue/register-processor';
import { RecoveryIntakeRepository } from './recovery-intake.repository';
import { RecoveryIntakeService } from './recovery-intake.service';

/** The daily backstop runs once a day (UTC), after the night's syncs. */
export const RECOVERY_DAILY_CRON = '30 4 * * *';

/** Worker side of recovery intake: ingest jobs, the daily backstop, "record existing cancellations". */
@Injectable()
export class RecoveryIntakeProcessor implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QueueName.Recovery) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly intake: RecoveryIntakeService,
    private readonly repo: RecoveryIntakeRepository,
    private readonly jobs: JobQueue,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    registerProcessor(this.queue, QueueName.Recovery, this.config.QUEUE_CONCURRENCY, {
      [JobName.RecoveryIntake]: ({ businessId, clientIds }) => this.intake.intakeClients(businessId, clientIds),
      [JobName.RecoveryDailyAll]: ({ window }) => this.planDaily(window),
      [JobName.RecoveryDailyBusiness]: ({ businessId }) => this.intake.daily(businessId),
      [JobName.RecoveryRecordExisting]: ({ businessId }, job) => this.intake.recordExisting(businessId, job),
    });
    startCronTick(this.scheduler, 'recovery-daily', RECOVERY_DAILY_CRON, () => this.tick());
  }

  async tick(now = new Date()): Promise<void> {
    const window = scheduleWindow(now);
    await this.jobs.enqueue(JobName.RecoveryDailyAll, { window }, { jobId: `recovery-daily:${window}` }).catch(() => undefined);
  }

  async planDaily(window: string): Promise<number> {
    const ids = await this.repo.businessIds();
    await this.jobs.enqueueBulk(
      JobName.RecoveryDailyBusiness,
      ids.map((businessId) => ({ data: { businessId, window }, opts: { jobId: `recovery-daily:${businessId}:${window}` } })),
    );
    return ids.length;
  }
}
