import { Injectable } from '@nestjs/common';
import { chunk } from '../../database/chunk';
import { JobQueue } from '../../queue/job-queue.service';
import { JobName } from '../../queue/queue-names';
import { HealthBandChange, UsageDrop } from './health.repository';

/** Emits client.health_band_changed and client.usage_dropped for automations, after the pass has committed. */
@Injectable()
export class HealthEventsPublisher {
  constructor(private readonly jobs: JobQueue) {}

  async publish(businessId: string, bandChanges: HealthBandChange[], usageDrops: UsageDrop[], at: Date = new Date()): Promise<void> {
    const when = at.toISOString();
    if (bandChanges.length)
      await this.jobs.enqueueBulk(
        JobName.ClientHealthBandChanged,
        chunk(bandChanges, 500).map((part) => ({ data: { businessId, changes: part.map((c) => ({ ...c, changedAt: when })) } })),
      );
    if (usageDrops.length)
      await this.jobs.enqueueBulk(
        JobName.ClientUsageDropped,
        chunk(usageDrops, 500).map((part) => ({ data: { businessId, drops: part.map((d) => ({ ...d, droppedAt: when })) } })),
      );
  }
}
