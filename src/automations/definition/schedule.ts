import { CronTime } from 'cron';

/** The first tick of a five-field cron expression in the business's time zone strictly after `after`. */
export function nextRunAt(cron: string, timezone: string, after: Date): Date {
  return new CronTime(cron, timezone).getNextDateFrom(after, timezone).toJSDate();
}
