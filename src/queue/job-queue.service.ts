import { getQueueToken } from '@nestjs/bull';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { JobOptions, Queue } from 'bull';
import { JobOf } from './job-payloads';
import { JOB_QUEUE, JobName, QueueName } from './queue-names';

/** The one producer: typed payload per job name, routed to its queue. */
@Injectable()
export class JobQueue implements OnModuleDestroy {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(private readonly moduleRef: ModuleRef) {}

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = this.moduleRef.get<Queue>(getQueueToken(name), { strict: false });
      this.queues.set(name, q);
    }
    return q;
  }

  async enqueue<N extends JobName>(name: N, data: JobOf<N>, opts?: JobOptions): Promise<void> {
    await this.queue(JOB_QUEUE[name]).add(name, data, opts);
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
    await this.queue(JOB_QUEUE[name]).addBulk(items.map((i) => ({ name, data: i.data, opts: i.opts })));
  }

  async onModuleDestroy(): Promise<void> {
    this.queues.clear();
  }
}
