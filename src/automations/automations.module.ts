import { Module } from '@nestjs/common';
import { ActionsModule, ActionsWorkerModule } from '../actions';
import { SegmentsModule, SegmentsWorkerModule } from '../segments';
import { TasksModule, TasksWorkerModule } from '../tasks';
import { AutomationRepository } from './automation.repository';
import { AutomationsController } from './automations.controller';
import { AutomationsListeners } from './automations.listeners';
import { AutomationsProcessor } from './automations.processor';
import { AutomationsService } from './automations.service';
import { DefinitionChecker } from './definition/definition-checker.service';
import { PlaybookService } from './playbook/playbook.service';
import { AutomationEnroller } from './runs/automation-enroller.service';
import { AutomationRunner } from './runs/automation-runner.service';
import { BranchRepository } from './runs/branch.repository';
import { DoorAlertRepository } from './runs/door-alert.repository';
import { DoorAlertsService } from './runs/door-alerts.service';
import { EnrollmentRepository } from './runs/enrollment.repository';
import { StepExecutor } from './runs/step-executor';

const SHARED = [AutomationRepository, EnrollmentRepository, AutomationRunner, StepExecutor, BranchRepository, DoorAlertRepository];

/** Automations (docs/automations.md), HTTP side: definitions, enable / pause / archive, progress, the playbook. */
@Module({
  imports: [SegmentsModule, ActionsModule, TasksModule],
  controllers: [AutomationsController],
  providers: [...SHARED, DefinitionChecker, PlaybookService, AutomationsService],
})
export class AutomationsModule {}

/** Automations, worker side: listeners of the events triggers match on, step jobs, schedules, "at the door", the sweep. */
@Module({
  imports: [SegmentsWorkerModule, ActionsWorkerModule, TasksWorkerModule],
  providers: [...SHARED, AutomationEnroller, DoorAlertsService, AutomationsProcessor, AutomationsListeners],
})
export class AutomationsWorkerModule {}

/** For the playbook command: the playbook and what it needs, nothing that serves or consumes. */
@Module({
  imports: [SegmentsModule],
  providers: [AutomationRepository, PlaybookService],
})
export class AutomationsPlaybookModule {}
