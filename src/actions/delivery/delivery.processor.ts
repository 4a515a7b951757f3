import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JobQueue } from '../../queue/job-queue.service';
import { JobName, QueueName } from '../../queue/queue-names';
import { registerProcessor } from '../../queue/register-processor';
import { DeliverySweeper } from './delivery-sweeper';
import { DeliveryService } from './delivery.service';
import { scheduleWindow, startCronTick } from '../../queue/cron-tick';

/**
 * Worker side of actions: one consumer per channel queue, the housekeeping sweep, and the
 * recovery of delivery jobs Redis lost (docs/reliability.md "Outages").
 */
@Injectable()
export class DeliveryProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('delivery');
  // A key every worker sets once (NX) in the queues' Redis: a Redis that comes back without it
  // lost its data (restarted without persistence), and with it every queued delivery job.
  private readonly epochKey: string;
  private epoch: string | undefined;
  private checking: Promise<void> | undefined;
  private readonly onReady = () => void this.checkRedisEpoch();

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
  ) {
    this.epochKey = `${config.QUEUE_PREFIX}:delivery-epoch`;
  }

  onApplicationBootstrap(): void {
    const c = this.config.QUEUE_CONCURRENCY;
    registerProcessor(this.email, QueueName.DeliverEmail, c, { [JobName.DeliverEmail]: (data, job) => this.delivery.deliver('email', data, job) });
    registerProcessor(this.sms, QueueName.DeliverSms, c, { [JobName.DeliverSms]: (data, job) => this.delivery.deliver('sms', data, job) });
    registerProcessor(this.mailchimp, QueueName.DeliverMailchimp, c, { [JobName.DeliverMailchimp]: (data, job) => this.delivery.deliver('mailchimp', data, job) });
    registerProcessor(this.push, QueueName.DeliverPush, c, { [JobName.DeliverPush]: (data, job) => this.delivery.deliver('push', data, job) });
    registerProcessor(this.actions, QueueName.Actions, 1, { [JobName.ActionsSweep]: () => this.sweeper.sweep() });
    startCronTick(this.scheduler, 'actions-sweep', '*/5 * * * *', () => this.tick());
    this.email.client.on('ready', this.onReady);
    void this.checkRedisEpoch();
  }

  onModuleDestroy(): void {
    this.email.client.off('ready', this.onReady);
  }

  /**
   * At boot, and whenever the queue connection is ready again: a Redis that has lost the epoch
   * key this process saw lost every delayed and waiting delivery job with it. The sweeper would
   * find their touches only after 30 minutes; the first worker to set a new key enqueues them
   * all again now (the others see its key and do nothing). Not knowing the key yet (booting) is
   * not a loss: the key is only set then.
   */
  checkRedisEpoch(): Promise<void> {
    this.checking ??= this.compareEpoch()
      .catch((e: Error) => this.logger.warn(`could not check whether Redis kept its delivery jobs: ${e.message}`))
      .finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async compareEpoch(): Promise<void> {
    const redis = this.email.client;
    const seen = this.epoch;
    const fresh = randomUUID();
    const created = (await redis.set(this.epochKey, fresh, 'NX')) === 'OK';
    this.epoch = created ? fresh : ((await redis.get(this.epochKey)) ?? undefined);
    if (!created || seen === undefined) return;
    const requeued = await this.sweeper.requeueAll();
    this.logger.warn(`Redis came back without its data: ${requeued} queued or deferred touch(es) enqueued again`);
  }

  async tick(now = new Date()): Promise<void> {
    const window = scheduleWindow(now);
    await this.jobs.enqueue(JobName.ActionsSweep, { window }, { jobId: `actions-sweep:${window}` }).catch(() => undefined);
  }
}
