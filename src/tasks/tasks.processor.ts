import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Queue } from 'bull';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobQueue } from '../queue/job-queue.service';
import { JobName, QueueName } from '../queue/queue-names';
import { registerProcessor } from '../queue/register-processor';
import { TaskAutoCloseRepository } from './task-auto-close.repository';
import { TaskNotifierService } from './task-notifier.service';
import { scheduleWindow, startCronTick } from '../queue/cron-tick';

// A notification whose assignment is this old and still unsent lost its job; the sweep re-queues it.
const LOST_NOTIFICATION_SECONDS = 600;
const SWEEP_NOTIFICATIONS = 5000;

/** Worker side of tasks: notifications, auto-close, and the schedule that only enqueues. */
@Injectable()
export class TasksProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(TasksProcessor.name);

  constructor(
    @InjectQueue(QueueName.Tasks) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly notifier: TaskNotifierService,
    private readonly autoClose: TaskAutoCloseRepository,
    private readonly jobs: JobQueue,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    registerProcessor(this.queue, QueueName.Tasks, this.config.QUEUE_CONCURRENCY, {
      [JobName.TaskNotify]: ({ businessId, taskId }, job) => this.notifier.notify(businessId, taskId, job),
      [JobName.TasksAutoClose]: ({ businessId }) => this.closeReturned(businessId),
      [JobName.TasksSweep]: ({ window }) => this.sweep(window),
    });
    startCronTick(this.scheduler, 'tasks-sweep', this.config.TASKS_CRON, () => this.tick());
  }

  async tick(now = new Date()): Promise<void> {
    const window = scheduleWindow(now);
    await this.jobs.enqueue(JobName.TasksSweep, { window }, { jobId: `tasks-sweep:${window}` }).catch(() => undefined);
  }

  async closeReturned(businessId: string): Promise<number> {
    const closed = await this.autoClose.closeReturned(businessId);
    if (closed.length) this.logger.log(`business ${businessId}: ${closed.length} task(s) closed, client returned on their own`);
    return closed.length;
  }

  /** Fans out the auto-close backstop per business and re-queues notifications whose job was lost. */
  async sweep(window: string): Promise<{ businesses: number; notifications: number }> {
    const businesses = await this.autoClose.businessesWithOpenTasks();
    await this.jobs.enqueueBulk(
      JobName.TasksAutoClose,
      businesses.map((businessId) => ({ data: { businessId, window }, opts: { jobId: `tasks-auto-close:${businessId}:sweep:${window}` } })),
    );
    const lost = await this.autoClose.pendingNotifications(LOST_NOTIFICATION_SECONDS, SWEEP_NOTIFICATIONS);
    await this.jobs.enqueueBulk(
      JobName.TaskNotify,
      lost.map((n) => ({ data: { businessId: n.businessId, taskId: n.taskId }, opts: { jobId: `task-notify:${n.taskId}:${n.seq}:sweep:${window}` } })),
    );
    return { businesses: businesses.length, notifications: lost.length };
  }
}
