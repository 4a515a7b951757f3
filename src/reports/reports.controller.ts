import { Controller, Get, Query } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { RetentionQueryDto } from './dto/retention-query.dto';
import { RetentionReportService } from './retention-report.service';

@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly retention: RetentionReportService) {}

  /** Monthly retention metrics of the caller's business (docs/reports.md). */
  @Get('retention')
  retentionReport(@CurrentPrincipal() p: Principal, @Query() query: RetentionQueryDto) {
    return this.retention.report(p.businessId, query);
  }
}
