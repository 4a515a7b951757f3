import { Injectable, OnModuleInit } from '@nestjs/common';
import { ChangeKind } from '../clients';
import { chunk } from '../database/chunk';
import { DomainEvents } from '../queue/domain-events';
import { JobQueue } from '../queue/job-queue.service';
import { JobName } from '../queue/queue-names';

// What an ingest changed that can start or end a recovery entry: subscriptions (cancelled,
// withdrawn, new, renewal switched) and quotas (used up, expired, bought again).
const INTAKE_ON: ReadonlySet<ChangeKind> = new Set<ChangeKind>(['subscription', 'quota']);
const CLIENTS_PER_JOB = 5000;

/** Data arrived: recovery's own intake job for the touched clients (docs/recovery.md "Intake"). */
@Injectable()
export class RecoveryListeners implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly jobs: JobQueue,
  ) {}

  onModuleInit(): void {
    this.events.on(JobName.ClientsChanged, 'recovery', async ({ businessId, changes }, job) => {
      const touched = changes.filter((c) => c.kinds.some((k) => INTAKE_ON.has(k))).map((c) => c.clientId);
      // job ids from the event's: a retried event adds no second intake job
      await this.jobs.enqueueBulk(
        JobName.RecoveryIntake,
        chunk(touched, CLIENTS_PER_JOB).map((clientIds, i) => ({ data: { businessId, clientIds }, opts: { jobId: `recovery-intake:${job.id}:${i}` } })),
      );
    });
  }
}
