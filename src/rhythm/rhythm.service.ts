import { Injectable, Logger } from '@nestjs/common';
import { localDate } from '../common/local-date';
import { DomainEvents } from '../queue/domain-events';
import { JobName } from '../queue/queue-names';
import { RecomputeCounts, RhythmRepository } from './rhythm.repository';
import { RhythmSettingsRepository } from './rhythm-settings.repository';

// client.became_overdue carries at most this many clients per event job
const EVENT_CHUNK = 1000;

export interface PassResult extends RecomputeCounts {
  day: string;
  becameOverdue: number;
}

/** Keeps client_rhythm current: touched clients after an ingest, every client in the daily pass. */
@Injectable()
export class RhythmService {
  private readonly logger = new Logger(RhythmService.name);

  constructor(
    private readonly repo: RhythmRepository,
    private readonly settings: RhythmSettingsRepository,
    private readonly events: DomainEvents,
  ) {}

  /**
   * Recomputes these clients' rhythms (all of the business's when clientIds is left out) from
   * their bookings as of `at`. Idempotent; announces nothing (the pass does).
   */
  async recompute(businessId: string, clientIds?: string[], at: Date = new Date()): Promise<RecomputeCounts> {
    const tz = await this.repo.timezone(businessId);
    if (!tz) return { known: 0, written: 0, deleted: 0 };
    if (clientIds && !clientIds.length) return { known: 0, written: 0, deleted: 0 };
    return this.repo.locked(businessId, async (tx) => {
      const s = await this.settings.get(businessId, tx);
      return this.repo.recompute(tx, businessId, at, localDate(at, tz), clientIds ?? null, s);
    });
  }

  /** The clients ingests touched since the last run (rhythm_dirty), in one statement. */
  async recomputeTouched(businessId: string, at: Date = new Date()): Promise<RecomputeCounts & { clients: number }> {
    const tz = await this.repo.timezone(businessId);
    if (!tz) return { known: 0, written: 0, deleted: 0, clients: 0 };
    return this.repo.locked(businessId, async (tx) => {
      const ids = await this.repo.takeDirty(tx, businessId);
      if (!ids.length) return { known: 0, written: 0, deleted: 0, clients: 0 };
      const s = await this.settings.get(businessId, tx);
      return { ...(await this.repo.recompute(tx, businessId, at, localDate(at, tz), ids, s)), clients: ids.length };
    });
  }

  markTouched(businessId: string, clientIds: string[]): Promise<void> {
    return this.repo.markDirty(businessId, clientIds);
  }

  /**
   * The daily pass: every rhythm of the business recomputed, then client.became_overdue for
   * the clients that crossed into overdue since the last pass (published after the commit).
   */
  async pass(businessId: string, at: Date = new Date()): Promise<PassResult | null> {
    const tz = await this.repo.timezone(businessId);
    if (!tz) return null;
    const day = localDate(at, tz);
    const result = await this.repo.locked(businessId, async (tx) => {
      const s = await this.settings.get(businessId, tx);
      const counts = await this.repo.recompute(tx, businessId, at, day, null, s);
      const first = (await this.repo.lastPass(tx, businessId)) === null;
      const crossed = await this.repo.takeBecameOverdue(tx, businessId, day, !first);
      await this.repo.recordPass(tx, businessId, day, at, counts.known, crossed.length);
      return { counts, crossed };
    });
    const { crossed } = result;
    const items = [];
    for (let i = 0; i < crossed.length; i += EVENT_CHUNK) {
      items.push({ data: { businessId, day, clients: crossed.slice(i, i + EVENT_CHUNK) }, opts: { jobId: `rhythm-overdue:${businessId}:${day}:${at.getTime()}:${i / EVENT_CHUNK}` } });
    }
    await this.events.publish(JobName.ClientBecameOverdue, items);
    if (crossed.length) this.logger.log(`${businessId} ${day}: ${crossed.length} became overdue`);
    return { ...result.counts, day, becameOverdue: crossed.length };
  }

  /** Businesses whose local day changed since their last pass, with that day. */
  businessesDue(at: Date = new Date()): Promise<Array<{ businessId: string; today: string }>> {
    return this.repo.businessesDue(at);
  }
}
