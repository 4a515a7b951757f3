import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { ActionsReportQueryDto } from './dto/actions-report.dto';
import { FollowUpComputeService } from './follow-up-compute.service';
import { ActionsReportService } from './reports/actions-report.service';
import { assertMayReadReports, SourceReportService } from './reports/source-report.service';

/** Which actions worked (docs/follow-up.md): per campaign, per automation, and ranked over a range. */
@Controller('api/v1/reports')
export class FollowUpReportsController {
  constructor(
    private readonly sources: SourceReportService,
    private readonly actions: ActionsReportService,
  ) {}

  @Get('campaigns/:id')
  campaign(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.sources.report(p, 'campaign', id);
  }

  @Get('automations/:id')
  automation(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.sources.report(p, 'automation', id);
  }

  @Get('actions')
  ranking(@CurrentPrincipal() p: Principal, @Query() q: ActionsReportQueryDto) {
    return this.actions.report(p, q);
  }
}

/** Recomputes the caller's conversions now (the schedule and new data do it on their own). */
@Controller('api/v1/follow-up')
export class FollowUpController {
  constructor(private readonly compute: FollowUpComputeService) {}

  @Roles('admin', 'marketer', 'manager')
  @Post('recompute')
  @HttpCode(200)
  async recompute(@CurrentPrincipal() p: Principal) {
    assertMayReadReports(p);
    return { passes: await this.compute.computeBusiness(p.businessId) };
  }
}
