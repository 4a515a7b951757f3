import { Injectable, Logger } from '@nestjs/common';
import { chunk } from '../database/chunk';
import { JobQueue } from '../queue/job-queue.service';
import { JobName } from '../queue/queue-names';
import { normaliseReasonKey } from './reason-key';
import { ResolvedDue, TaskCreateRepository } from './task-create.repository';
import { invalidField } from './tasks.errors';
import { CreatedTask, CreateTasksCommand, CreateTasksResult, DEFAULT_DUE_IN_DAYS, TASK_CREATORS, TASK_PRIORITIES, TaskAssignment } from './tasks.types';
import { isRowId } from '../common/row-id';

// One statement per chunk; the ids travel as one array parameter, so the size bounds the
// statement's work, not the parameter count.
const CLIENTS_PER_STATEMENT = 5000;

/**
 * Staff tasks facade (spec/actions.md "Staff tasks"): creates the same task for a batch of
 * clients in set-based statements, de-duplicated per client + reason and held back by snoozes,
 * and queues the assignees' notifications. Campaigns, automations and the API all create here.
 */
@Injectable()
export class TasksService {
  private readonly logger = new Logger(TasksService.name);

  constructor(
    private readonly tasks: TaskCreateRepository,
    private readonly jobs: JobQueue,
  ) {}

  /**
   * Raises a task for every client in the batch. Unknown (or other businesses') client ids and
   * clients whose reason is snoozed are skipped; a client with an open task for the same reason
   * gets that task updated. Invalid input throws a 400 naming the field.
   */
  async create(cmd: CreateTasksCommand): Promise<CreateTasksResult> {
    const reasonKey = this.validate(cmd);
    const assignment = await this.checkAssignment(cmd.businessId, cmd.assignment ?? { mode: 'owner' });
    const due = await this.tasks.resolveDue(cmd.businessId, cmd.due ?? { inDays: DEFAULT_DUE_IN_DAYS });
    if (!due) throw invalidField('businessId', 'no such business');
    const clientIds = [...new Set(cmd.clientIds)];
    const result: CreateTasksResult = { created: 0, updated: 0, skipped: 0, skippedReasons: { snoozed: 0, clientNotFound: 0 }, unassigned: 0, tasks: [] };
    for (const part of chunk(clientIds, CLIENTS_PER_STATEMENT)) {
      const batch = await this.tasks.createBatch({
        businessId: cmd.businessId,
        clientIds: part,
        reason: cmd.reason.trim(),
        reasonKey,
        instructions: cmd.instructions?.trim() || null,
        due: due as ResolvedDue,
        priority: cmd.priority ?? 'normal',
        assignment,
        createdBy: cmd.createdBy,
        origin: cmd.origin,
        createdByStaffId: cmd.createdByStaffId ?? null,
      });
      result.skippedReasons.clientNotFound += part.length - batch.found;
      // a client snoozed or whose row lost a race is not in rows
      result.skippedReasons.snoozed += batch.found - batch.rows.length;
      for (const row of batch.rows) {
        const task: CreatedTask = { taskId: row.id, clientId: row.clientId, action: row.inserted ? 'created' : 'updated', assigneeStaffId: row.assigneeStaffId };
        result.tasks.push(task);
        if (row.inserted) result.created++;
        else result.updated++;
        if (row.inserted && !row.assigneeStaffId) result.unassigned++;
      }
      await this.queueNotifications(
        cmd.businessId,
        batch.rows.filter((r) => r.inserted && r.assigneeStaffId),
      );
    }
    result.skipped = result.skippedReasons.snoozed + result.skippedReasons.clientNotFound;
    this.logger.log(
      `tasks '${reasonKey}' for business ${cmd.businessId} (${cmd.origin}): ${result.created} created, ${result.updated} updated, ${result.skipped} skipped, ${result.unassigned} unassigned`,
    );
    return result;
  }

  /** Queues the notification of one assignment; a lost job is re-queued by the sweep. */
  async queueNotifications(businessId: string, rows: Array<{ id: string; seq: number }>): Promise<void> {
    if (!rows.length) return;
    try {
      await this.jobs.enqueueBulk(
        JobName.TaskNotify,
        rows.map((r) => ({ data: { businessId, taskId: r.id }, opts: { jobId: `task-notify:${r.id}:${r.seq}` } })),
      );
    } catch (e) {
      this.logger.warn(`could not queue ${rows.length} task notification(s) for business ${businessId}; the sweep will: ${(e as Error).message}`);
    }
  }

  private validate(cmd: CreateTasksCommand): string {
    if (!Array.isArray(cmd.clientIds)) throw invalidField('clientIds', 'must be an array of client ids');
    const bad = cmd.clientIds.findIndex((id) => typeof id !== 'string' || !isRowId(id));
    if (bad >= 0) throw invalidField(`clientIds[${bad}]`, 'must be a client id');
    if (typeof cmd.reason !== 'string' || !cmd.reason.trim() || cmd.reason.length > 500) throw invalidField('reason', 'must be 1-500 characters');
    const reasonKey = normaliseReasonKey(cmd.reasonKey ?? cmd.reason);
    if (!reasonKey) throw invalidField(cmd.reasonKey !== undefined ? 'reasonKey' : 'reason', 'must contain letters or digits');
    if (cmd.instructions && cmd.instructions.length > 4000) throw invalidField('instructions', 'must be at most 4000 characters');
    if (cmd.priority && !TASK_PRIORITIES.includes(cmd.priority)) throw invalidField('priority', `must be one of ${TASK_PRIORITIES.join(', ')}`);
    if (!TASK_CREATORS.includes(cmd.createdBy)) throw invalidField('createdBy', `must be one of ${TASK_CREATORS.join(', ')}`);
    if (typeof cmd.origin !== 'string' || !cmd.origin || cmd.origin.length > 200) throw invalidField('origin', 'must be 1-200 characters');
    if (cmd.due && 'inDays' in cmd.due && (!Number.isInteger(cmd.due.inDays) || cmd.due.inDays < 0 || cmd.due.inDays > 365)) {
      throw invalidField('due.inDays', 'must be a whole number of days from 0 to 365');
    }
    return reasonKey;
  }

  /** Only active staff of the same business, and teams of the same business with an active member. */
  async checkAssignment(businessId: string, a: TaskAssignment): Promise<TaskAssignment> {
    if (!['owner', 'staff', 'team'].includes(a.mode)) throw invalidField('assignTo', 'must be owner, staff or team');
    if (a.mode === 'staff' && !a.staffId) throw invalidField('assigneeStaffId', 'is required when assigning to a staff member');
    if (a.mode === 'team' && !a.teamId) throw invalidField('teamId', 'is required when assigning to a team');
    if (a.staffId && (!isRowId(a.staffId) || !(await this.tasks.isActiveStaff(businessId, a.staffId)))) {
      throw invalidField('assigneeStaffId', 'is not an active staff member of this business');
    }
    if (a.teamId) {
      if (!isRowId(a.teamId)) throw invalidField('teamId', 'is not a team of this business');
      const active = await this.tasks.activeTeamMembers(businessId, a.teamId);
      if (active === undefined) throw invalidField('teamId', 'is not a team of this business');
      if (active === 0) throw invalidField('teamId', 'has no active members');
    }
    // an explicit staff member needs no team, and vice versa
    if (a.mode === 'staff') return { mode: 'staff', staffId: a.staffId };
    if (a.mode === 'team') return { mode: 'team', teamId: a.teamId };
    return a;
  }
}
