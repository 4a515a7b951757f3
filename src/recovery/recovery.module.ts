import { Module } from '@nestjs/common';

/** Recovery (docs/recovery.md), HTTP side: settings, the board and entries, reports. */
@Module({
  controllers: [],
  providers: [],
  exports: [],
})
export class RecoveryModule {}

/** Recovery, worker side: intake from ingest, the daily backstop, automatic outcomes. */
@Module({
  providers: [],
  exports: [],
})
export class RecoveryWorkerModule {}
