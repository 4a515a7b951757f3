import { Injectable } from '@nestjs/common';
import { ActionsService } from '../../actions';
import { variantFor } from '../../campaigns';
import { SegmentsService } from '../../segments';
import { TasksService } from '../../tasks';
import { AutomationRow } from '../automation.repository';
import { automationSalt, AutomationStep, BranchStep, DoorAlertStep, JumpTarget, SendStep, stepOrigin, TaskStep, WaitStep } from '../automation.types';
import { parseBranchCondition } from '../definition/branch-condition';
import { BranchRepository } from './branch.repository';
import { DoorAlertRepository } from './door-alert.repository';
import { ClaimedRun, EnrollmentRepository, RunMove } from './enrollment.repository';

/** What one step job knows while it walks a batch of runs. */
export interface RunContext {
  automation: AutomationRow;
  timezone: string;
}

/** A step's configuration no longer holds (a stored condition the catalogue refuses, a staff member gone): the runs fail. */
export class StepConfigError extends Error {}

type Destination = Omit<RunMove, 'id' | 'outcome'>;

/** Where a run goes from step `from` to `target` (jumps only go forward: validated on save). */
export function destination(steps: readonly AutomationStep[], from: number, target: JumpTarget = 'next'): Destination {
  if (target === 'exit') return { state: 'exited', stepIndex: from, nextAt: null, exitReason: 'branch', keep: false };
  const to = target === 'next' ? from + 1 : steps.findIndex((s) => s.key === target);
  if (to < 0 || to >= steps.length) return { state: 'done', stepIndex: steps.length, nextAt: null, exitReason: null, keep: false };
  return { state: 'active', stepIndex: to, nextAt: null, exitReason: null, keep: true };
}

/**
 * One step for a batch of runs, set-based: one dispatch per variant (and entry number), one task
 * batch, one branch statement. Holdout runs walk every step like the others (waits and branches
 * included, so their timing matches) but nothing reaches them: their log says 'holdout'.
 */
@Injectable()
export class StepExecutor {
  constructor(
    private readonly actions: ActionsService,
    private readonly tasks: TasksService,
    private readonly segments: SegmentsService,
    private readonly enrollments: EnrollmentRepository,
    private readonly branches: BranchRepository,
    private readonly doors: DoorAlertRepository,
  ) {}

  async run(ctx: RunContext, index: number, runs: ClaimedRun[]): Promise<RunMove[]> {
    const steps = ctx.automation.steps;
    const step = steps[index];
    if (!step) return runs.map((r) => ({ id: r.id, state: 'done', stepIndex: steps.length, nextAt: null, exitReason: null, keep: false, outcome: null }));
    const onward = destination(steps, index);
    const acted = (outcome: 'sent' | 'task' | 'armed') => runs.map((r) => ({ id: r.id, ...onward, outcome: r.holdout ? ('holdout' as const) : outcome }));
    switch (step.type) {
      case 'send':
        await this.send(
          ctx,
          step,
          runs.filter((r) => !r.holdout),
        );
        return acted('sent');
      case 'task': {
        // sleeping members get no task (a call is a reminder too); their runs move on
        const reached = runs.filter((r) => !r.holdout);
        const sleeping = await this.actions.sleepingAmong(
          ctx.automation.businessId,
          reached.map((r) => r.clientId),
        );
        await this.task(
          ctx,
          step,
          reached.filter((r) => !sleeping.has(r.clientId)),
        );
        return acted('task').map((m, i) => (m.outcome === 'task' && sleeping.has(runs[i].clientId) ? { ...m, outcome: 'sleeping' as const } : m));
      }
      case 'door_alert':
        await this.arm(
          ctx,
          step,
          index,
          runs.filter((r) => !r.holdout),
        );
        return acted('armed');
      case 'wait':
        return this.wait(ctx, step, index, runs);
      case 'branch':
        return this.branch(ctx, step, index, runs);
      case 'exit':
        return runs.map((r) => ({ id: r.id, state: 'exited', stepIndex: index, nextAt: null, exitReason: 'exit_step', keep: false, outcome: 'exit' }));
    }
  }

