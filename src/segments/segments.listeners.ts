import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainEvents } from '../queue/domain-events';
import { JobQueue } from '../queue/job-queue.service';
import { JobName } from '../queue/queue-names';

/** Saved segments follow new data within the debounce window (docs/segments.md), not per event. */
@Injectable()
export class SegmentsListeners implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.events.on(JobName.ClientsChanged, 'segments', ({ businessId }) =>
      this.jobs.enqueueDebounced(JobName.SegmentsRecomputeBusiness, `segments-data:${businessId}`, this.config.SEGMENT_DEBOUNCE_SECONDS, (window) => ({
        businessId,
        trigger: 'data',
        window,
      })),
    );
  }
}
