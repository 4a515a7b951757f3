import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Queue } from 'bull';
import { ClientChange, ChangeKind } from '../clients';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainEvents } from '../queue/domain-events';
import { JobQueue } from '../queue/job-queue.service';
import { JobName, QueueName } from '../queue/queue-names';
import { registerProcessor } from '../queue/register-processor';
import { RiskRunRepository } from './assessment/risk-run.repository';
import { EstimationService } from './estimation-runs/estimation.service';
import { HealthService } from './health/health.service';
import { RiskAssessmentService } from './risk-assessment.service';
import { scheduleWindow, startCronTick } from '../queue/cron-tick';

// What an ingest changed that can change a status (risk.md: visits, bookings, subscriptions,
// cancellations; quotas and freezes decide the active package; client rows the member flag).
const REASSESS_ON: ReadonlySet<ChangeKind> = new Set<ChangeKind>(['client', 'visit', 'booking', 'subscription', 'freeze', 'quota']);
// The health score also reads invoices (the payments signal).
const HEALTH_ON: ReadonlySet<ChangeKind> = new Set<ChangeKind>([...REASSESS_ON, 'invoice']);
const changedBy = (changes: ClientChange[], kinds: ReadonlySet<ChangeKind>) => changes.filter((c) => c.kinds.some((k) => kinds.has(k))).map((c) => c.clientId);

/** Worker side of risk: the schedule, the fan-out, the batches, and re-assessment on ingest. */
@Injectable()
export class RiskProcessor implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    @InjectQueue(QueueName.Risk) private readonly riskQueue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly risk: RiskAssessmentService,
    private readonly jobs: JobQueue,
    private readonly scheduler: SchedulerRegistry,
    private readonly estimation: EstimationService,
    private readonly health: HealthService,
    private readonly runs: RiskRunRepository,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.events.on(JobName.ClientsChanged, 'risk', async ({ businessId, changes }) => {
      const health = changedBy(changes, HEALTH_ON);
      return health.length ? this.risk.assessClients(businessId, changedBy(changes, REASSESS_ON), health) : undefined;
    });
  }

  onApplicationBootstrap(): void {
    registerProcessor(this.riskQueue, QueueName.Risk, this.config.QUEUE_CONCURRENCY, {
      [JobName.RiskAssessAll]: ({ window }) => this.risk.planAll(window),
      [JobName.RiskAssessBusiness]: ({ businessId, window }) => this.risk.planBusiness(businessId, window),
      [JobName.RiskAssessBatch]: ({ businessId, window, fromId, toId }) => this.risk.assessBatch(businessId, window, fromId, toId),
      [JobName.HealthBatch]: ({ businessId, fromId, toId }) => this.health.compute(businessId, { fromId, toId }),
      [JobName.EstimationRefitAll]: async ({ day }) => {
        const ids = await this.runs.businessIds();
        await this.jobs.enqueueBulk(
          JobName.EstimationRefitBusiness,
          ids.map((businessId) => ({ data: { businessId, day }, opts: { jobId: `bgnbd:${businessId}:${day}` } })),
        );
        return ids.length;
      },
      [JobName.EstimationRefitBusiness]: ({ businessId }) => this.estimation.refit(businessId),
    });
    startCronTick(this.scheduler, 'risk-assessment', this.config.RISK_CRON, () => this.tick());
    startCronTick(this.scheduler, 'bgnbd-refit', this.config.ESTIMATION_CRON, () => this.refitTick());
  }

  async refitTick(now = new Date()): Promise<void> {
    const day = now.toISOString().slice(0, 10);
    await this.jobs.enqueue(JobName.EstimationRefitAll, { day }, { jobId: `bgnbd-plan:${day}` }).catch(() => undefined);
  }

  async tick(now = new Date()): Promise<void> {
    const window = scheduleWindow(now);
    await this.jobs.enqueue(JobName.RiskAssessAll, { window }, { jobId: `risk-plan:${window}` }).catch(() => undefined);
  }
}
