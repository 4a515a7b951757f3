import { Injectable } from '@nestjs/common';
import { JobQueue } from '../queue/job-queue.service';
import { JobName } from '../queue/queue-names';
import { RhythmSettingsRepository } from './rhythm-settings.repository';
import { RhythmSettings } from './rhythm.types';

@Injectable()
export class RhythmSettingsService {
  constructor(
    private readonly repo: RhythmSettingsRepository,
    private readonly jobs: JobQueue,
  ) {}

  get(businessId: string): Promise<RhythmSettings> {
    return this.repo.get(businessId);
  }

  /** Saves the merged rules and queues a full pass, so the lists follow the new numbers. */
  async update(businessId: string, patch: Partial<RhythmSettings>): Promise<RhythmSettings> {
    const before = await this.repo.get(businessId);
    const after: RhythmSettings = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
    await this.repo.put(businessId, after);
    const at = new Date();
    await this.jobs.enqueue(JobName.RhythmPassBusiness, { businessId, day: at.toISOString().slice(0, 10), reason: 'settings' }, { jobId: `rhythm-settings:${businessId}:${at.getTime()}` });
    return after;
  }
}
