import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { AutomationsService } from './automations.service';
import { CreateAutomationDto, ListAutomationsQuery, UpdateAutomationDto } from './dto/automation.dto';

@Controller('api/v1/automations')
export class AutomationsController {
  constructor(private readonly automations: AutomationsService) {}

  /** A trigger, steps, re-entry policy, goal and holdout; disabled unless `enabled: true`. */
  @Roles('admin', 'marketer')
  @Post()
  create(@CurrentPrincipal() p: Principal, @Body() dto: CreateAutomationDto) {
    return this.automations.create(p.businessId, dto);
  }

  /** The business's automations (the default playbook is installed, disabled, on the first call). */
  @Get()
  list(@CurrentPrincipal() p: Principal, @Query() q: ListAutomationsQuery) {
    return this.automations.list(p.businessId, q);
  }

  /** The automation with its runs: at each step, waiting, done, exited, failed, holdout. */
  @Get(':id')
  get(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.automations.get(p.businessId, id);
  }

  @Roles('admin', 'marketer')
  @Patch(':id')
  update(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() dto: UpdateAutomationDto) {
    return this.automations.update(p.businessId, id, dto);
  }

  @Roles('admin', 'marketer')
  @Post(':id/enable')
  @HttpCode(200)
  enable(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.automations.enable(p.businessId, id);
  }

  @Roles('admin', 'marketer')
  @Post(':id/pause')
  @HttpCode(200)
  pause(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.automations.pause(p.businessId, id);
  }

  /** Archived for good: no new runs, runs in flight exit. */
  @Roles('admin', 'marketer')
  @Post(':id/archive')
  @HttpCode(200)
  archive(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.automations.archive(p.businessId, id);
  }

  @Roles('admin', 'marketer')
  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentPrincipal() p: Principal, @Param('id') id: string): Promise<void> {
    await this.automations.archive(p.businessId, id);
  }
}
