import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainEvents } from '../queue/domain-events';
import { JobQueue } from '../queue/job-queue.service';
import { JobName } from '../queue/queue-names';
import { RhythmService } from './rhythm.service';

/**
 * Bookings arrived: the touched clients are noted (rhythm_dirty) and recomputed together by a
 * debounced job per business, so a sync of many pages costs one statement, not one per page.
 */
@Injectable()
export class RhythmListeners implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly jobs: JobQueue,
    private readonly rhythm: RhythmService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.events.on(JobName.ClientsChanged, 'rhythm', async ({ businessId, changes }) => {
      const touched = changes.filter((c) => c.kinds.includes('booking') || c.kinds.includes('client')).map((c) => c.clientId);
      if (!touched.length) return;
      await this.rhythm.markTouched(businessId, touched);
      await this.jobs.enqueueDebounced(JobName.RhythmRecomputeTouched, `rhythm-touched:${businessId}`, this.config.RHYTHM_DEBOUNCE_SECONDS, (window) => ({ businessId, window }));
    });
  }
}
