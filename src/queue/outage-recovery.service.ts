import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Job, Queue } from 'bull';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobQueue } from './job-queue.service';
import { failedOnConnection, isDbConnectionError } from './queue-errors';
import { QueueName } from './queue-names';
import { RECOVERABLE_QUEUES } from './queue-options';

/** Failed jobs read per queue when looking for those an outage exhausted (removeOnFail keeps at most 10,000). */
const SCAN = 1000;

/**
 * Re-queues idempotent work that an unreachable PostgreSQL made fail for good (retries used up,
 * or jobs left failed by an older version): in every process that consumes a queue, at boot and
 * whenever a job fails that way, it waits until PostgreSQL answers (checked every
 * QUEUE_RECOVERY_INTERVAL_MS) and then retries those failed jobs with fresh attempts. Only the
 * RECOVERABLE_QUEUES this process consumes are touched; several workers may do it at once (a job
 * already retried by another is skipped).
 */
@Injectable()
export class OutageRecovery implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutageRecovery.name);
  private queues: Queue[] = [];
  private timer?: NodeJS.Timeout;
  private running = false;
  private again = false;
  private readonly onFailed = (job: Job, err: Error) => {
    if (job.finishedOn && isDbConnectionError(err)) this.schedule();
  };

  constructor(
    private readonly jobs: JobQueue,
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // 'failed' is emitted only in the process that ran the job, so an API process never hears it
    this.queues = RECOVERABLE_QUEUES.map((n: QueueName) => this.jobs.bull(n));
    for (const q of this.queues) q.on('failed', this.onFailed);
    // processors may still be registering (their own bootstrap hooks): the first look comes later
    this.schedule();
  }

  onModuleDestroy(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const q of this.queues) q.off('failed', this.onFailed);
    this.queues = [];
  }

  /** Retries the jobs an outage left failed, once PostgreSQL answers; answers how many. */
  async recover(): Promise<number> {
    await this.ds.query('SELECT 1');
    let retried = 0;
    for (const q of this.consumed()) {
      const failed: Job[] = (await q.getFailed(0, SCAN - 1)).filter(Boolean);
      for (const job of failed) {
        if (!failedOnConnection(job.failedReason)) continue;
        const opts = { ...job.opts, outageRetries: 0 };
        const queue = q as Queue & { toKey(id: string): string };
        await queue.client.hset(queue.toKey(String(job.id)), 'attemptsMade', 0, 'opts', JSON.stringify(opts));
        retried += await job.retry().then(
          () => 1,
          () => 0, // retried by another worker meanwhile, or removed
        );
      }
    }
    if (retried) this.logger.log(`PostgreSQL is back: retried ${retried} job(s) it had made fail`);
    return retried;
  }

  private schedule(delay = this.config.QUEUE_RECOVERY_INTERVAL_MS): void {
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer || !this.queues.length) return;
    this.timer = setTimeout(() => void this.run(), delay);
    this.timer.unref();
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    this.running = true;
    let done = false;
    try {
      await this.recover();
      done = true;
    } catch {
      // PostgreSQL (or Redis) still unreachable: look again later
    } finally {
      this.running = false;
    }
    if (!done || this.again) {
      this.again = false;
      if (this.queues.length) this.schedule();
    }
  }

  /** The queues this process consumes (registerProcessor gave them a '*' handler). */
  private consumed(): Queue[] {
    return this.queues.filter((q) => (q as Queue & { handlers?: Record<string, unknown> }).handlers?.['*']);
  }
}
