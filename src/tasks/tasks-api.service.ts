import { Injectable } from '@nestjs/common';
import { actorOf, describeCaller, Principal } from '../auth';
import { DomainError, ErrorCode, notFound } from '../common/domain-error';
import { CreateTaskDto } from './dto/create-task.dto';
import { CompleteTaskDto, DismissTaskDto, ReassignTaskDto, SnoozeTaskDto } from './dto/task-actions.dto';
import { TaskQueryDto } from './dto/task-query.dto';
import { TaskAccess } from './task-access';
import { TaskCreateRepository } from './task-create.repository';
import { TaskRepository, TaskView } from './task.repository';
import { invalidField, notYourTask, onlyOwnInbox, taskNotFound, taskNotOpen } from './tasks.errors';
import { TasksService } from './tasks.service';
import { TaskAssignment, TaskDue } from './tasks.types';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_SNOOZE_DAYS = 366;

/** The task API's use cases: by-hand creation, inbox, and a task's life (complete, dismiss, snooze, reassign). */
@Injectable()
export class TasksApiService {
  constructor(
    private readonly facade: TasksService,
    private readonly tasks: TaskRepository,
    private readonly lookups: TaskCreateRepository,
    private readonly access: TaskAccess,
  ) {}

  async create(p: Principal, dto: CreateTaskDto): Promise<{ action: 'created' | 'updated'; task: TaskView }> {
    const due = dto.due ? await this.parseDue(p.businessId, dto.due) : undefined;
    if (!(await this.lookups.clientExists(p.businessId, dto.clientId))) throw notFound('client');
    const assignTo = dto.assignTo ?? (dto.assigneeStaffId ? 'staff' : dto.teamId ? 'team' : 'owner');
    const assignment: TaskAssignment = { mode: assignTo, staffId: dto.assigneeStaffId, teamId: dto.teamId };
    const staffId = await this.access.staffIdOf(p);
    const result = await this.facade.create({
      businessId: p.businessId,
      clientIds: [dto.clientId],
      reason: dto.reason,
      reasonKey: dto.reasonKey,
      instructions: dto.instructions,
      due,
      priority: dto.priority,
      assignment,
      createdBy: 'user',
      origin: actorOf(p),
      createdByStaffId: staffId,
    });
    const [made] = result.tasks;
    if (!made) throw new DomainError(ErrorCode.Conflict, 'this client and reason are snoozed; no task was raised until the snooze ends');
    return { action: made.action, task: (await this.tasks.find(p.businessId, made.taskId))! };
  }

  async list(p: Principal, q: TaskQueryDto) {
    let assignee: string | undefined;
    if (q.assignee === 'me') assignee = await this.access.me(p);
    else if (q.assignee === 'unassigned') assignee = 'unassigned';
    else if (q.assignee && q.assignee !== 'any') {
      if (!(await this.access.staffExistsIn(p, q.assignee))) throw invalidField('assignee', 'is not a staff member of this business');
      assignee = q.assignee;
    }
    // the staff role (key or user) reads its own inbox only, and says so when asked for more
    if (p.role === 'staff') {
      if (q.assignee === 'any') throw onlyOwnInbox(describeCaller(p));
      const mine = await this.access.me(p);
      if (assignee !== undefined && assignee !== mine) throw notYourTask();
      assignee = mine;
    }
    const limit = q.limit ?? 50;
    const offset = q.offset ?? 0;
    const page = await this.tasks.inbox(p.businessId, { assignee, state: q.state ?? 'open', clientId: q.clientId, limit, offset });
    return { ...page, limit, offset, nextOffset: offset + page.items.length < page.total ? offset + page.items.length : null };
  }

  async get(p: Principal, id: string): Promise<TaskView> {
    const task = await this.tasks.find(p.businessId, id);
    if (!task) throw taskNotFound();
    await this.access.assertMayAct(p, task.assignee?.id ?? null);
    return task;
  }

