import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { ActionsModule, ActionsWorkerModule } from './actions';
import { AuditModule } from './audit';
import { AuthModule } from './auth';
import { AutomationsModule, AutomationsWorkerModule } from './automations';
import { BusinessModule } from './business';
import { CampaignsModule, CampaignsWorkerModule } from './campaigns';
import { ClientsHttpModule, ClientsModule } from './clients';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { FollowUpModule, FollowUpWorkerModule } from './follow-up';
import { IntegrationsModule, IntegrationsWorkerModule, SyncWorkerModule } from './integrations';
import { MailboxModule } from './mailbox';
import { HttpDrain, ObservabilityModule, QUEUE_BOARD_GATE, QueueBoardGate, WorkerDrain } from './observability';
import { PrivacyModule } from './privacy';
import { QueueModule } from './queue/queue.module';
import { ReconnectModule, ReconnectWorkerModule } from './reconnect';
import { RecoveryModule, RecoveryWorkerModule } from './recovery';
import { ReportsModule } from './reports';
import { RhythmModule, RhythmWorkerModule } from './rhythm';
import { RiskModule, RiskWorkerModule } from './risk';
import { SegmentsModule, SegmentsWorkerModule } from './segments';
import { TasksModule, TasksWorkerModule } from './tasks';
import { webAppModules } from './web-app/web-app.module';

/**
 * api: HTTP only (controllers, producers). worker: queue processors and schedules, no HTTP.
 * all: both in one process (the demo). cli: services only, for commands.
 */
export type AppRole = 'api' | 'worker' | 'all' | 'cli';

const CORE: ModuleMetadata['imports'] = [DatabaseModule, QueueModule, BusinessModule, AuditModule, ClientsModule];
// ActionsModule before IntegrationsModule: /webhooks/twilio/* must match before /webhooks/:source/:businessId
const HTTP: ModuleMetadata['imports'] = [
  ClientsHttpModule,
  AuthModule,
  ActionsModule,
  IntegrationsModule,
  RiskModule,
  ReportsModule,
  SegmentsModule,
  RhythmModule,
  TasksModule,
  CampaignsModule,
  FollowUpModule,
  AutomationsModule,
  MailboxModule,
  PrivacyModule,
  RecoveryModule,
  ReconnectModule,
];
const WORKER: ModuleMetadata['imports'] = [
  ScheduleModule.forRoot(),
  IntegrationsWorkerModule,
  SyncWorkerModule,
  RiskWorkerModule,
  SegmentsWorkerModule,
  RhythmWorkerModule,
  ActionsWorkerModule,
  TasksWorkerModule,
  CampaignsWorkerModule,
  FollowUpWorkerModule,
  AutomationsWorkerModule,
  RecoveryWorkerModule,
  ReconnectWorkerModule,
];

@Module({})
export class AppModule {
  static forRole(role: AppRole, config?: AppConfig): DynamicModule {
    const http = role === 'api' || role === 'all';
    const worker = role === 'worker' || role === 'all';
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ...CORE!,
        ...(role === 'cli' ? [] : [ObservabilityModule.forRole({ http, worker }, { imports: [AuthModule], inject: [QUEUE_BOARD_GATE], useFactory: (gate: QueueBoardGate) => gate })]),
        ...(http ? [...HTTP!, ...webAppModules()] : []),
        ...(worker ? WORKER! : []),
      ],
      // the drains are the root's own providers: its shutdown hooks run before any module's
      // (docs/operations.md "Shutdown")
      providers: [...(http ? [{ provide: APP_FILTER, useClass: HttpExceptionFilter }, HttpDrain] : []), ...(worker ? [WorkerDrain] : [])],
    };
  }
}
