import { Injectable, Logger } from '@nestjs/common';
import { Job } from 'bull';
import { chunk } from '../../database/chunk';
import { DomainEvents } from '../../queue/domain-events';
import { JobName } from '../../queue/queue-names';
import { CreatedEntry, IntakeResult, RecoveryIntakeRepository } from './recovery-intake.repository';

/** Entries per recovery.entry_created event job. */
const ENTRIES_PER_EVENT = 1000;
/** Clients per "record existing" batch: one statement each, progress after each. */
export const RECORD_EXISTING_BATCH = 5000;

export interface RecordExistingProgress {
  total: number;
  done: number;
  created: number;
}

/**
 * Intake (docs/recovery.md "Intake"): the same pass on ingest (the touched clients), in the daily
 * backstop (the whole business, plus automatic Lost) and for "record existing cancellations";
 * after the commit, recovery.entry_created names the new entries.
 */
@Injectable()
export class RecoveryIntakeService {
  private readonly logger = new Logger(RecoveryIntakeService.name);

  constructor(
    private readonly repo: RecoveryIntakeRepository,
    private readonly events: DomainEvents,
  ) {}

  /** Ingest: the clients whose subscriptions or quotas changed. */
  async intakeClients(businessId: string, clientIds: string[], now = new Date()): Promise<IntakeResult> {
    const result = await this.repo.run(businessId, { clientIds, now });
    await this.publishCreated(businessId, result.created, now);
    return result;
  }

  /** The daily backstop for one business: every source, every automatic outcome. */
  async daily(businessId: string, now = new Date()): Promise<IntakeResult> {
    const result = await this.repo.run(businessId, { clientIds: null, autoLost: true, now });
    await this.publishCreated(businessId, result.created, now);
    if (result.created.length || result.regained || result.lost || result.withdrawn)
      this.logger.log(`business ${businessId}: ${result.created.length} entered, ${result.regained} regained, ${result.lost} lost, ${result.withdrawn} withdrawn`);
    return result;
  }

  /**
   * "Record existing cancellations": every cancelled subscription still running, under the
   * current settings, in batches of clients (one statement each) with the progress on the job.
   */
  async recordExisting(businessId: string, job?: Job, now = new Date()): Promise<RecordExistingProgress> {
    const clients = await this.repo.cancelledClients(businessId, now);
    const progress: RecordExistingProgress = { total: clients.length, done: 0, created: 0 };
    await job?.progress(progress);
    for (const batch of chunk(clients, RECORD_EXISTING_BATCH)) {
      const result = await this.repo.run(businessId, { clientIds: batch, kinds: ['cancellation'], outcomes: false, now });
      await this.publishCreated(businessId, result.created, now);
      progress.done += batch.length;
      progress.created += result.created.length;
      await job?.progress({ ...progress });
    }
    this.logger.log(`business ${businessId}: record existing cancellations created ${progress.created} entr(ies) for ${progress.total} client(s)`);
    return progress;
  }

  private async publishCreated(businessId: string, created: CreatedEntry[], now: Date): Promise<void> {
    if (!created.length) return;
    await this.events.publish(
      JobName.RecoveryEntryCreated,
      // the first entry id of a batch names it: a retried intake creates no entry twice, so no event twice
      chunk(created, ENTRIES_PER_EVENT).map((entries) => ({ data: { businessId, at: now.toISOString(), entries }, opts: { jobId: `recovery-created:${entries[0].entryId}` } })),
    );
  }
}
