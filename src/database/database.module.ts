import { Global, MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source';
import { HeavyQueryGate } from './heavy-query-gate';
import { INTERACTIVE_APPLICATION_NAME, INTERACTIVE_DB, InteractiveDb } from './interactive-db';
import { RequestContextMiddleware } from './request-context';

/**
 * Two pools (docs/reliability.md "Database load"): the default DataSource for background work,
 * writes and everything else, with a long statement timeout; and the interactive one for reads
 * a person waits for (InteractiveDb), with a short one.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.DATABASE_URL, { statementTimeoutMs: config.BACKGROUND_STATEMENT_TIMEOUT_MS }),
        retryAttempts: 0,
      }),
    }),
    TypeOrmModule.forRootAsync({
      name: INTERACTIVE_DB,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.DATABASE_URL, {
          poolSize: config.INTERACTIVE_POOL_SIZE,
          statementTimeoutMs: config.INTERACTIVE_STATEMENT_TIMEOUT_MS,
          applicationName: INTERACTIVE_APPLICATION_NAME,
        }),
        name: INTERACTIVE_DB,
        retryAttempts: 0,
      }),
    }),
  ],
  providers: [InteractiveDb, HeavyQueryGate],
  exports: [InteractiveDb, HeavyQueryGate],
})
export class DatabaseModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestContextMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
