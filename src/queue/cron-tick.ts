import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';

/**
 * Starts a named cron on this worker (every worker ticks; the tick only enqueues jobs whose ids
 * carry the schedule window, so N workers produce one job: STYLE.md rule 6). Expressions are UTC.
 */
export function startCronTick(scheduler: SchedulerRegistry, name: string, cronTime: string, onTick: () => Promise<unknown>): void {
  const job = CronJob.from({ cronTime, onTick: () => void onTick(), timeZone: 'UTC' });
  scheduler.addCronJob(name, job);
  job.start();
}

/** The schedule window a tick belongs to: its minute, as an ISO string (part of job ids). */
export function scheduleWindow(now: Date): string {
  return new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString();
}
