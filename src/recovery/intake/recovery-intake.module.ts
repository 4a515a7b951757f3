import { Module } from '@nestjs/common';
import { RecoveryListeners } from '../recovery.listeners';
import { RecordExistingController } from './record-existing.controller';
import { RecoveryIntakeProcessor } from './recovery-intake.processor';
import { RecoveryIntakeRepository } from './recovery-intake.repository';
import { RecoveryIntakeService } from './recovery-intake.service';

/** Intake, HTTP side: "record existing cancellations" (start, progress). */
@Module({ controllers: [RecordExistingController] })
export class RecoveryIntakeHttpModule {}

/** Intake, worker side: ingest jobs, the daily backstop, the record-existing job, the clients.changed listener. */
@Module({ providers: [RecoveryIntakeRepository, RecoveryIntakeService, RecoveryIntakeProcessor, RecoveryListeners] })
export class RecoveryIntakeWorkerModule {}
