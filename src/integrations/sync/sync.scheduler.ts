import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { scheduleWindow } from './sync-job-ids';
import { SyncPlanner } from './sync-planner.service';

const SYNC_CRON_NAME = 'mindbody-sync-plan';

/**
 * Registers the sync schedule (SYNC_CRON, UTC) in code at boot. Every worker ticks; the tick
 * only enqueues the window's plan job, whose deterministic jobId collapses the duplicates.
 */
@Injectable()
export class SyncScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(SyncScheduler.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
    private readonly planner: SyncPlanner,
  ) {}

  onApplicationBootstrap(): void {
    if (this.registry.doesExist('cron', SYNC_CRON_NAME)) return;
    const job = CronJob.from({ cronTime: this.config.SYNC_CRON, onTick: () => this.tick(), start: true, timeZone: 'UTC' });
    this.registry.addCronJob(SYNC_CRON_NAME, job as never);
  }

  onApplicationShutdown(): void {
    if (this.registry.doesExist('cron', SYNC_CRON_NAME)) this.registry.deleteCronJob(SYNC_CRON_NAME);
  }

  async tick(at = new Date()): Promise<void> {
    const window = scheduleWindow(at);
    try {
      await this.planner.enqueuePlan(window);
    } catch (e) {
      // Redis down: the next tick (or another worker's) plans; never crash the process.
      this.logger.warn(`could not enqueue sync plan ${window}: ${(e as Error).message}`);
    }
  }
}
