import { Injectable, Logger } from '@nestjs/common';
import { chunk } from '../../database/chunk';
import { JobQueue } from '../../queue/job-queue.service';
import { JobName } from '../../queue/queue-names';
import { ClientChange } from './ingest.types';

export const CHANGES_PER_JOB = 1000;

/** Emits what an ingest changed onto the ingest-events queue, after the commit. */
@Injectable()
export class IngestEventsPublisher {
  private readonly logger = new Logger(IngestEventsPublisher.name);

  constructor(private readonly jobs: JobQueue) {}

  async publish(businessId: string, source: string, changes: ClientChange[]): Promise<void> {
    if (!changes.length) return;
    try {
      await this.jobs.enqueueBulk(
        JobName.ClientsChanged,
        chunk(changes, CHANGES_PER_JOB).map((part) => ({ data: { businessId, source, changes: part } })),
      );
    } catch (e) {
      // The data is committed; consumers also run scheduled passes over everything, so a lost
      // notification delays a reaction, it never loses data.
      this.logger.error(`could not publish ${changes.length} change(s) for business ${businessId}: ${(e as Error).message}`);
    }
  }
}
