import { InjectQueue } from '@nestjs/bull';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Queue } from 'bull';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobQueue } from '../queue/job-queue.service';
import { JobName, QueueName } from '../queue/queue-names';
import { registerProcessor } from '../queue/register-processor';
import { AutomationRepository } from './automation.repository';
import { nextRunAt } from './definition/schedule';
import { AutomationEnroller } from './runs/automation-enroller.service';
import { AutomationRunner } from './runs/automation-runner.service';
import { DoorAlertsService } from './runs/door-alerts.service';
import { EnrollmentRepository } from './runs/enrollment.repository';
import { scheduleWindow, startCronTick } from '../queue/cron-tick';

/** Runs due this long ago without a worker on them have lost their job (the sweep re-queues them). */
const LOST_AFTER_SECONDS = 30;

/**
 * Worker side of automations: the one consumer of the automations queue (step jobs, schedule
 * ticks, visits for door alerts) and the minute tick that only enqueues. The facts triggers
 * match on arrive as domain events (AutomationsListeners).
 */
@Injectable()
export class AutomationsProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(AutomationsProcessor.name);

  constructor(
    @InjectQueue(QueueName.Automations) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly enroller: AutomationEnroller,
    private readonly runner: AutomationRunner,
    private readonly doors: DoorAlertsService,
    private readonly automations: AutomationRepository,
    private readonly enrollments: EnrollmentRepository,
    private readonly jobs: JobQueue,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    registerProcessor(this.queue, QueueName.Automations, this.config.QUEUE_CONCURRENCY, {
      [JobName.AutomationAdvance]: ({ businessId, automationId, stepIndex }) => this.runner.advance(businessId, automationId, stepIndex),
      [JobName.AutomationScheduleRun]: (p) => this.enroller.scheduleTick(p),
      [JobName.AutomationsTick]: ({ window }) => this.sweep(window),
      [JobName.ClientsVisited]: ({ businessId, clientIds }) => this.doors.visitsArrived(businessId, clientIds),
    });
    startCronTick(this.scheduler, 'automations-tick', this.config.AUTOMATIONS_CRON, () => this.tick());
  }

  async tick(now = new Date()): Promise<void> {
    const window = scheduleWindow(now);
    await this.jobs.enqueue(JobName.AutomationsTick, { window }, { jobId: `automations-tick:${window}` }).catch(() => undefined);
  }

  /** Due schedule ticks, step jobs that were lost, door alerts whose visit job was lost. */
  async sweep(window: string, now = new Date()): Promise<{ schedules: number; lost: number }> {
    let schedules = 0;
    for (const s of await this.automations.claimDueSchedules(now)) {
      // a worker down for a while runs the missed tick once, then carries on from now
      const next = nextRunAt(s.cron, s.timezone, new Date(Math.max(now.getTime(), s.tick.getTime())));
      const tick = s.tick.toISOString();
      // queued before the schedule moves on (a failed enqueue leaves the tick due); the job id
      // collapses a tick two sweeps both saw
      await this.jobs.enqueue(JobName.AutomationScheduleRun, { businessId: s.businessId, automationId: s.id, tick }, { jobId: `automation:${s.id}:schedule:${tick}` });
      if (await this.automations.advanceSchedule(s.businessId, s.id, s.tickExact, next)) schedules++;
    }
    const lost = await this.enrollments.lostSteps(LOST_AFTER_SECONDS);
    for (const l of lost) await this.runner.kick(l.businessId, l.automationId, [l.stepIndex], `sweep:${window}`);
    const doors = await this.doors.sweep();
    if (schedules || lost.length || doors.visits || doors.tasks) {
      this.logger.log(`sweep ${window}: ${schedules} schedule tick(s), ${lost.length} lost step job(s) re-queued, ${doors.visits} door alert(s) fired late, ${doors.tasks} task(s) re-raised`);
    }
    return { schedules, lost: lost.length };
  }
}
