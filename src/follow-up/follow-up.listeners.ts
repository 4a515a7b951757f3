import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainEvents } from '../queue/domain-events';
import { JobQueue } from '../queue/job-queue.service';
import { JobName } from '../queue/queue-names';

// the canonical data follow-up goals are made of (visits, bookings, contracts, sales)
const GOAL_DATA = new Set<string>(['visit', 'booking', 'subscription', 'sale']);
/** Goals a status change can meet (docs/follow-up.md, status_loving_it). */
const GOAL_STATUSES = new Set(['loving_it', 'raving_fan']);

/**
 * Conversions follow goal data within the debounce window rather than at the next scheduled
 * pass (docs/follow-up.md "Passes run"): new visits, bookings, contracts or sales, and a move up
 * to Loving it. Both share one debounce key, so they collapse into one pass per window.
 */
@Injectable()
export class FollowUpListeners implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.events.on(JobName.ClientsChanged, 'follow-up', async ({ businessId, changes }) => {
      if (changes.some((c) => c.kinds.some((k) => GOAL_DATA.has(k)))) await this.queuePass(businessId);
    });
    this.events.on(JobName.ClientStatusChanged, 'follow-up', async ({ businessId, changes }) => {
      if (changes.some((c) => GOAL_STATUSES.has(c.to ?? ''))) await this.queuePass(businessId);
    });
  }

  private queuePass(businessId: string): Promise<void> {
    return this.jobs.enqueueDebounced(JobName.FollowUpComputeBusiness, `follow-up-data:${businessId}`, this.config.FOLLOW_UP_DEBOUNCE_SECONDS, (window) => ({
      businessId,
      trigger: 'data',
      window,
    }));
  }
}
