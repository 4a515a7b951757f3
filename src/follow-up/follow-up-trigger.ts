import { JobQueue } from '../queue/job-queue.service';
import { JobName } from '../queue/queue-names';

/**
 * Queues the business's data-driven follow-up pass, debounced: every writer of goal data (the
 * ingest publisher, risk status changes) shares one key, so their notifications within a window
 * collapse into one pass (docs/follow-up.md "Passes run").
 */
export function queueFollowUpPass(jobs: JobQueue, businessId: string, debounceSeconds: number): Promise<void> {
  return jobs.enqueueDebounced(JobName.FollowUpComputeBusiness, `follow-up-data:${businessId}`, debounceSeconds, (window) => ({ businessId, trigger: 'data', window }));
}
