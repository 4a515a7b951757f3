import { Module } from '@nestjs/common';
import { SegmentQueryRepository } from './evaluation/segment-query.repository';
import { SegmentScopeService } from './evaluation/segment-scope.service';
import { SegmentEventsPublisher } from './membership/segment-events.publisher';
import { SegmentMembershipRepository } from './membership/segment-membership.repository';
import { SegmentTransitionsRepository } from './membership/segment-transitions.repository';
import { SegmentRepository } from './saved/segment.repository';
import { BillingSettingsController, SegmentsController } from './segments.controller';
import { SegmentsListeners } from './segments.listeners';
import { SegmentsProcessor } from './segments.processor';
import { SegmentsService } from './segments.service';

const PROVIDERS = [SegmentScopeService, SegmentQueryRepository, SegmentRepository, SegmentMembershipRepository, SegmentTransitionsRepository, SegmentEventsPublisher, SegmentsService];

/** Segments (spec/segments.md), HTTP side: catalogue, preview, explain, saved segments. */
@Module({ controllers: [SegmentsController, BillingSettingsController], providers: PROVIDERS, exports: [SegmentsService] })
export class SegmentsModule {}

/** Segments, worker side: scheduled and debounced recomputes, entered/exited events. */
@Module({ providers: [...PROVIDERS, SegmentsProcessor, SegmentsListeners], exports: [SegmentsService] })
export class SegmentsWorkerModule {}
