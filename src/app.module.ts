import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { AuthModule } from './auth/auth.module';
import { BusinessModule } from './business/business.module';
import { ClientsModule } from './clients/clients.module';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { IntegrationsModule, IntegrationsWorkerModule } from './integrations/integrations.module';
import { SyncWorkerModule } from './integrations/sync/sync.module';
import { QueueModule } from './queue/queue.module';
import { ReportsModule } from './reports/reports.module';
import { RiskModule, RiskWorkerModule } from './risk/risk.module';

/**
 * api: HTTP only (controllers, producers). worker: queue processors and schedules, no HTTP.
 * all: both in one process (the demo). cli: services only, for commands.
 */
export type AppRole = 'api' | 'worker' | 'all' | 'cli';

const CORE: ModuleMetadata['imports'] = [DatabaseModule, QueueModule, BusinessModule, ClientsModule];
const HTTP: ModuleMetadata['imports'] = [AuthModule, IntegrationsModule, RiskModule, ReportsModule];
const WORKER: ModuleMetadata['imports'] = [ScheduleModule.forRoot(), IntegrationsWorkerModule, SyncWorkerModule, RiskWorkerModule];

@Module({})
export class AppModule {
  static forRole(role: AppRole, config?: AppConfig): DynamicModule {
    const http = role === 'api' || role === 'all';
    const worker = role === 'worker' || role === 'all';
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), ...CORE!, ...(http ? HTTP! : []), ...(worker ? WORKER! : [])],
      providers: http ? [{ provide: APP_FILTER, useClass: HttpExceptionFilter }] : [],
    };
  }
}
