import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Queue } from 'bull';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JobQueue } from '../../queue/job-queue.service';
import { JobName, QueueName } from '../../queue/queue-names';
import { registerProcessor } from '../../queue/register-processor';
import { DeliverySweeper } from './delivery-sweeper';
import { DeliveryService } from './delivery.service';
import { scheduleWindow, startCronTick } from '../../queue/cron-tick';

/** Worker side of actions: one consumer per channel queue, and the housekeeping sweep. */
@Injectable()
export class DeliveryProcessor implements OnApplicationBootstrap {
  constructor(
    @InjectQueue(QueueName.DeliverEmail) private readonly email: Queue,
    @InjectQueue(QueueName.DeliverSms) private readonly sms: Queue,
    @InjectQueue(QueueName.DeliverMailchimp) private readonly mailchimp: Queue,
    @InjectQueue(QueueName.DeliverPush) private readonly push: Queue,
    @InjectQueue(QueueName.Actions) private readonly actions: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly delivery: DeliveryService,
    private readonly sweeper: DeliverySweeper,
    private readonly jobs: JobQueue,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const c = this.config.QUEUE_CONCURRENCY;
    registerProcessor(this.email, QueueName.DeliverEmail, c, { [JobName.DeliverEmail]: (data, job) => this.delivery.deliver('email', data, job) });
    registerProcessor(this.sms, QueueName.DeliverSms, c, { [JobName.DeliverSms]: (data, job) => this.delivery.deliver('sms', data, job) });
    registerProcessor(this.mailchimp, QueueName.DeliverMailchimp, c, { [JobName.DeliverMailchimp]: (data, job) => this.delivery.deliver('mailchimp', data, job) });
    registerProcessor(this.push, QueueName.DeliverPush, c, { [JobName.DeliverPush]: (data, job) => this.delivery.deliver('push', data, job) });
    registerProcessor(this.actions, QueueName.Actions, 1, { [JobName.ActionsSweep]: () => this.sweeper.sweep() });
    startCronTick(this.scheduler, 'actions-sweep', '*/5 * * * *', () => this.tick());
  }

  async tick(now = new Date()): Promise<void> {
    const window = scheduleWindow(now);
    await this.jobs.enqueue(JobName.ActionsSweep, { window }, { jobId: `actions-sweep:${window}` }).catch(() => undefined);
  }
}
