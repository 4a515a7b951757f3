import { Module } from '@nestjs/common';
import { RiskAssessmentRepository } from './assessment/risk-assessment.repository';
import { RiskRunRepository } from './assessment/risk-run.repository';
import { RiskAssessmentService } from './risk-assessment.service';
import { RiskController } from './risk.controller';
import { RiskEventsPublisher } from './risk-events.publisher';
import { RiskProcessor } from './risk.processor';

const PROVIDERS = [RiskAssessmentRepository, RiskRunRepository, RiskEventsPublisher, RiskAssessmentService];

/** Risk statuses (spec/risk.md), HTTP side. */
@Module({ controllers: [RiskController], providers: PROVIDERS, exports: [RiskAssessmentService] })
export class RiskModule {}

/** Risk statuses, worker side: schedule, fan-out, batches, re-assessment on ingest. */
@Module({ providers: [...PROVIDERS, RiskProcessor] })
export class RiskWorkerModule {}
