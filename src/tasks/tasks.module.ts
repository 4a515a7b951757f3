import { Module } from '@nestjs/common';
import { StaffDirectoryRepository } from './staff-directory.repository';
import { StaffTeamsService } from './staff-teams.service';
import { TaskAccess } from './task-access';
import { TaskAutoCloseRepository } from './task-auto-close.repository';
import { TaskCreateRepository } from './task-create.repository';
import { SystemMailer } from '../common/system-mailer';
import { TaskNotifierService } from './task-notifier.service';
import { TaskNotifyRepository } from './task-notify.repository';
import { TaskRepository } from './task.repository';
import { StaffKeysController, StaffTeamsController, TasksController, TasksReportController } from './tasks.controller';
import { TasksApiService } from './tasks-api.service';
import { TasksBulkController } from './tasks-bulk.controller';
import { TasksReportRepository } from './tasks-report.repository';
import { TasksReportService } from './tasks-report.service';
import { TasksListeners } from './tasks.listeners';
import { TasksProcessor } from './tasks.processor';
import { TasksService } from './tasks.service';

const CORE = [TaskCreateRepository, TasksService];

/** Staff tasks (spec/actions.md "Staff tasks"), HTTP side: the task API, teams, staff keys, the report. */
@Module({
  controllers: [TasksController, TasksBulkController, StaffTeamsController, StaffKeysController, TasksReportController],
  providers: [...CORE, TaskRepository, StaffDirectoryRepository, TaskAccess, TasksApiService, StaffTeamsService, TasksReportRepository, TasksReportService],
  exports: [TasksService],
})
export class TasksModule {}

/** Staff tasks, worker side: assignee emails, auto-close when a client returns, the sweep. */
@Module({
  providers: [...CORE, TaskNotifyRepository, SystemMailer, TaskNotifierService, TaskAutoCloseRepository, TasksProcessor, TasksListeners],
  exports: [TasksService],
})
export class TasksWorkerModule {}
