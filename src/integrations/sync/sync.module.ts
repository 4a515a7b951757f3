import { Module } from '@nestjs/common';
import { ClientsModule } from '../../clients';
import { SecretBoxProvider } from '../../common/secret-box.provider';
import { ConnectionRepository } from '../connections/connection.repository';
import { IntegrationStatusService } from './integration-status.service';
import { MindbodySyncService } from './mindbody-sync.service';
import { OverviewMembersService } from './overview-members.service';
import { OverviewRepository } from './overview.repository';
import { SyncPlanner } from './sync-planner.service';
import { SyncStateRepository } from './sync-state.repository';
import { SyncTrigger } from './sync-trigger.service';
import { SyncController } from './sync.controller';
import { SyncProcessor } from './sync.processor';
import { SyncScheduler } from './sync.scheduler';

// Stateless repositories are provided on each side rather than exported (STYLE.md rule 2).
const SHARED = [SecretBoxProvider, ConnectionRepository, SyncStateRepository];

/** Sync, HTTP side: trigger, overview, integration status (used by ConnectionsController). */
@Module({
  controllers: [SyncController],
  providers: [...SHARED, OverviewRepository, OverviewMembersService, IntegrationStatusService, SyncTrigger],
  exports: [IntegrationStatusService, SyncTrigger],
})
export class SyncModule {}

/** Sync, worker side: the schedule, the plan fan-out and the Mindbody sync runs. */
@Module({
  imports: [ClientsModule],
  providers: [...SHARED, SyncPlanner, SyncScheduler, SyncProcessor, MindbodySyncService],
})
export class SyncWorkerModule {}
