import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BusinessRepository } from '../business';
import { DEFAULT_GOAL, DEFAULT_HOLDOUT_PERCENT } from '../campaigns';
import { AutomationRepository } from './automation.repository';
import { AutomationTrigger, Reentry } from './automation.types';
import { automationArchived, automationNotFound, invalidAutomation } from './automations.errors';
import { assignRevs } from './definition/automation-definition';
import { DefinitionChecker } from './definition/definition-checker.service';
import { nextRunAt } from './definition/schedule';
import { CreateAutomationDto, ListAutomationsQuery, ReentryDto, UpdateAutomationDto } from './dto/automation.dto';
import { PlaybookService } from './playbook/playbook.service';
import { presentAutomation, presentProgress } from './automation.presenter';
import { AutomationRunner } from './runs/automation-runner.service';
import { EnrollmentRepository } from './runs/enrollment.repository';

/** Automations facade for the API (docs/automations.md): definitions, enable / pause / archive, progress. */
@Injectable()
export class AutomationsService {
  private readonly logger = new Logger(AutomationsService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly automations: AutomationRepository,
    private readonly enrollments: EnrollmentRepository,
    private readonly checker: DefinitionChecker,
    private readonly businesses: BusinessRepository,
    private readonly playbook: PlaybookService,
    private readonly runner: AutomationRunner,
  ) {}

  async create(businessId: string, dto: CreateAutomationDto) {
    const { trigger, steps } = await this.checker.check(businessId, { trigger: dto.trigger, steps: dto.steps });
    const enabled = dto.enabled ?? false;
    const row = await this.automations.create(businessId, {
      name: dto.name,
      trigger: trigger!,
      steps: steps!,
      reentry: reentry(dto.reentry),
      goal: dto.goal ? { kind: dto.goal.kind, withinDays: dto.goal.withinDays } : DEFAULT_GOAL,
      holdoutPercent: dto.holdoutPercent ?? DEFAULT_HOLDOUT_PERCENT,
      enabled,
      nextRunAt: enabled ? await this.nextRun(businessId, trigger!) : null,
    });
    // the segment was archived between the check and the insert
    if (!row) throw invalidAutomation([{ path: 'trigger.segmentId', reason: 'no such segment' }]);
    return presentAutomation(row);
  }

  /** Lists the business's automations; a business that never had the default playbook gets it first (disabled). */
  async list(businessId: string, q: ListAutomationsQuery) {
    await this.playbook.ensure(businessId).catch((e: Error) => this.logger.warn(`business ${businessId}: playbook not installed (${e.message})`));
    const rows = await this.automations.list(businessId, q.archived === 'true', q.limit ?? 200);
    // runs per automation in one grouped read, so the list page shows them without a request each
    const totals = new Map(
      (
        await this.enrollments.runTotals(
          businessId,
          rows.map((r) => r.id),
        )
      ).map((t) => [t.automationId, t]),
    );
    return { items: rows.map((r) => ({ ...presentAutomation(r), runs: { enrolled: totals.get(String(r.id))?.enrolled ?? 0, inFlight: totals.get(String(r.id))?.inFlight ?? 0 } })) };
  }

  /** Adds back the default playbook's automations the business does not have now (disabled); answers the ones added. */
  async installPlaybook(businessId: string) {
    const rows = await this.playbook.reinstall(businessId);
    return { installed: rows.map(presentAutomation) };
  }

  /** The automation with how many runs are at each step, waiting, done, exited, failed and held out. */
  async get(businessId: string, id: string) {
    const row = await this.automations.find(businessId, id);
    if (!row) throw automationNotFound();
    const [counts, outcomes] = await Promise.all([this.enrollments.counts(businessId, id), this.enrollments.outcomes(businessId, id)]);
    return { ...presentAutomation(row), progress: presentProgress(row.steps, counts, outcomes) };
  }

