import { Module } from '@nestjs/common';
import { TasksReportRepository } from '../tasks';
import { ConversionRepository } from './attribution/conversion.repository';
import { FollowUpComputeService } from './follow-up-compute.service';
import { FollowUpController, FollowUpReportsController } from './follow-up.controller';
import { FollowUpListeners } from './follow-up.listeners';
import { FollowUpProcessor } from './follow-up.processor';
import { ActionsReportRepository } from './reports/actions-report.repository';
import { ActionsReportService } from './reports/actions-report.service';
import { ReconnectRankingRepository } from './reports/reconnect-ranking.repository';
import { SourceReportRepository } from './reports/source-report.repository';
import { SourceReportService } from './reports/source-report.service';

// The tasks report's per-staff figures are read through its own repository (read-only SQL over
// staff_task and visit), so the actions ranking shows exactly what GET /reports/tasks shows.
const REPORTS = [SourceReportRepository, SourceReportService, ActionsReportRepository, ActionsReportService, TasksReportRepository, ReconnectRankingRepository];

/** Follow-up (spec/actions.md "Follow-up: which actions worked"), HTTP side: the reports. */
@Module({ controllers: [FollowUpReportsController, FollowUpController], providers: [ConversionRepository, FollowUpComputeService, ...REPORTS] })
export class FollowUpModule {}

/** Follow-up, worker side: conversion passes on a schedule and after goal data arrives. */
@Module({ providers: [ConversionRepository, FollowUpComputeService, FollowUpProcessor, FollowUpListeners] })
export class FollowUpWorkerModule {}
