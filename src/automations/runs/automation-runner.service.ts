import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { BusinessRepository } from '../../business';
import { DomainError, ErrorCode } from '../../common/domain-error';
import { JobQueue } from '../../queue/job-queue.service';
import { JobName } from '../../queue/queue-names';
import { AutomationRepository } from '../automation.repository';
import { ClaimedRun, EnrollmentRepository, RunMove } from './enrollment.repository';
import { RunContext, StepConfigError, StepExecutor } from './step-executor';

/** Runs one step job claims at once (one dispatch / task batch / branch statement each). */
const RUN_BATCH = 1000;
/** How long a claim holds runs; a worker that dies leaves them due again after this. */
const LEASE_SECONDS = 300;
/** After a transient failure the runs are due again this soon (the job's retry, or the sweep). */
const RETRY_SECONDS = 5;
/** A wait's delayed job fires this long after the wake time, so the runs are due when it claims. */
const WAKE_MARGIN_MS = 1000;

/**
 * The step engine: claims a batch of runs due at one step of one automation and walks them
 * through every step that does not wait (send -> task -> branch -> ...), writing each run's new
 * position after every step, so a crash resumes from the last step written. Waits end the job:
 * the run's next_at is the wake time, and a delayed job (collapsed per automation, step and
 * second) picks it up; the sweep finds it if that job is lost.
 */
@Injectable()
export class AutomationRunner {
  private readonly logger = new Logger(AutomationRunner.name);

  constructor(
    private readonly automations: AutomationRepository,
    private readonly enrollments: EnrollmentRepository,
    private readonly businesses: BusinessRepository,
    private readonly steps: StepExecutor,
    private readonly jobs: JobQueue,
  ) {}

  async advance(businessId: string, automationId: string, stepIndex: number): Promise<{ claimed: number; moved: number }> {
    const automation = await this.automations.find(businessId, automationId);
    if (!automation || !automation.enabled || automation.archivedAt) return { claimed: 0, moved: 0 };
    const business = await this.businesses.findById(businessId);
    if (!business) return { claimed: 0, moved: 0 };
    const token = randomUUID();
    const claimed = await this.enrollments.claim(businessId, automationId, stepIndex, automation.stepsVersion, token, RUN_BATCH, LEASE_SECONDS);
    if (!claimed.length) return { claimed: 0, moved: 0 };

    const ctx: RunContext = { automation, timezone: business.timezone };
    const pending = new Map<number, ClaimedRun[]>([[stepIndex, claimed]]);
    const wakes = new Map<string, { index: number; at: Date }>();
    const ended: Record<string, number> = {};
    let moved = 0;
    try {
      // jumps only go forward, so the lowest index first merges runs that meet again
      while (pending.size) {
        const index = Math.min(...pending.keys());
        const runs = pending.get(index)!;
        pending.delete(index);
        const moves = await this.runStep(ctx, index, runs);
        const step = automation.steps[index];
        const done = await this.enrollments.move(businessId, token, { index, key: step?.key ?? '(end)' }, moves, LEASE_SECONDS);
        const byId = new Map(runs.map((r) => [r.id, r]));
        for (const m of moves) {
          if (!done.has(m.id)) continue;
          moved++;
          if (m.keep) {
            const next = pending.get(m.stepIndex) ?? [];
            next.push({ ...byId.get(m.id)!, prevState: 'active' });
            pending.set(m.stepIndex, next);
          } else if (m.state === 'waiting' && m.nextAt) {
            wakes.set(`${m.stepIndex}:${Math.ceil(m.nextAt.getTime() / 1000)}`, { index: m.stepIndex, at: m.nextAt });
          } else ended[m.state] = (ended[m.state] ?? 0) + 1;
        }
      }
    } catch (e) {
      await this.enrollments.release(businessId, token, RETRY_SECONDS).catch(() => undefined);
      throw e;
    }
    await this.scheduleWakes(businessId, automationId, [...wakes.values()]);
    // more runs may be due at this step than one batch holds
    if (claimed.length === RUN_BATCH) await this.kick(businessId, automationId, [stepIndex]);
    this.logger.log(`automation ${automationId} step ${stepIndex} (business ${businessId}): ${claimed.length} run(s) claimed, ${wakes.size} wake(s) scheduled, ended ${JSON.stringify(ended)}`);
    return { claimed: claimed.length, moved };
  }

  /** Enqueues a step job for each index (new runs, enable, the sweep). Duplicates are harmless: claims skip what others hold. */
  async kick(businessId: string, automationId: string, stepIndexes: number[], jobIdSuffix?: string): Promise<void> {
    await this.jobs.enqueueBulk(
      JobName.AutomationAdvance,
      [...new Set(stepIndexes)].map((stepIndex) => ({
        data: { businessId, automationId, stepIndex },
        opts: jobIdSuffix ? { jobId: `automation:${automationId}:step:${stepIndex}:${jobIdSuffix}` } : undefined,
      })),
    );
  }

  private async runStep(ctx: RunContext, index: number, runs: ClaimedRun[]): Promise<RunMove[]> {
    try {
      return await this.steps.run(ctx, index, runs);
    } catch (e) {
      // a step whose configuration no longer holds fails its runs instead of retrying forever
      if (e instanceof StepConfigError || (e instanceof DomainError && e.code === ErrorCode.Invalid)) {
        const reason = (e as Error).message.slice(0, 500);
        this.logger.warn(`automation ${ctx.automation.id} step ${index}: ${runs.length} run(s) failed: ${reason}`);
        return runs.map((r) => ({ id: r.id, state: 'failed', stepIndex: index, nextAt: null, exitReason: reason, keep: false, outcome: 'failed' }));
      }
      throw e;
    }
  }

  /**
   * Re-arms an automation after enable or a steps change: step jobs for runs due now, and wake
   * jobs for waits still ahead (their old jobs found the automation paused, or the old index).
   */
  async resume(businessId: string, automationId: string): Promise<void> {
    const due = await this.enrollments.dueSteps(businessId, automationId);
    if (due.length) await this.kick(businessId, automationId, due);
    await this.scheduleWakes(businessId, automationId, await this.enrollments.pendingWakes(businessId, automationId));
  }

  async scheduleWakes(businessId: string, automationId: string, wakes: Array<{ index: number; at: Date }>): Promise<void> {
    if (!wakes.length) return;
    try {
      await this.jobs.enqueueBulk(
        JobName.AutomationAdvance,
        wakes.map((w) => {
          const second = Math.ceil(w.at.getTime() / 1000);
          return {
            data: { businessId, automationId, stepIndex: w.index },
            opts: { jobId: `automation:${automationId}:wake:${w.index}:${second}`, delay: Math.max(0, second * 1000 + WAKE_MARGIN_MS - Date.now()) },
          };
        }),
      );
    } catch (e) {
      // the runs' next_at is stored: the sweep picks them up when they are due
      this.logger.warn(`automation ${automationId}: wake jobs not queued (${(e as Error).message}); the sweep will run them`);
    }
  }
}
