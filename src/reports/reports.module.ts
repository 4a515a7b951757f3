import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller';
import { RetentionReportRepository } from './retention-report.repository';
import { RetentionReportService } from './retention-report.service';

/** Read-only reports over the canonical tables: retention, churn, status mix, cohorts. */
@Module({ controllers: [ReportsController], providers: [RetentionReportRepository, RetentionReportService] })
export class ReportsModule {}
