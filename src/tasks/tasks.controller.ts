import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { Response } from 'express';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { AnyRole } from '../auth/roles.decorator';
import { CreateTaskDto } from './dto/create-task.dto';
import { TasksReportQueryDto } from './dto/report-query.dto';
import { CreateStaffKeyDto } from './dto/staff-key.dto';
import { CompleteTaskDto, DismissTaskDto, ReassignTaskDto, SnoozeTaskDto } from './dto/task-actions.dto';
import { TaskQueryDto } from './dto/task-query.dto';
import { CreateTeamDto, TeamMembersDto } from './dto/team.dto';
import { StaffTeamsService } from './staff-teams.service';
import { TasksApiService } from './tasks-api.service';
import { TasksReportService } from './tasks-report.service';

@AnyRole()
@Controller('api/v1/tasks')
export class TasksController {
  constructor(private readonly tasks: TasksApiService) {}

  /** A task by hand: 201 when created, 200 when the client's open task for the same reason was updated. */
  @Post()
  async create(@CurrentPrincipal() p: Principal, @Body() dto: CreateTaskDto, @Res({ passthrough: true }) res: Response) {
    const { action, task } = await this.tasks.create(p, dto);
    res.status(action === 'created' ? 201 : 200);
    return { action, ...task };
  }

  /** The inbox: ?assignee=me|<staffId>|unassigned|any&state=open|done|dismissed|all&limit&offset. */
  @Get()
  list(@CurrentPrincipal() p: Principal, @Query() q: TaskQueryDto) {
    return this.tasks.list(p, q);
  }

  @Get(':id')
  get(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.tasks.get(p, id);
  }

  @Post(':id/complete')
  @HttpCode(200)
  complete(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() dto: CompleteTaskDto) {
    return this.tasks.complete(p, id, dto);
  }

  @Post(':id/dismiss')
  @HttpCode(200)
  dismiss(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() dto: DismissTaskDto) {
    return this.tasks.dismiss(p, id, dto);
  }

  @Post(':id/snooze')
  @HttpCode(200)
  snooze(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() dto: SnoozeTaskDto) {
    return this.tasks.snooze(p, id, dto);
  }

  @Post(':id/reassign')
  @HttpCode(200)
  reassign(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() dto: ReassignTaskDto) {
    return this.tasks.reassign(p, id, dto);
  }
}

@AnyRole()
@Controller('api/v1/staff-teams')
export class StaffTeamsController {
  constructor(private readonly teams: StaffTeamsService) {}

  @Post()
  create(@CurrentPrincipal() p: Principal, @Body() dto: CreateTeamDto) {
    return this.teams.create(p, dto);
  }

  @Get()
  list(@CurrentPrincipal() p: Principal) {
    return this.teams.list(p);
  }

  @Get(':id')
  get(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.teams.get(p, id);
  }

  @Put(':id/members')
  setMembers(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() dto: TeamMembersDto) {
    return this.teams.setMembers(p, id, dto.staffIds);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.teams.remove(p, id);
  }
}

/** API keys bound to a staff member: what makes `assignee=me` work. */
@AnyRole()
@Controller('api/v1/staff')
export class StaffKeysController {
  constructor(private readonly teams: StaffTeamsService) {}

  @Post(':staffId/api-keys')
  createKey(@CurrentPrincipal() p: Principal, @Param('staffId') staffId: string, @Body() dto: CreateStaffKeyDto) {
    return this.teams.createStaffKey(p, staffId, dto);
  }
}

@AnyRole()
@Controller('api/v1/reports/tasks')
export class TasksReportController {
  constructor(private readonly reports: TasksReportService) {}

  /** Tasks per staff member: created, done, by outcome, overdue open, led to a return visit. */
  @Get()
  report(@CurrentPrincipal() p: Principal, @Query() q: TasksReportQueryDto) {
    return this.reports.report(p, q);
  }
}
