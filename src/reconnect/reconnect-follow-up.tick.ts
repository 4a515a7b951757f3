import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { startCronTick } from '../queue/cron-tick';
import { ReconnectContactRepository } from './reconnect-contact.repository';
import { ReconnectFollowUpService } from './reconnect-follow-up.service';

/** Every ten minutes (UTC). Every worker ticks; the claim in SQL lets one of them send each follow-up. */
const FOLLOW_UP_CRON = '*/10 * * * *';

@Injectable()
export class ReconnectFollowUpTick implements OnApplicationBootstrap {
  constructor(
    private readonly followUps: ReconnectFollowUpService,
    private readonly contacts: ReconnectContactRepository,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    startCronTick(this.scheduler, 'reconnect-follow-ups', FOLLOW_UP_CRON, () => this.tick().catch(() => undefined));
  }

  /** Judges successes first (so the follow-up reports read settled figures), then sends due follow-ups. */
  async tick(now = new Date()): Promise<void> {
    for (const businessId of await this.contacts.businessesToJudge(now)) await this.contacts.judge(businessId);
    await this.followUps.sendDue(now);
  }
}
