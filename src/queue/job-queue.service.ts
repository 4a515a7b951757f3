import { getQueueToken } from '@nestjs/bull';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { JobOptions, Queue } from 'bull';
import { JobOutboxRepository, OutboxRow } from './job-outbox.repository';
import { JobOf } from './job-payloads';
import { isRedisUnavailable, QueueUnavailableError } from './queue-errors';
import { JOB_QUEUE, JobName, QueueName } from './queue-names';
import { redisDown } from './redis-clients';

interface NewJob {
  name: string;
  data: unknown;
  opts?: JobOptions;
}

/**
 * The one producer: typed payload per job name, routed to its queue. A job that cannot reach
 * Redis (down, or no answer within REDIS_COMMAND_TIMEOUT_MS) is stored in the job_outbox table
 * instead and the call succeeds: the OutboxRelay moves it to its queue once Redis answers.
 * Only when PostgreSQL cannot take it either does the call fail.
 */
@Injectable()
export class JobQueue implements OnModuleDestroy {
  private readonly logger = new Logger(JobQueue.name);
  private readonly queues = new Map<QueueName, Queue>();
  private warned = false;

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly outbox: JobOutboxRepository,
  ) {}

  /** A queue, to read its state: throws QueueUnavailableError at once while Redis is known to be down. */
  queue(name: QueueName): Queue {
    const q = this.bull(name);
    if (redisDown(q.client)) throw new QueueUnavailableError();
    return q;
  }

  /** The queue whatever Redis's state (its connections are bounded; see BullRedisClients). */
  bull(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      this.queues.set(name, q);
    }
    return q;
  }

  /** Redis answers this process's queue connections (false while it is known to be down). */
  available(name: QueueName = QueueName.Actions): boolean {
    return !redisDown(this.bull(name).client);
  }

  async enqueue<N extends JobName>(name: N, data: JobOf<N>, opts?: JobOptions): Promise<void> {
    await this.add(JOB_QUEUE[name], [{ name, data, opts }]);
  }

  /**
   * At most one job per key and time bucket, run when the bucket ends: the first call in a bucket
   * adds it (delayed to the bucket's end), later calls collapse onto its jobId.
   */
  async enqueueDebounced<N extends JobName>(name: N, key: string, seconds: number, data: (bucketEnd: string) => JobOf<N>, now = Date.now()): Promise<void> {
    const ms = seconds * 1000;
    const end = Math.ceil((now + 1) / ms) * ms;
    const bucketEnd = new Date(end).toISOString();
    await this.enqueue(name, data(bucketEnd), { jobId: `${key}:${bucketEnd}`, delay: end - now });
  }

  async enqueueBulk<N extends JobName>(name: N, items: Array<{ data: JobOf<N>; opts?: JobOptions }>): Promise<void> {
    if (!items.length) return;
    await this.add(
      JOB_QUEUE[name],
      items.map((i) => ({ name, data: i.data, opts: i.opts })),
    );
  }

  /** Moves outbox rows onto their queues (OutboxRelay); throws if Redis does not take them. */
  async relay(rows: OutboxRow[]): Promise<void> {
    const byQueue = new Map<QueueName, OutboxRow[]>();
    for (const r of rows) byQueue.set(r.queue, [...(byQueue.get(r.queue) ?? []), r]);
    for (const [name, part] of byQueue) {
      await this.queue(name).addBulk(part.map((r) => ({ name: r.name, data: r.data, opts: r.opts })));
    }
    this.warned = false;
  }

  async onModuleDestroy(): Promise<void> {
    this.queues.clear();
  }

  private async add(name: QueueName, jobs: NewJob[]): Promise<void> {
    const q = this.bull(name);
    if (!redisDown(q.client)) {
      try {
        if (jobs.length === 1) await q.add(jobs[0].name, jobs[0].data, jobs[0].opts);
        else await q.addBulk(jobs);
        return;
      } catch (e) {
        if (!isRedisUnavailable(e)) throw e;
      }
    }
    await this.outbox.store(jobs.map((j) => ({ queue: name, ...j })));
    if (!this.warned) this.logger.warn(`Redis unreachable: jobs are kept in the job outbox until it answers (first: ${jobs[0].name} on ${name})`);
    this.warned = true;
  }
}
