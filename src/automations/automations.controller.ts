import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '../auth';
import { RowIdPipe } from '../common/row-id';
import { SegmentsService } from '../segments';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { AutomationsService } from './automations.service';
import { CreateAutomationDto, ListAutomationsQuery, UpdateAutomationDto } from './dto/automation.dto';
import { AutomationCatalogueDto, AutomationDetailDto, AutomationDto, AutomationListDto, PlaybookInstallDto } from './dto/automation-response.dto';
import { describeBranchConditions, describeTriggers } from './definition/automation-catalogue';

// The presenter types trigger and steps as their unions and state as a string: the casts say
// they are the objects these DTOs describe.

@ApiTags('Automations')
@Controller('api/v1/automations')
export class AutomationsController {
  constructor(
    private readonly automations: AutomationsService,
    private readonly segments: SegmentsService,
  ) {}

  /** A trigger, steps, re-entry policy, goal and holdout; disabled unless `enabled: true`. */
  @Roles('admin', 'marketer')
  @Post()
  @ApiErrors({ 400: 'a bad trigger or step, named by path (steps[2].template.subject)' })
  create(@CurrentPrincipal() p: Principal, @Body() dto: CreateAutomationDto): Promise<AutomationDto> {
    return this.automations.create(p.businessId, dto) as Promise<AutomationDto>;
  }

  /** The business's automations (the default playbook is installed, disabled, on the first call). */
  @Get()
  list(@CurrentPrincipal() p: Principal, @Query() q: ListAutomationsQuery): Promise<AutomationListDto> {
    return this.automations.list(p.businessId, q) as Promise<AutomationListDto>;
  }

  /**
   * Every trigger kind and every branch condition the API accepts, with their parameters
   * described as the segment catalogue describes its own: the editor builds its forms from it.
   */
  @Get('catalogue')
  catalogue(): AutomationCatalogueDto {
    return { triggers: describeTriggers(), branchConditions: describeBranchConditions(this.segments.catalogue().conditions) } as AutomationCatalogueDto;
  }

  /**
   * Installs the default playbook again: each ready-made automation the business does not have
   * now (never installed, or archived since) is added, disabled; those in use are left as they are.
   */
  @Roles('admin', 'marketer')
  @Post('playbook')
  @HttpCode(200)
  installPlaybook(@CurrentPrincipal() p: Principal): Promise<PlaybookInstallDto> {
    return this.automations.installPlaybook(p.businessId) as Promise<PlaybookInstallDto>;
  }

  /** The automation with its runs: at each step, waiting, done, exited, failed, holdout. */
  @Get(':id')
  @ApiErrors({ 404: 'automation not found' })
  get(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('automation')) id: string): Promise<AutomationDetailDto> {
    return this.automations.get(p.businessId, id) as Promise<AutomationDetailDto>;
  }

  @Roles('admin', 'marketer')
  @Patch(':id')
  @ApiErrors({ 400: 'a bad trigger or step, named by path', 404: 'automation not found', 409: 'the automation is archived' })
  update(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('automation')) id: string, @Body() dto: UpdateAutomationDto): Promise<AutomationDto> {
    return this.automations.update(p.businessId, id, dto) as Promise<AutomationDto>;
  }

  @Roles('admin', 'marketer')
  @Post(':id/enable')
  @HttpCode(200)
  @ApiErrors({ 404: 'automation not found', 409: 'the automation is archived' })
  enable(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('automation')) id: string): Promise<AutomationDetailDto> {
    return this.automations.enable(p.businessId, id) as Promise<AutomationDetailDto>;
  }

  @Roles('admin', 'marketer')
  @Post(':id/pause')
  @HttpCode(200)
  @ApiErrors({ 404: 'automation not found', 409: 'the automation is archived' })
  pause(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('automation')) id: string): Promise<AutomationDetailDto> {
    return this.automations.pause(p.businessId, id) as Promise<AutomationDetailDto>;
  }

  /** Archived for good: no new runs, runs in flight exit. */
  @Roles('admin', 'marketer')
  @Post(':id/archive')
  @HttpCode(200)
  @ApiErrors({ 404: 'automation not found' })
  archive(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('automation')) id: string): Promise<AutomationDetailDto> {
    return this.automations.archive(p.businessId, id) as Promise<AutomationDetailDto>;
  }

  @Roles('admin', 'marketer')
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Archived, as POST :id/archive' })
  @ApiErrors({ 404: 'automation not found' })
  async remove(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('automation')) id: string): Promise<void> {
    await this.automations.archive(p.businessId, id);
  }
}