  async complete(p: Principal, id: string, dto: CompleteTaskDto): Promise<TaskView> {
    const by = await this.actor(p, id);
    if (!(await this.tasks.complete(p.businessId, id, by, dto.outcome, dto.notes?.trim() || null))) await this.explainMiss(p.businessId, id);
    return (await this.tasks.find(p.businessId, id))!;
  }

  async dismiss(p: Principal, id: string, dto: DismissTaskDto): Promise<TaskView> {
    const by = await this.actor(p, id);
    if (!(await this.tasks.dismiss(p.businessId, id, by, dto.notes?.trim() || null))) await this.explainMiss(p.businessId, id);
    return (await this.tasks.find(p.businessId, id))!;
  }

  async snooze(p: Principal, id: string, dto: SnoozeTaskDto): Promise<TaskView> {
    const until = new Date(dto.until);
    if (Number.isNaN(until.getTime())) throw invalidField('until', 'must be an ISO 8601 date-time');
    if (until.getTime() <= Date.now()) throw invalidField('until', 'must be in the future');
    if (until.getTime() > Date.now() + MAX_SNOOZE_DAYS * 86_400_000) throw invalidField('until', `must be within ${MAX_SNOOZE_DAYS} days`);
    const by = await this.actor(p, id);
    if (!(await this.tasks.snooze(p.businessId, id, until, dto.reason.trim(), by.completedBy))) await this.explainMiss(p.businessId, id);
    return (await this.tasks.find(p.businessId, id))!;
  }

  async reassign(p: Principal, id: string, dto: ReassignTaskDto): Promise<TaskView> {
    if (!!dto.assigneeStaffId === !!dto.teamId) throw invalidField('assigneeStaffId', 'give either assigneeStaffId or teamId');
    await this.actor(p, id);
    const a = await this.facade.checkAssignment(p.businessId, dto.teamId ? { mode: 'team', teamId: dto.teamId } : { mode: 'staff', staffId: dto.assigneeStaffId });
    const state = await this.tasks.stateOf(p.businessId, id);
    if (state?.state !== 'open') return this.explainMiss(p.businessId, id);
    const staffId = a.mode === 'team' ? await this.tasks.pickFromTeam(p.businessId, a.teamId!) : a.staffId!;
    if (!staffId) throw invalidField('teamId', 'has no active members');
    const seq = await this.tasks.reassign(p.businessId, id, staffId, a.mode === 'team' ? a.teamId! : null);
    if (seq === undefined) return this.explainMiss(p.businessId, id);
    if (seq > 0) await this.facade.queueNotifications(p.businessId, [{ id, seq }]);
    return (await this.tasks.find(p.businessId, id))!;
  }

  /** Who is acting, after checking the task exists here and the key may act on it. */
  private async actor(p: Principal, id: string): Promise<{ completedBy: string; staffId: string | null }> {
    const state = await this.tasks.stateOf(p.businessId, id);
    if (!state) throw taskNotFound();
    await this.access.assertMayAct(p, state.assigneeStaffId);
    return { completedBy: actorOf(p), staffId: await this.access.staffIdOf(p) };
  }

  private async explainMiss(businessId: string, id: string): Promise<never> {
    const state = await this.tasks.stateOf(businessId, id);
    if (!state) throw taskNotFound();
    throw taskNotOpen(state.state);
  }

  /** A day is due by its end (business time zone); a date-time must carry an offset. Neither may be past. */
  private async parseDue(businessId: string, raw: string): Promise<TaskDue> {
    if (DAY.test(raw)) {
      const d = new Date(`${raw}T00:00:00Z`);
      if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== raw) throw invalidField('due', 'is not a calendar date');
      const today = await this.lookups.localToday(businessId);
      if (today && raw < today) throw invalidField('due', `must not be before today (${today} in the business time zone)`);
      return { on: raw };
    }
    const at = new Date(raw);
    if (Number.isNaN(at.getTime())) throw invalidField('due', 'is not a valid date-time');
    if (at.getTime() < Date.now() - 60_000) throw invalidField('due', 'must not be in the past');
    return { at: at.toISOString() };
  }
}
