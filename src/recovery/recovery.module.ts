import { Module } from '@nestjs/common';
import { RecoveryIntakeHttpModule, RecoveryIntakeWorkerModule } from './intake/recovery-intake.module';
import { BoardRepository } from './board/board.repository';
import { EntriesService } from './entries/entries.service';
import { EntryRepository } from './entries/entry.repository';
import { RecoveryEntriesController, RecoverySettingsController } from './recovery.controller';
import { RecoveryReportsRepository } from './reports/recovery-reports.repository';
import { PhaseGroupsRepository } from './settings/phase-groups.repository';
import { PhaseGroupsService } from './settings/phase-groups.service';
import { RecoverySettingsRepository } from './settings/recovery-settings.repository';

const CORE = [PhaseGroupsRepository, RecoverySettingsRepository, EntryRepository];

/** Recovery (docs/recovery.md), HTTP side: settings, the board and entries, reports. */
@Module({
  imports: [RecoveryIntakeHttpModule],
  controllers: [RecoverySettingsController, RecoveryEntriesController],
  providers: [...CORE, PhaseGroupsService, EntriesService, BoardRepository, RecoveryReportsRepository],
  exports: [RecoverySettingsRepository],
})
export class RecoveryModule {}

/** Recovery, worker side: intake from ingest, the daily backstop, automatic outcomes. */
@Module({
  imports: [RecoveryIntakeWorkerModule],
  providers: [...CORE],
  exports: [RecoverySettingsRepository],
})
export class RecoveryWorkerModule {}
