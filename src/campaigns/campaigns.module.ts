import { Module } from '@nestjs/common';
import { ActionsModule } from '../actions';
import { SegmentsModule } from '../segments';
import { TasksModule } from '../tasks';
import { CampaignRepository } from './campaign.repository';
import { CampaignsController } from './campaigns.controller';
import { CampaignsProcessor } from './campaigns.processor';
import { CampaignsService } from './campaigns.service';

/** One-off campaigns (issue #5), HTTP side. */
@Module({ imports: [SegmentsModule, ActionsModule, TasksModule], controllers: [CampaignsController], providers: [CampaignRepository, CampaignsService], exports: [CampaignsService] })
export class CampaignsModule {}

/** One-off campaigns, worker side: the send job. */
@Module({ imports: [SegmentsModule, ActionsModule, TasksModule], providers: [CampaignRepository, CampaignsService, CampaignsProcessor] })
export class CampaignsWorkerModule {}