  private async send(ctx: RunContext, step: SendStep, runs: ClaimedRun[]): Promise<void> {
    const a = ctx.automation;
    const groups = new Map<string, { variant: SendStep['variants'][number]; entryNo: number; clientIds: string[] }>();
    for (const r of runs) {
      const variant = variantFor(automationSalt(a.id), step.key, r.clientId, step.variants);
      const k = `${variant.key}:${r.entryNo}`;
      const g = groups.get(k) ?? { variant, entryNo: r.entryNo, clientIds: [] };
      g.clientIds.push(r.clientId);
      groups.set(k, g);
    }
    for (const g of groups.values()) {
      await this.actions.dispatch({
        businessId: a.businessId,
        origin: stepOrigin(a.id, step, g.entryNo),
        channel: step.channel,
        template: g.variant.template,
        clientIds: g.clientIds,
        quietHours: step.quietHours,
        marketing: true,
        automated: true,
        variant: step.variants.length > 1 ? g.variant.key : undefined,
        automationId: a.id,
        stepKey: step.key,
      });
    }
  }

  private async task(ctx: RunContext, step: TaskStep, runs: ClaimedRun[]): Promise<void> {
    const a = ctx.automation;
    for (const [entryNo, clientIds] of byEntry(runs)) {
      await this.tasks
        .create({
          businessId: a.businessId,
          clientIds,
          reason: step.reason,
          reasonKey: `automation:${a.id}:${step.key}`,
          instructions: step.instructions,
          due: { inDays: step.dueInDays },
          priority: step.priority,
          assignment: { mode: step.assignTo, staffId: step.staffId, teamId: step.teamId },
          createdBy: 'automation',
          origin: stepOrigin(a.id, step, entryNo),
        })
        .catch(asConfigError);
    }
  }

  private async arm(ctx: RunContext, step: DoorAlertStep, index: number, runs: ClaimedRun[]): Promise<void> {
    const a = ctx.automation;
    await this.doors.arm(
      a.businessId,
      a.id,
      { index, key: step.key, withinDays: step.withinDays },
      runs.map((r) => ({ enrollmentId: r.id, clientId: r.clientId, origin: stepOrigin(a.id, step, r.entryNo) })),
    );
  }

  private async wait(ctx: RunContext, step: WaitStep, index: number, runs: ClaimedRun[]): Promise<RunMove[]> {
    const onward = destination(ctx.automation.steps, index);
    const arriving = runs.filter((r) => r.prevState !== 'waiting');
    // everyone arriving in this batch arrives now: one wake time for all of them
    const wake = arriving.length ? await this.enrollments.wakeAt(step.seconds, step.atLocalTime, ctx.timezone) : null;
    const due = wake !== null && wake.getTime() <= Date.now() + 500;
    return runs.map((r): RunMove => {
      if (r.prevState === 'waiting' || due) return { id: r.id, ...onward, outcome: 'waited' };
      return { id: r.id, state: 'waiting', stepIndex: index, nextAt: wake, exitReason: null, keep: false, outcome: null };
    });
  }

  private async branch(ctx: RunContext, step: BranchStep, index: number, runs: ClaimedRun[]): Promise<RunMove[]> {
    const a = ctx.automation;
    const { tree, problems } = parseBranchCondition(step.condition, 'condition');
    if (!tree) throw new StepConfigError(`step ${step.key}: ${problems.map((p) => `${p.path}: ${p.reason}`).join('; ')}`);
    const scope = await this.segments.scope(a.businessId);
    const yes = await this.branches.matching(
      scope,
      runs.map((r) => r.id),
      tree,
    );
    const [whenTrue, whenFalse] = [destination(a.steps, index, step.then), destination(a.steps, index, step.else)];
    return runs.map((r) => (yes.has(r.id) ? { id: r.id, ...whenTrue, outcome: 'branch_true' } : { id: r.id, ...whenFalse, outcome: 'branch_false' }));
  }
}

function byEntry(runs: ClaimedRun[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const r of runs) {
    const ids = out.get(r.entryNo) ?? [];
    ids.push(r.clientId);
    out.set(r.entryNo, ids);
  }
  return out;
}

/** The tasks facade answers bad input (a staff member no longer active, a team gone) with a 400. */
function asConfigError(e: unknown): never {
  const status = (e as { getStatus?: () => number }).getStatus?.();
  if (status === 400) {
    const body = (e as { getResponse(): { message?: string } }).getResponse();
    throw new StepConfigError(body?.message ?? (e as Error).message);
  }
  throw e;
}