  /**
   * Changes the definition. Runs in flight keep going: each moves to the index its step key has in
   * the new list (a run at a removed step exits, reason step_removed), and an edited step sends
   * under a new revision of its origin.
   */
  async update(businessId: string, id: string, dto: UpdateAutomationDto) {
    const before = await this.automations.find(businessId, id);
    if (!before) throw automationNotFound();
    const checked = await this.checker.check(businessId, { trigger: dto.trigger, steps: dto.steps });
    const result = await this.ds.transaction(async (m) => {
      const row = (await this.automations.find(businessId, id, m, true))!;
      if (row.archivedAt) throw automationArchived();
      const steps = checked.steps ? assignRevs(checked.steps, row.steps) : row.steps;
      const stepsChanged = JSON.stringify(steps) !== JSON.stringify(row.steps);
      const trigger = checked.trigger ?? row.trigger;
      const triggerChanged = JSON.stringify(trigger) !== JSON.stringify(row.trigger);
      const updated = await this.automations.update(
        m,
        businessId,
        id,
        {
          name: dto.name ?? row.name,
          trigger,
          steps,
          reentry: dto.reentry ? reentry(dto.reentry) : row.reentry,
          goal: dto.goal ? { kind: dto.goal.kind, withinDays: dto.goal.withinDays } : row.goal,
          holdoutPercent: dto.holdoutPercent ?? row.holdoutPercent,
          nextRunAt: !row.enabled || trigger.kind !== 'schedule' ? null : triggerChanged || !row.nextRunAt ? await this.nextRun(businessId, trigger) : row.nextRunAt,
        },
        stepsChanged,
      );
      if (stepsChanged)
        await this.enrollments.remap(
          m,
          businessId,
          id,
          row.steps.map((s) => s.key),
          steps.map((s) => s.key),
        );
      return { updated, stepsChanged };
    });
    if (result.stepsChanged && result.updated.enabled) await this.resume(businessId, id);
    return presentAutomation(result.updated);
  }

  /** Starts enrolling on its trigger, and lets runs held by a pause carry on. */
  async enable(businessId: string, id: string) {
    const row = await this.automations.find(businessId, id);
    if (!row) throw automationNotFound();
    const next = row.trigger.kind === 'schedule' ? (row.enabled && row.nextRunAt ? row.nextRunAt : await this.nextRun(businessId, row.trigger)) : null;
    if (!(await this.automations.setEnabled(businessId, id, true, next))) throw automationArchived();
    await this.resume(businessId, id);
    return this.get(businessId, id);
  }

  /** Stops enrolling; runs in flight stay where they are (waits keep counting) until it is enabled again. */
  async pause(businessId: string, id: string) {
    if (!(await this.automations.find(businessId, id))) throw automationNotFound();
    if (!(await this.automations.setEnabled(businessId, id, false, null))) throw automationArchived();
    return this.get(businessId, id);
  }

  /** Hides it for good: no more runs, and every run in flight exits (reason archived). */
  async archive(businessId: string, id: string) {
    await this.ds.transaction(async (m) => {
      const row = await this.automations.find(businessId, id, m, true);
      if (!row) throw automationNotFound();
      if (row.archivedAt) return;
      await this.automations.archive(m, businessId, id);
      await this.enrollments.exitAll(m, businessId, id, 'archived');
    });
    return this.get(businessId, id);
  }

  private async resume(businessId: string, id: string): Promise<void> {
    await this.runner.resume(businessId, id).catch((e: Error) => this.logger.warn(`automation ${id}: not resumed now (${e.message}); the sweep will`));
  }

  private async nextRun(businessId: string, trigger: AutomationTrigger): Promise<Date | null> {
    if (trigger.kind !== 'schedule') return null;
    const business = await this.businesses.findById(businessId);
    return nextRunAt(trigger.cron, business!.timezone, new Date());
  }
}

function reentry(dto: ReentryDto | undefined): Reentry {
  return dto?.policy === 'per_days' ? { policy: 'per_days', days: dto.days } : { policy: 'once' };
}
