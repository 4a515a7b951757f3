import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobOutboxRepository } from './job-outbox.repository';
import { JobQueue } from './job-queue.service';
import { QueueName } from './queue-names';

const BATCH = 500;

/**
 * Moves jobs stored while Redis was unreachable (job_outbox) onto their queues: as soon as a
 * queue connection is ready again, and every OUTBOX_RELAY_INTERVAL_MS. Runs in every process;
 * rows are locked with SKIP LOCKED, so relays in several processes share the work.
 * Delivery is at least once (a crash between the add and the commit relays a row again):
 * handlers are idempotent and job ids collapse repeats.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;
  private again = false;
  private failing = false;
  private readonly onReady = () => void this.drain();

  constructor(
    private readonly jobs: JobQueue,
    private readonly outbox: JobOutboxRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    for (const name of Object.values(QueueName)) this.jobs.bull(name).client.on('ready', this.onReady);
    this.timer = setInterval(this.onReady, this.config.OUTBOX_RELAY_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    for (const name of Object.values(QueueName)) this.jobs.bull(name).client.off('ready', this.onReady);
  }

  /** Relays every waiting job; answers how many (0 while Redis or PostgreSQL is unreachable). */
  async drain(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drainAll().finally(() => {
      this.running = undefined;
      if (this.again) {
        this.again = false;
        void this.drain();
      }
    });
    return this.running;
  }

  private async drainAll(): Promise<number> {
    if (!this.jobs.available()) return 0;
    let total = 0;
    try {
      if (!(await this.outbox.hasWaiting())) return 0;
      for (let n = BATCH; n === BATCH; total += n) n = await this.outbox.drainBatch(BATCH, (rows) => this.jobs.relay(rows));
      if (total) this.logger.log(`relayed ${total} job(s) from the outbox to their queues`);
      this.failing = false;
    } catch (e) {
      if (!this.failing) this.logger.warn(`outbox relay paused: ${(e as Error).message}`);
      this.failing = true;
    }
    return total;
  }
}
