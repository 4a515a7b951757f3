import { Injectable, OnModuleInit } from '@nestjs/common';
import { chunk } from '../database/chunk';
import { DomainEvents } from '../queue/domain-events';
import { JobQueue } from '../queue/job-queue.service';
import { JobName } from '../queue/queue-names';
import { AutomationEnroller } from './runs/automation-enroller.service';

const VISITS_PER_JOB = 1000;

/** The facts automation triggers match on (docs/automations.md), and visits for "at the door" alerts. */
@Injectable()
export class AutomationsListeners implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly enroller: AutomationEnroller,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    this.events.on(JobName.SegmentEntered, 'automations', (p) => this.enroller.segmentEntered(p));
    this.events.on(JobName.SegmentExited, 'automations', (p) => this.enroller.segmentExited(p));
    this.events.on(JobName.ClientStatusChanged, 'automations', (p) => this.enroller.statusChanged(p));
    this.events.on(JobName.ClientHealthBandChanged, 'automations', (p) => this.enroller.healthBandChanged(p));
    this.events.on(JobName.ClientUsageDropped, 'automations', (p) => this.enroller.usageDropped(p));
    this.events.on(JobName.ClientBecameOverdue, 'automations', (p) => this.enroller.becameOverdue(p));
    this.events.on(JobName.RecoveryEntryCreated, 'automations', (p) => this.enroller.recoveryEntryCreated(p));
    // "at the door" alerts fire the moment the visit arrives, so not debounced; the job ids come
    // from the event's, so a retried event adds no second job
    this.events.on(JobName.ClientsChanged, 'automations', async ({ businessId, changes }, job) => {
      const visited = changes.filter((c) => c.kinds.includes('visit')).map((c) => c.clientId);
      await this.jobs.enqueueBulk(
        JobName.ClientsVisited,
        chunk(visited, VISITS_PER_JOB).map((clientIds, i) => ({ data: { businessId, clientIds }, opts: { jobId: `clients-visited:${job.id}:${i}` } })),
      );
    });
  }
}
