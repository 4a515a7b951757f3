import { Injectable } from '@nestjs/common';
import { chunk } from '../database/chunk';
import { JobQueue } from '../queue/job-queue.service';
import { JobName } from '../queue/queue-names';
import { StatusChange } from './assessment/risk-assessment.repository';

/** Emits client.status_changed for automations, after the change is committed. */
@Injectable()
export class RiskEventsPublisher {
  constructor(private readonly jobs: JobQueue) {}

  async statusChanged(businessId: string, changes: StatusChange[], reason: 'rule' | 'manual' | 'event'): Promise<void> {
    if (!changes.length) return;
    await this.jobs.enqueueBulk(
      JobName.ClientStatusChanged,
      chunk(changes, 500).map((part) => ({
        data: { businessId, changes: part.map((c) => ({ ...c, changedAt: new Date(c.changedAt).toISOString(), reason })) },
      })),
    );
  }
}
