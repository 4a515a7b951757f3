import { Injectable } from '@nestjs/common';
import { ActionsService, Channel } from '../../actions';
import { DomainError } from '../../common/domain-error';
import { TasksService } from '../../tasks';
import { AutomationRepository } from '../automation.repository';
import { AutomationStep, AutomationTrigger } from '../automation.types';
import { invalidAutomation } from '../automations.errors';
import { Problem } from '../dto/validate-as';
import { parseSteps, parseTrigger } from './automation-definition';

/**
 * Validates a submitted trigger and/or step list in full: the shapes (automation-definition.ts),
 * templates through the actions facade, the trigger's segment and the steps' staff / teams in the
 * business. Throws one 400 listing every problem with its path.
 */
@Injectable()
export class DefinitionChecker {
  constructor(
    private readonly automations: AutomationRepository,
    private readonly actions: ActionsService,
    private readonly tasks: TasksService,
  ) {}

  async check(businessId: string, raw: { trigger?: unknown; steps?: unknown[] }): Promise<{ trigger?: AutomationTrigger; steps?: AutomationStep[] }> {
    const problems: Problem[] = [];
    let trigger: AutomationTrigger | undefined;
    let steps: AutomationStep[] | undefined;
    if (raw.trigger !== undefined) {
      const t = parseTrigger(raw.trigger);
      problems.push(...t.problems);
      trigger = t.trigger;
      if (trigger && 'segmentId' in trigger && !(await this.automations.segmentExists(businessId, trigger.segmentId))) {
        problems.push({ path: 'trigger.segmentId', reason: 'no such segment' });
      }
    }
    if (raw.steps !== undefined) {
      const s = parseSteps(raw.steps, { checkTemplate: (channel, template) => this.templateProblems(channel as Channel, template) });
      problems.push(...s.problems);
      steps = s.steps;
      for (const [i, step] of (steps ?? []).entries()) {
        if (step.type !== 'task' && step.type !== 'door_alert') continue;
        if (!step.staffId && !step.teamId) continue;
        problems.push(...(await this.assignmentProblems(businessId, step, `steps[${i}]`)));
      }
    }
    if (problems.length) throw invalidAutomation(problems);
    return { trigger, steps };
  }

  private templateProblems(channel: Channel, template: unknown): Problem[] {
    try {
      this.actions.validateTemplate(channel, template);
      return [];
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      const at = e.message.indexOf(': ');
      return [at < 0 ? { path: 'template', reason: e.message } : { path: e.message.slice(0, at), reason: e.message.slice(at + 2) }];
    }
  }

  private async assignmentProblems(businessId: string, step: { assignTo: 'owner' | 'staff' | 'team'; staffId?: string; teamId?: string }, path: string): Promise<Problem[]> {
    try {
      await this.tasks.checkAssignment(businessId, { mode: step.assignTo, staffId: step.staffId, teamId: step.teamId });
      return [];
    } catch (e) {
      const body = (e as { getResponse?: () => { problems?: Problem[] } }).getResponse?.();
      if (!body?.problems) throw e;
      return body.problems.map((p) => ({ path: `${path}.${p.path === 'assigneeStaffId' ? 'staffId' : p.path}`, reason: p.reason }));
    }
  }
}
