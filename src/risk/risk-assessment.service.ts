import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { chunk } from '../database/chunk';
import { JobQueue } from '../queue/job-queue.service';
import { JobName } from '../queue/queue-names';
import { AssessmentParams } from './assessment/assessment-sql';
import { RiskSettingsService } from './settings/risk-settings.service';
import { AssessmentResult, RiskAssessmentRepository } from './assessment/risk-assessment.repository';
import { RiskRunRepository } from './assessment/risk-run.repository';
import { RiskEventsPublisher } from './risk-events.publisher';
import { HealthService } from './health/health.service';

/**
 * Runs assessments: scheduled passes fanned out in batches, a pass on demand for one
 * business, and re-assessment of just the clients an ingest touched.
 */
@Injectable()
export class RiskAssessmentService {
  private readonly logger = new Logger(RiskAssessmentService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly assessments: RiskAssessmentRepository,
    private readonly runs: RiskRunRepository,
    private readonly events: RiskEventsPublisher,
    private readonly jobs: JobQueue,
    private readonly settings: RiskSettingsService,
    private readonly health: HealthService,
  ) {}

  // Per-business rule numbers; the defaults of risk.md until a business changes them.
  private params(businessId: string): Promise<AssessmentParams> {
    return this.settings.assessmentParams(businessId);
  }

  async planAll(window: string): Promise<number> {
    const ids = await this.runs.businessIds();
    for (const part of chunk(ids, 1000)) {
      await this.jobs.enqueueBulk(
        JobName.RiskAssessBusiness,
        part.map((businessId) => ({ data: { businessId, window }, opts: { jobId: `risk:${businessId}:${window}` } })),
      );
    }
    return ids.length;
  }

  /** Splits a business into batch jobs, once per window however many workers ask. */
  async planBusiness(businessId: string, window: string): Promise<number> {
    if (!(await this.runs.claim(businessId, window))) return 0;
    const ranges = await this.runs.ranges(businessId, this.config.RISK_BATCH_SIZE);
    await this.runs.setTotal(businessId, window, ranges.length);
    for (const part of chunk(ranges, 1000)) {
      await this.jobs.enqueueBulk(
        JobName.RiskAssessBatch,
        part.map((r) => ({ data: { businessId, window, ...r }, opts: { jobId: `risk:${businessId}:${window}:${r.fromId}` } })),
      );
    }
    return ranges.length;
  }

  async assessBatch(businessId: string, window: string, fromId: string, toId: string): Promise<AssessmentResult> {
    const result = await this.assessments.assess(businessId, { fromId, toId }, await this.params(businessId));
    await this.events.statusChanged(businessId, result.changes, 'rule');
    await this.runs.batchDone(businessId, window, result.changes.length);
    // the health score follows as its own job: statuses are never held up by it
    await this.jobs.enqueue(JobName.HealthBatch, { businessId, fromId, toId }, { jobId: `health:${businessId}:${window}:${fromId}` });
    this.logger.log(`business ${businessId}: assessed ${result.assessed} clients, ${result.changes.length} status changes`);
    return result;
  }

  /**
   * Re-assesses the clients an ingest changed (risk.md: within seconds of the event), then
   * recomputes their health score (one statement for the ids, the cached business median) and
   * emits its band changes and usage drops. Statuses first: the health statement never delays
   * them. healthIds defaults to the same clients (an invoice changes health, not the status).
   */
  async assessClients(businessId: string, clientIds: string[], healthIds: string[] = clientIds): Promise<AssessmentResult> {
    const result = clientIds.length
      ? await this.assessments.assess(businessId, { ids: clientIds }, await this.params(businessId), { reason: 'event' })
      : { assessed: 0, rowsWritten: 0, rowsRemoved: 0, changes: [] };
    await this.events.statusChanged(businessId, result.changes, 'event');
    if (healthIds.length) await this.health.compute(businessId, { ids: healthIds });
    return result;
  }

  /** A full pass for one business now, batch by batch in this process. */
  async assessBusinessNow(businessId: string): Promise<{ assessed: number; changes: number; statuses: Record<string, number> }> {
    let assessed = 0;
    let changes = 0;
    const params = await this.params(businessId);
    for (const r of await this.runs.ranges(businessId, this.config.RISK_BATCH_SIZE)) {
      const result = await this.assessments.assess(businessId, r, params);
      await this.events.statusChanged(businessId, result.changes, 'rule');
      assessed += result.assessed;
      changes += result.changes.length;
      // the health score follows as jobs, as after a scheduled batch: the answer is not held up by it
      await this.jobs.enqueue(JobName.HealthBatch, { businessId, fromId: r.fromId, toId: r.toId });
    }
    return { assessed, changes, statuses: await this.runs.statusCounts(businessId) };
  }
}
