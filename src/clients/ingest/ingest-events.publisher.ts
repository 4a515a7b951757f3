import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { chunk } from '../../database/chunk';
import { JobQueue } from '../../queue/job-queue.service';
import { queueFollowUpPass } from '../../follow-up/follow-up-trigger';
import { JobName } from '../../queue/queue-names';
import { ClientChange } from './ingest.types';

export const CHANGES_PER_JOB = 1000;
// the canonical data follow-up goals are made of (visits, bookings, contracts, sales)
const FOLLOW_UP_KINDS = new Set<string>(['visit', 'booking', 'subscription', 'sale']);

/** Emits what an ingest changed onto the ingest-events queue, after the commit. */
@Injectable()
export class IngestEventsPublisher {
  private readonly logger = new Logger(IngestEventsPublisher.name);

  constructor(
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async publish(businessId: string, source: string, changes: ClientChange[]): Promise<void> {
    if (!changes.length) return;
    try {
      await this.jobs.enqueueBulk(
        JobName.ClientsChanged,
        chunk(changes, CHANGES_PER_JOB).map((part) => ({ data: { businessId, source, changes: part } })),
      );
      // saved segments follow new data within the debounce window (segments.md), not per event
      await this.jobs.enqueueDebounced(JobName.SegmentsRecomputeBusiness, `segments-data:${businessId}`, this.config.SEGMENT_DEBOUNCE_SECONDS, (window) => ({
        businessId,
        trigger: 'data',
        window,
      }));
      // open staff tasks of clients who came back close themselves (docs/tasks.md)
      if (changes.some((c) => c.kinds.includes('visit'))) {
        await this.jobs.enqueueDebounced(JobName.TasksAutoClose, `tasks-auto-close:${businessId}`, this.config.TASKS_DEBOUNCE_SECONDS, (window) => ({ businessId, window }));
        // "at the door" alerts fire the moment the visit arrives, so not debounced (docs/automations.md)
        const visited = changes.filter((c) => c.kinds.includes('visit')).map((c) => c.clientId);
        await this.jobs.enqueueBulk(JobName.ClientsVisited, chunk(visited, CHANGES_PER_JOB).map((clientIds) => ({ data: { businessId, clientIds } })));
      }
      // follow-up conversions follow goal data (visits, bookings, contracts, sales) within the
      // debounce window (docs/follow-up.md)
      if (changes.some((c) => c.kinds.some((k) => FOLLOW_UP_KINDS.has(k)))) {
        await queueFollowUpPass(this.jobs, businessId, this.config.FOLLOW_UP_DEBOUNCE_SECONDS);
      }
    } catch (e) {
      // The data is committed; consumers also run scheduled passes over everything, so a lost
      // notification delays a reaction, it never loses data.
      this.logger.error(`could not publish ${changes.length} change(s) for business ${businessId}: ${(e as Error).message}`);
    }
  }
}
