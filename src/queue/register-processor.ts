import { Logger } from '@nestjs/common';
import { Job, Queue } from 'bull';
import { JobOf } from './job-payloads';
import { JOB_QUEUE, JobName, QueueName } from './queue-names';

export type Handlers<Q extends QueueName> = {
  [N in JobName as (typeof JOB_QUEUE)[N] extends Q ? N : never]: (data: JobOf<N>, job: Job) => Promise<unknown>;
};

/**
 * One consumer per queue with one dispatch point (STYLE.md rule 5). Every job name routed to
 * the queue must have a handler: the Handlers type makes a missing one a compile error, and
 * this check makes it a boot error too.
 */
export function registerProcessor<Q extends QueueName>(queue: Queue, name: Q, concurrency: number, handlers: Handlers<Q>): void {
  const expected = (Object.keys(JOB_QUEUE) as JobName[]).filter((j) => JOB_QUEUE[j] === name);
  const missing = expected.filter((j) => !(j in handlers));
  if (missing.length) throw new Error(`queue ${name} has no handler for ${missing.join(', ')}`);
  const logger = new Logger(`queue:${name}`);
  void queue.process('*', concurrency, async (job: Job) => {
    const handler = (handlers as Record<string, (data: unknown, job: Job) => Promise<unknown>>)[job.name];
    if (!handler) throw new Error(`no handler for job ${job.name} on queue ${name}`);
    try {
      return await handler(job.data, job);
    } catch (e) {
      logger.warn(`${job.name} ${job.id} failed (attempt ${job.attemptsMade + 1}): ${(e as Error).message}`);
      throw e;
    }
  });
}
