import { Injectable, Logger } from '@nestjs/common';
import { TasksService } from '../../tasks';
import { AutomationRepository } from '../automation.repository';
import { DoorAlertStep } from '../automation.types';
import { DEFAULT_DOOR_MESSAGE } from '../definition/automation-definition';
import { DoorAlertRepository, FiredAlert } from './door-alert.repository';

/** A visit this old when it reaches us finds nobody at the door: the alert stays armed. */
const MAX_VISIT_AGE_HOURS = 6;

/**
 * "At the door" (actions.md "Staff tasks"): when a client with an armed alert checks in, the alert
 * fires at once (a visit job per ingest, not debounced) and becomes an urgent staff task due
 * today, whose assignee (the client's owner by default) the tasks module emails right away. The
 * alert row keeps the visit as its outcome.
 */
@Injectable()
export class DoorAlertsService {
  private readonly logger = new Logger(DoorAlertsService.name);

  constructor(
    private readonly doors: DoorAlertRepository,
    private readonly automations: AutomationRepository,
    private readonly tasks: TasksService,
  ) {}

  async visitsArrived(businessId: string, clientIds: string[]): Promise<number> {
    const fired = await this.doors.fire(businessId, clientIds, MAX_VISIT_AGE_HOURS);
    if (fired.length) await this.raise(fired);
    return fired.length;
  }

  /** Raises the staff tasks of fired alerts (also the backstop for alerts whose task never got raised). */
  async raise(alerts: FiredAlert[]): Promise<void> {
    const groups = new Map<string, FiredAlert[]>();
    for (const a of alerts) {
      const k = `${a.businessId}|${a.automationId}|${a.stepKey}|${a.origin}`;
      const g = groups.get(k) ?? [];
      g.push(a);
      groups.set(k, g);
    }
    for (const group of groups.values()) {
      const { businessId, automationId, stepKey, origin } = group[0];
      const automation = await this.automations.find(businessId, automationId);
      const step = automation?.steps.find((s): s is DoorAlertStep => s.key === stepKey && s.type === 'door_alert');
      const result = await this.tasks.create({
        businessId,
        clientIds: group.map((a) => a.clientId),
        reason: step?.message ?? DEFAULT_DOOR_MESSAGE,
        reasonKey: `automation:${automationId}:${stepKey}`,
        due: { inDays: 0 },
        priority: 'urgent',
        assignment: step ? { mode: step.assignTo, staffId: step.staffId, teamId: step.teamId } : { mode: 'owner' },
        createdBy: 'automation',
        origin,
      });
      const taskOf = new Map(result.tasks.map((t) => [t.clientId, t.taskId]));
      await this.doors.setTasks(
        businessId,
        group.filter((a) => taskOf.has(a.clientId)).map((a) => ({ alertId: a.id, taskId: taskOf.get(a.clientId)! })),
      );
      this.logger.log(`automation ${automationId} (business ${businessId}): ${group.length} at-the-door alert(s) fired, ${result.created} task(s) raised`);
    }
  }

  /** The tick's backstop: visits whose job was lost, and fired alerts whose task was never raised. */
  async sweep(): Promise<{ visits: number; tasks: number }> {
    let visits = 0;
    for (const b of await this.doors.armedWithVisits()) visits += await this.visitsArrived(b.businessId, b.clientIds);
    const unsent = await this.doors.withoutTask(60, 3600);
    if (unsent.length) await this.raise(unsent);
    return { visits, tasks: unsent.length };
  }
}
