import { Injectable } from '@nestjs/common';
import { chunk } from '../database/chunk';
import { DomainEvents } from '../queue/domain-events';
import { JobName } from '../queue/queue-names';
import { StatusChange } from './assessment/risk-assessment.repository';

/** Publishes client.status_changed after the change is committed (listeners: automations, follow-up). */
@Injectable()
export class RiskEventsPublisher {
  constructor(private readonly events: DomainEvents) {}

  async statusChanged(businessId: string, changes: StatusChange[], reason: 'rule' | 'manual' | 'event'): Promise<void> {
    if (!changes.length) return;
    await this.events.publish(
      JobName.ClientStatusChanged,
      chunk(changes, 500).map((part) => ({
        data: { businessId, changes: part.map((c) => ({ ...c, changedAt: new Date(c.changedAt).toISOString(), reason })) },
      })),
    );
  }
}
