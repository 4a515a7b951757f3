import { Module } from '@nestjs/common';
import { RiskAssessmentRepository } from './assessment/risk-assessment.repository';
import { RiskRunRepository } from './assessment/risk-run.repository';
import { EstimationRepository } from './estimation-runs/estimation.repository';
import { EstimationService } from './estimation-runs/estimation.service';
import { ClientHealthController } from './health/client-health.controller';
import { HealthEventsPublisher } from './health/health-events.publisher';
import { HealthRepository } from './health/health.repository';
import { HealthService } from './health/health.service';
import { RiskAssessmentService } from './risk-assessment.service';
import { RiskController } from './risk.controller';
import { RiskEventsPublisher } from './risk-events.publisher';
import { RiskProcessor } from './risk.processor';
import { RiskExamplesController } from './settings/risk-examples.controller';
import { RiskSettingsController } from './settings/risk-settings.controller';
import { RiskSettingsService } from './settings/risk-settings.service';
import { ClientStatusController } from './status/client-status.controller';
import { ClientStatusRepository } from './status/client-status.repository';

const PROVIDERS = [
  RiskAssessmentRepository,
  RiskRunRepository,
  RiskEventsPublisher,
  RiskAssessmentService,
  EstimationRepository,
  EstimationService,
  RiskSettingsService,
  HealthRepository,
  HealthEventsPublisher,
  HealthService,
];

/** Risk statuses (spec/risk.md), HTTP side. */
@Module({
  controllers: [RiskController, ClientStatusController, RiskSettingsController, RiskExamplesController, ClientHealthController],
  providers: [...PROVIDERS, ClientStatusRepository],
  exports: [RiskAssessmentService],
})
export class RiskModule {}

/** Risk statuses, worker side: schedule, fan-out, batches, re-assessment on ingest. */
@Module({ providers: [...PROVIDERS, RiskProcessor] })
export class RiskWorkerModule {}
