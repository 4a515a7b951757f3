import { ExpressAdapter } from '@bull-board/express';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { BullBoardModule } from '@bull-board/nestjs';
import { DynamicModule, InjectionToken, MiddlewareConsumer, Module, ModuleMetadata, NestModule, RequestMethod } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { QueueName } from '../queue/queue-names';
import { BusinessLogInterceptor } from './business-log.interceptor';
import { HealthController } from './health.controller';
import { HealthChecks } from './health.service';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { JobMetrics } from './job-metrics';
import { loggerParams } from './logging';
import { MetricsController } from './metrics.controller';
import { QUEUE_BOARD_ROUTE, QueueBoardGate, queueBoardMiddleware } from './queue-board';
import { QueueCountsSource } from './queue-counts';

/** How the composition root gives the queue board its gate (the auth module's admin check). */
export interface QueueBoardGateFactory {
  imports?: ModuleMetadata['imports'];
  inject?: InjectionToken[];
  useFactory: (...deps: any[]) => QueueBoardGate;
}

/** JSON logs (nestjs-pino) for every process that runs the app. */
const logging = () =>
  LoggerModule.forRootAsync({
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => loggerParams(config),
  });

/** HTTP side: health, /metrics, request logs, the queue board. */
@Module({})
class ObservabilityHttpModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}

/**
 * Operations plumbing (docs/operations.md): it imports no domain module; the domains record
 * their figures through index.ts (countWebhook, countSend), and the auth module decides who may
 * open the queue board (QueueBoardGate), wired by the composition root.
 */
@Module({})
export class ObservabilityModule {
  static forRole(role: { http: boolean; worker: boolean }, gate?: QueueBoardGateFactory): DynamicModule {
    const http: DynamicModule[] = [];
    if (role.http) {
      if (!gate) throw new Error('ObservabilityModule: the HTTP role needs the queue board gate');
      http.push({
        module: ObservabilityHttpModule,
        imports: [
          TerminusModule.forRoot({ logger: false }),
          BullBoardModule.forRootAsync({
            imports: gate.imports,
            inject: gate.inject,
            // (cast: @bull-board/express carries its own copy of @bull-board/api's types; one at run time)
            useFactory: (...deps: unknown[]) => ({ route: QUEUE_BOARD_ROUTE, adapter: ExpressAdapter as never, middleware: queueBoardMiddleware(gate.useFactory(...deps)) }),
          }),
          BullBoardModule.forFeature(...Object.values(QueueName).map((name) => ({ name, adapter: BullAdapter }))),
        ],
        controllers: [HealthController, MetricsController],
        providers: [HealthChecks, { provide: APP_INTERCEPTOR, useClass: BusinessLogInterceptor }],
      });
    }
    return {
      module: ObservabilityModule,
      imports: [logging(), ...http],
      providers: [QueueCountsSource, ...(role.worker ? [JobMetrics] : [])],
    };
  }
}
