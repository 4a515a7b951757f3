import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '../auth';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { RetentionQueryDto } from './dto/retention-query.dto';
import { RetentionReportDto } from './dto/retention-response.dto';
import { RetentionReportService } from './retention-report.service';

@ApiTags('Reports')
@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly retention: RetentionReportService) {}

  /** Monthly retention metrics of the caller's business (docs/reports.md). */
  @Get('retention')
  @ApiErrors({ 400: 'a month in the future, from after to, or a range over 36 months', 404: 'location not found' })
  retentionReport(@CurrentPrincipal() p: Principal, @Query() query: RetentionQueryDto): Promise<RetentionReportDto> {
    return this.retention.report(p.businessId, query);
  }
}
