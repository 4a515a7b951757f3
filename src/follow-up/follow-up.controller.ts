import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '../auth';
import { RowIdPipe } from '../common/row-id';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { ActionsReportQueryDto } from './dto/actions-report.dto';
import { ActionsReportDto, FollowUpRecomputeDto, SourceReportDto } from './dto/follow-up-response.dto';
import { FollowUpComputeService } from './follow-up-compute.service';
import { ActionsReportService } from './reports/actions-report.service';
import { assertMayReadReports, SourceReportService } from './reports/source-report.service';

/** Which actions worked (docs/follow-up.md): per campaign, per automation, and ranked over a range. */
@ApiTags('Reports')
@Controller('api/v1/reports')
export class FollowUpReportsController {
  constructor(
    private readonly sources: SourceReportService,
    private readonly actions: ActionsReportService,
  ) {}

  @Get('campaigns/:id')
  @ApiErrors({ 404: 'campaign not found' })
  campaign(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('campaign')) id: string): Promise<SourceReportDto> {
    return this.sources.report(p, 'campaign', id);
  }

  @Get('automations/:id')
  @ApiErrors({ 404: 'automation not found' })
  automation(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('automation')) id: string): Promise<SourceReportDto> {
    return this.sources.report(p, 'automation', id);
  }

  @Get('actions')
  @ApiErrors({ 400: 'from or to is not a calendar date, from is after to, or the range is over 366 days' })
  ranking(@CurrentPrincipal() p: Principal, @Query() q: ActionsReportQueryDto): Promise<ActionsReportDto> {
    return this.actions.report(p, q);
  }
}

/** Recomputes the caller's conversions now (the schedule and new data do it on their own). */
@ApiTags('Reports')
@Controller('api/v1/follow-up')
export class FollowUpController {
  constructor(private readonly compute: FollowUpComputeService) {}

  @Roles('admin', 'marketer', 'manager')
  @Post('recompute')
  @HttpCode(200)
  async recompute(@CurrentPrincipal() p: Principal): Promise<FollowUpRecomputeDto> {
    assertMayReadReports(p);
    return { passes: await this.compute.computeBusiness(p.businessId) };
  }
}
