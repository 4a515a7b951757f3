import { Module } from '@nestjs/common';
import { ActionsModule, ActionsWorkerModule } from '../actions';
import { RhythmModule } from '../rhythm';
import { ReconnectContactRepository } from './reconnect-contact.repository';
import { ReconnectController } from './reconnect.controller';
import { ReconnectDispatch } from './reconnect-dispatch';
import { ReconnectFollowUpService } from './reconnect-follow-up.service';
import { ReconnectFollowUpTick } from './reconnect-follow-up.tick';
import { ReconnectReportService } from './reconnect-report.service';
import { ReconnectSettingsRepository } from './reconnect-settings.repository';
import { ReconnectService } from './reconnect.service';

/** Reconnect (docs/reconnect.md), HTTP side: settings, templates, the button, the report. */
@Module({
  imports: [ActionsModule, RhythmModule],
  controllers: [ReconnectController],
  providers: [ReconnectSettingsRepository, ReconnectContactRepository, ReconnectDispatch, ReconnectService, ReconnectReportService],
})
export class ReconnectModule {}

/** Reconnect, worker side: the follow-up and judging tick. */
@Module({
  imports: [ActionsWorkerModule],
  providers: [ReconnectSettingsRepository, ReconnectContactRepository, ReconnectDispatch, ReconnectFollowUpService, ReconnectFollowUpTick],
  exports: [ReconnectFollowUpService, ReconnectFollowUpTick],
})
export class ReconnectWorkerModule {}
