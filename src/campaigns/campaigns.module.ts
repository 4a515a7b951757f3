import { Module } from '@nestjs/common';
import { ActionsModule, ActionsWorkerModule } from '../actions';
import { SegmentsModule, SegmentsWorkerModule } from '../segments';
import { TasksModule, TasksWorkerModule } from '../tasks';
import { CampaignAudienceRepository } from './campaign-audience.repository';
import { CampaignPreSendController } from './campaign-pre-send.controller';
import { CampaignPreSendService } from './campaign-pre-send.service';
import { CampaignRepository } from './campaign.repository';
import { CampaignsController } from './campaigns.controller';
import { CampaignsProcessor } from './campaigns.processor';
import { CampaignsService } from './campaigns.service';

/** One-off campaigns (issue #5), HTTP side. */
@Module({
  imports: [SegmentsModule, ActionsModule, TasksModule],
  controllers: [CampaignsController, CampaignPreSendController],
  providers: [CampaignRepository, CampaignsService, CampaignAudienceRepository, CampaignPreSendService],
  exports: [CampaignsService],
})
export class CampaignsModule {}

/** One-off campaigns, worker side: the send job (with the worker sides of what it uses: no controllers). */
@Module({ imports: [SegmentsWorkerModule, ActionsWorkerModule, TasksWorkerModule], providers: [CampaignRepository, CampaignAudienceRepository, CampaignsService, CampaignsProcessor] })
export class CampaignsWorkerModule {}
