import { Injectable, Logger } from '@nestjs/common';
import { chunk } from '../../database/chunk';
import { DomainEvents } from '../../queue/domain-events';
import { JobName } from '../../queue/queue-names';
import { ClientChange } from './ingest.types';

const CHANGES_PER_JOB = 1000;

/**
 * Publishes what an ingest changed as the clients.changed event, after the commit. Who reacts
 * (risk, segments, tasks, automations, follow-up) is theirs to say: they listen to the event.
 */
@Injectable()
export class IngestEventsPublisher {
  private readonly logger = new Logger(IngestEventsPublisher.name);

  constructor(private readonly events: DomainEvents) {}

  async publish(businessId: string, source: string, changes: ClientChange[]): Promise<void> {
    if (!changes.length) return;
    try {
      await this.events.publish(
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
