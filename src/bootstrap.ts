import 'reflect-metadata';
import { INestApplication, INestApplicationContext, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { installTrackingRoutes } from './actions';
import { AppModule, AppRole } from './app.module';
import { AppConfig } from './config/app-config';
import { ConfigError, validateEnv } from './config/validate-env';
import { installBodyParsing } from './common/body-parsing';
import { createValidationPipe } from './common/validation';
import { checkPostgres, checkRedis } from './database/connection-check';
import { setupOpenApi } from './openapi/openapi-document';
import { JsonLogger } from './observability';

/** Validates config and reaches PostgreSQL and Redis, or throws one readable line. */
export async function preflight(env: NodeJS.ProcessEnv = process.env): Promise<AppConfig> {
  const config = validateEnv(env);
  const problems = (await Promise.all([checkPostgres(config.DATABASE_URL), checkRedis(config.REDIS_URL)])).filter(Boolean);
  if (problems.length) throw new ConfigError(problems.join('\n'));
  return config;
}

export async function createHttpApp(role: 'api' | 'all', config: AppConfig): Promise<INestApplication> {
  // JSON lines through pino (docs/operations.md "Logs"); what Nest logs while booting waits for it
  const app = await NestFactory.create(AppModule.forRole(role, config), { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(JsonLogger));
  // no `X-Powered-By: Express` on any answer: it only tells a scanner what to try
  app.getHttpAdapter().getInstance().disable('x-powered-by');
  // the click and open redirects, ahead of the whole pipeline (path-scoped: /c/ and /o/ only)
  installTrackingRoutes(app);
  installBodyParsing(app, config);
  app.useGlobalPipes(createValidationPipe());
  await setupOpenApi(app);
  app.enableShutdownHooks();
  return app;
}

export async function createWorker(config: AppConfig): Promise<INestApplicationContext> {
  const ctx = await NestFactory.createApplicationContext(AppModule.forRole('worker', config), { bufferLogs: true });
  ctx.useLogger(ctx.get(JsonLogger));
  ctx.enableShutdownHooks();
  return ctx;
}

export async function createCliContext(config: AppConfig): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(AppModule.forRole('cli', config), { logger: ['error', 'warn'] });
}

export function runMain(role: AppRole, start: (config: AppConfig) => Promise<void>): void {
  preflight()
    .then(start)
    .catch((e) => {
      if (e instanceof ConfigError) {
        console.error(e.message);
      } else {
        new Logger('bootstrap').error((e as Error).stack ?? String(e));
      }
      process.exit(1);
    });
}
