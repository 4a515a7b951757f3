import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { chunk } from '../database/chunk';
import { JobQueue } from '../queue/job-queue.service';
import { queueFollowUpPass } from '../follow-up/follow-up-trigger';
import { JobName } from '../queue/queue-names';
import { StatusChange } from './assessment/risk-assessment.repository';

/** Goals of follow-up that a status change can meet (docs/follow-up.md, status_loving_it). */
const GOAL_STATUSES = new Set(['loving_it', 'raving_fan']);

/**
 * Emits client.status_changed for automations, after the change is committed; a move up to
 * Loving it also queues the business's debounced follow-up pass, so a "status back to Loving it"
 * goal converts within the debounce window rather than at the next scheduled pass.
 */
@Injectable()
export class RiskEventsPublisher {
  constructor(
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async statusChanged(businessId: string, changes: StatusChange[], reason: 'rule' | 'manual' | 'event'): Promise<void> {
    if (!changes.length) return;
    await this.jobs.enqueueBulk(
      JobName.ClientStatusChanged,
      chunk(changes, 500).map((part) => ({
        data: { businessId, changes: part.map((c) => ({ ...c, changedAt: new Date(c.changedAt).toISOString(), reason })) },
      })),
    );
    if (changes.some((c) => GOAL_STATUSES.has(c.to ?? ''))) {
      await queueFollowUpPass(this.jobs, businessId, this.config.FOLLOW_UP_DEBOUNCE_SECONDS);
    }
  }
}
