import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bull';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobName, QueueName } from '../queue/queue-names';
import { registerProcessor } from '../queue/register-processor';
import { CampaignsService } from './campaigns.service';

@Injectable()
export class CampaignsProcessor implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QueueName.Campaigns) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly campaigns: CampaignsService,
  ) {}

  onApplicationBootstrap(): void {
    registerProcessor(this.queue, QueueName.Campaigns, this.config.QUEUE_CONCURRENCY, {
      [JobName.CampaignSend]: ({ businessId, campaignId }) => this.campaigns.runSend(businessId, campaignId),
    });
  }
}
