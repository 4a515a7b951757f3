import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { startCronTick } from '../../../queue/cron-tick';
import { MailchimpActivityService } from './mailchimp-activity.service';
import { MailchimpEngagementRepository } from './mailchimp-engagement.repository';

/**
 * Worker side: every hour, each business with a Mailchimp campaign announced in the last 30 days
 * has its campaigns' email activity pulled (MailchimpActivityService). Several workers tick at
 * once; the first to claim a business for the hour pulls it, the others skip it. One business's
 * failure (a revoked key, Mailchimp down) is logged and does not stop the others.
 */
@Injectable()
export class MailchimpActivityScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('mailchimp-activity');

  constructor(
    private readonly scheduler: SchedulerRegistry,
    private readonly repo: MailchimpEngagementRepository,
    private readonly activity: MailchimpActivityService,
  ) {}

  onApplicationBootstrap(): void {
    startCronTick(this.scheduler, 'mailchimp-activity', '17 * * * *', () => this.tick());
  }

  /** Returns the businesses this process pulled. */
  async tick(now = new Date()): Promise<string[]> {
    const hourStart = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
    const pulled: string[] = [];
    try {
      for (const businessId of await this.repo.claimPulls(hourStart, now)) {
        try {
          await this.activity.pull(businessId, now);
          pulled.push(businessId);
        } catch (e) {
          this.logger.warn({ businessId, err: (e as Error).message }, 'Mailchimp email activity could not be read');
        }
      }
    } catch (e) {
      this.logger.warn({ err: (e as Error).message }, 'Mailchimp activity tick failed');
    }
    return pulled;
  }
}
