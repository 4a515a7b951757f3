import { Injectable } from '@nestjs/common';
import { chunk } from '../../database/chunk';
import { DomainEvents } from '../../queue/domain-events';
import { JobName } from '../../queue/queue-names';
import { HealthBandChange, UsageDrop } from './health.repository';

/** Publishes client.health_band_changed and client.usage_dropped, after the pass has committed. */
@Injectable()
export class HealthEventsPublisher {
  constructor(private readonly events: DomainEvents) {}

  async publish(businessId: string, bandChanges: HealthBandChange[], usageDrops: UsageDrop[], at: Date = new Date()): Promise<void> {
    const when = at.toISOString();
    if (bandChanges.length)
      await this.events.publish(
        JobName.ClientHealthBandChanged,
        chunk(bandChanges, 500).map((part) => ({ data: { businessId, changes: part.map((c) => ({ ...c, changedAt: when })) } })),
      );
    if (usageDrops.length)
      await this.events.publish(
        JobName.ClientUsageDropped,
        chunk(usageDrops, 500).map((part) => ({ data: { businessId, drops: part.map((d) => ({ ...d, droppedAt: when })) } })),
      );
  }
}
