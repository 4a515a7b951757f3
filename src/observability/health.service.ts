import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobQueue } from '../queue/job-queue.service';
import { QueueName } from '../queue/queue-names';

/** A check that does not answer within this long is down: a load balancer must not wait on it. */
const CHECK_TIMEOUT_MS = 1500;

/**
 * The readiness checks (docs/operations.md "Health"): PostgreSQL answers a query, Redis answers
 * PING, no queue has more than READY_MAX_WAITING jobs waiting, and the process is not shutting
 * down. Each is named in the answer, so a 503 says which one failed.
 */
@Injectable()
export class HealthChecks implements OnModuleDestroy {
  private stopping = false;

  constructor(
    private readonly indicator: HealthIndicatorService,
    private readonly ds: DataSource,
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // the first thing a shutdown does: stop being ready, so a load balancer sends no more requests
  onModuleDestroy(): void {
    this.stopping = true;
  }

  async process(): Promise<HealthIndicatorResult> {
    const check = this.indicator.check('process');
    return this.stopping ? check.down({ message: 'shutting down' }) : check.up();
  }

  async database(): Promise<HealthIndicatorResult> {
    const check = this.indicator.check('database');
    try {
      await within(this.ds.query('SELECT 1'), 'PostgreSQL');
      return check.up();
    } catch (e) {
      return check.down({ message: `PostgreSQL not reachable: ${(e as Error).message}` });
    }
  }

  async redis(): Promise<HealthIndicatorResult> {
    const check = this.indicator.check('redis');
    try {
      await within(this.jobs.queue(QueueName.Actions).client.ping(), 'Redis');
      return check.up();
    } catch (e) {
      return check.down({ message: `Redis not reachable: ${(e as Error).message}` });
    }
  }

  /** Down when a queue's backlog passes READY_MAX_WAITING, naming the queues (and when they cannot be read). */
  async queues(): Promise<HealthIndicatorResult> {
    const check = this.indicator.check('queues');
    const max = this.config.READY_MAX_WAITING;
    try {
      const waiting = await within(Promise.all(Object.values(QueueName).map(async (name) => [name, await this.jobs.queue(name).getWaitingCount()] as const)), 'Redis');
      const over = waiting.filter(([, n]) => n > max);
      if (!over.length) return check.up({ maxWaiting: max });
      return check.down({
        message: `backlog over ${max} waiting jobs: ${over.map(([q, n]) => `${q} (${n})`).join(', ')}`,
        queues: Object.fromEntries(over),
      });
    } catch (e) {
      return check.down({ message: `queue lengths unreadable: ${(e as Error).message}` });
    }
  }
}

function within<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}
