import { ApiTags } from '@nestjs/swagger';
import { Body, Controller, Post } from '@nestjs/common';
import { actorOf, CurrentPrincipal, Principal, Roles } from '../auth';
import { BulkTasksResultDto, CreateBulkTasksDto } from './dto/bulk-tasks.dto';
import { TaskCreateRepository } from './task-create.repository';
import { invalidField } from './tasks.errors';
import { TasksService } from './tasks.service';

/**
 * Tasks for many clients in one request (the members page's "Create tasks" for the selected
 * rows): one statement per batch instead of a request per client. The de-duplication of
 * POST /api/v1/tasks holds: a client's open task for the same reason is updated, not doubled.
 * Every role that may raise tasks one by one may (managers manage staff tasks, quality.md "Roles").
 */
@ApiTags('Tasks')
@Controller('api/v1/tasks')
export class TasksBulkController {
  constructor(
    private readonly tasks: TasksService,
    private readonly lookups: TaskCreateRepository,
  ) {}

  @Roles('admin', 'manager', 'marketer', 'staff')
  @Post('bulk')
  async create(@CurrentPrincipal() p: Principal, @Body() dto: CreateBulkTasksDto): Promise<BulkTasksResultDto> {
    if (dto.dueOn) {
      const d = new Date(`${dto.dueOn}T00:00:00Z`);
      if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== dto.dueOn) throw invalidField('dueOn', 'is not a calendar date');
      const today = await this.lookups.localToday(p.businessId);
      if (today && dto.dueOn < today) throw invalidField('dueOn', `must not be before today (${today} in the business time zone)`);
    }
    const assignTo = dto.assignTo ?? (dto.assigneeStaffId ? 'staff' : dto.teamId ? 'team' : 'owner');
    return this.tasks.create({
      businessId: p.businessId,
      clientIds: dto.clientIds,
      reason: dto.reason,
      reasonKey: dto.reasonKey,
      instructions: dto.instructions,
      due: dto.dueOn ? { on: dto.dueOn } : undefined,
      priority: dto.priority,
      assignment: { mode: assignTo, staffId: dto.assigneeStaffId, teamId: dto.teamId },
      createdBy: 'user',
      origin: actorOf(p),
      createdByStaffId: p.staffId,
    });
  }
}
