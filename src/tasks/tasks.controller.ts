import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { AuditLog } from '../audit';
import { CurrentPrincipal, Principal, AnyRole, Roles } from '../auth';
import { RowIdPipe } from '../common/row-id';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { CreateTaskDto } from './dto/create-task.dto';
import { TasksReportQueryDto } from './dto/report-query.dto';
import { CreateStaffKeyDto } from './dto/staff-key.dto';
import { CompleteTaskDto, DismissTaskDto, ReassignTaskDto, SnoozeTaskDto } from './dto/task-actions.dto';
import { TaskQueryDto } from './dto/task-query.dto';
import { CreateTaskResultDto, StaffKeyDto, TaskDto, TaskListDto, TasksReportDto, TeamDto, TeamListDto } from './dto/task-response.dto';
import { CreateTeamDto, TeamMembersDto } from './dto/team.dto';
import { StaffTeamsService } from './staff-teams.service';
import { TasksApiService } from './tasks-api.service';
import { TasksReportService } from './tasks-report.service';

// quality.md "Roles": every role works tasks (the staff role only its own, checked in TaskAccess);
// managers manage them (create, assign, reassign, snooze, dismiss)
@ApiTags('Tasks')
@AnyRole()
@Controller('api/v1/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksApiService) {}

  /** A task by hand: 201 when created, 200 when the client's open task for the same reason was updated. */
  @Post()
  @ApiCreatedResponse({ type: CreateTaskResultDto, description: 'A new task' })
  @ApiOkResponse({ type: CreateTaskResultDto, description: "The client's open task for the same reason was updated" })
  @ApiErrors({ 404: 'client not found', 409: 'this client and reason are snoozed' })
  async create(@CurrentPrincipal() p: Principal, @Body() dto: CreateTaskDto, @Res({ passthrough: true }) res: Response): Promise<CreateTaskResultDto> {
    const { action, task } = await this.tasks.create(p, dto);
    res.status(action === 'created' ? 201 : 200);
    return { action, ...task };
  }

  /** The inbox: ?assignee=me|<staffId>|unassigned|any&state=open|done|dismissed|all&limit&offset. */
  @Get()
  @ApiErrors({ 400: 'assignee is not a staff member of this business' })
  list(@CurrentPrincipal() p: Principal, @Query() q: TaskQueryDto): Promise<TaskListDto> {
    return this.tasks.list(p, q);
  }

  @Get(':id')
  @ApiErrors({ 404: 'task not found' })
  get(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('task')) id: string): Promise<TaskDto> {
    return this.tasks.get(p, id);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiErrors({ 404: 'task not found', 409: 'the task is not open' })
  complete(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('task')) id: string, @Body() dto: CompleteTaskDto): Promise<TaskDto> {
    return this.tasks.complete(p, id, dto);
  }

  @Post(':id/dismiss')
  @HttpCode(200)
  @ApiErrors({ 404: 'task not found', 409: 'the task is not open' })
  dismiss(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('task')) id: string, @Body() dto: DismissTaskDto): Promise<TaskDto> {
    return this.tasks.dismiss(p, id, dto);
  }

  @Post(':id/snooze')
  @HttpCode(200)
  @ApiErrors({ 400: 'until is not a future date-time within 366 days', 404: 'task not found', 409: 'the task is not open' })
  snooze(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('task')) id: string, @Body() dto: SnoozeTaskDto): Promise<TaskDto> {
    return this.tasks.snooze(p, id, dto);
  }

  @Post(':id/reassign')
  @HttpCode(200)
  @ApiErrors({ 400: 'neither or both of assigneeStaffId and teamId, or a team without active members', 404: 'task not found', 409: 'the task is not open' })
  reassign(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('task')) id: string, @Body() dto: ReassignTaskDto): Promise<TaskDto> {
    return this.tasks.reassign(p, id, dto);
  }
}

// quality.md "Roles": teams are managed by admins and managers; every role may read them
@ApiTags('Staff')
@AnyRole()
@Controller('api/v1/staff-teams')
export class StaffTeamsController {
  constructor(private readonly teams: StaffTeamsService) {}

  @Roles('admin', 'manager')
  @Post()
  @ApiErrors({ 400: 'staffIds names someone who is not a staff member of this business', 409: 'a team with this name exists' })
  create(@CurrentPrincipal() p: Principal, @Body() dto: CreateTeamDto): Promise<TeamDto> {
    return this.teams.create(p, dto);
  }

  @Get()
  list(@CurrentPrincipal() p: Principal): Promise<TeamListDto> {
    return this.teams.list(p);
  }

  @Get(':id')
  @ApiErrors({ 404: 'team not found' })
  get(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('team')) id: string): Promise<TeamDto> {
    return this.teams.get(p, id);
  }

  @Roles('admin', 'manager')
  @Put(':id/members')
  @ApiErrors({ 400: 'staffIds names someone who is not a staff member of this business', 404: 'team not found' })
  setMembers(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('team')) id: string, @Body() dto: TeamMembersDto): Promise<TeamDto> {
    return this.teams.setMembers(p, id, dto.staffIds);
  }

  @Roles('admin', 'manager')
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The team is deleted' })
  @ApiErrors({ 404: 'team not found' })
  remove(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('team')) id: string): Promise<void> {
    return this.teams.remove(p, id);
  }
}

/** API keys bound to a staff member: what makes `assignee=me` work. */
@ApiTags('Staff')
@Roles('admin')
@Controller('api/v1/staff')
export class StaffKeysController {
  constructor(
    private readonly teams: StaffTeamsService,
    private readonly audit: AuditLog,
  ) {}

  @Post(':staffId/api-keys')
  @ApiErrors({ 404: 'no active staff member with this id' })
  async createKey(@CurrentPrincipal() p: Principal, @Param('staffId', new RowIdPipe('active staff member')) staffId: string, @Body() dto: CreateStaffKeyDto): Promise<StaffKeyDto> {
    const key = await this.teams.createStaffKey(p, staffId, dto);
    await this.audit.record({ businessId: p.businessId, actor: p, action: 'api_key.created', details: { keyId: key.keyId, role: key.role, staffId: key.staffId } });
    return key;
  }
}

@ApiTags('Reports')
@Roles('admin', 'manager', 'marketer')
@Controller('api/v1/reports/tasks')
export class TasksReportController {
  constructor(private readonly reports: TasksReportService) {}

  /** Tasks per staff member: created, done, by outcome, overdue open, led to a return visit. */
  @Get()
  @ApiErrors({ 400: 'from or to is not a calendar date, from is after to, or the range is over 366 days' })
  report(@CurrentPrincipal() p: Principal, @Query() q: TasksReportQueryDto): Promise<TasksReportDto> {
    return this.reports.report(p, q);
  }
}
