import { Logger } from '@nestjs/common';
import { Job, Queue } from 'bull';
import { JobOf } from './job-payloads';
import { DatabaseUnreachableError, isDbConnectionError } from './queue-errors';
import { JOB_QUEUE, JobName, QueueName } from './queue-names';
import { OUTAGE_AWARE_BACKOFF, OutageAwareBackoffOptions } from './queue-options';

export type Handlers<Q extends QueueName> = {
  [N in JobName as (typeof JOB_QUEUE)[N] extends Q ? N : never]: (data: JobOf<N>, job: Job) => Promise<unknown>;
};

/**
 * One consumer per queue with one dispatch point (STYLE.md rule 5). Every job name routed to
 * the queue must have a handler: the Handlers type makes a missing one a compile error, and
 * this check makes it a boot error too.
 *
 * A handler that fails because PostgreSQL is unreachable fails as DatabaseUnreachableError and
 * gets the attempt back (up to its backoff's outageMaxRetries), so an outage longer than the
 * queue's retry budget does not exhaust the job; the backoff waits capped doubling meanwhile.
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
      if (!isDbConnectionError(e)) throw e;
      await giveAttemptBack(job).catch((err: Error) => logger.warn(`${job.name} ${job.id}: attempt not given back: ${err.message}`));
      throw new DatabaseUnreachableError(e as Error);
    }
  });
}

/** Raises the job's stored attempts by one (Bull counts the failed attempt as usual). */
async function giveAttemptBack(job: Job): Promise<void> {
  const opts = job.opts as Job['opts'] & { outageRetries?: number };
  const backoff = opts.backoff as { type?: string; options?: OutageAwareBackoffOptions } | undefined;
  if (backoff?.type !== OUTAGE_AWARE_BACKOFF) return;
  const used = opts.outageRetries ?? 0;
  if (used >= (backoff.options?.outageMaxRetries ?? 0)) return;
  const next = { ...opts, attempts: (opts.attempts ?? 1) + 1, outageRetries: used + 1 };
  const queue = job.queue as Queue & { toKey(id: string): string };
  await queue.client.hset(queue.toKey(String(job.id)), 'opts', JSON.stringify(next));
  // moveToFailed reads the in-memory options right after this throw
  Object.assign(opts, next);
}
