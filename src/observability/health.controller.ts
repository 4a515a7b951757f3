import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { PublicRoute } from './metrics.controller';
import { HealthChecks } from './health.service';

const CHECKS: SchemaObject = {
  type: 'object',
  additionalProperties: { type: 'object', properties: { status: { type: 'string', enum: ['up', 'down'] }, message: { type: 'string' } }, required: ['status'] },
} as const;
const READY_SCHEMA: SchemaObject = {
  type: 'object',
  properties: { status: { type: 'string', enum: ['ok', 'error', 'shutting_down'] }, info: CHECKS, error: CHECKS, details: CHECKS },
  required: ['status', 'details'],
};

/**
 * Liveness and readiness for an orchestrator or load balancer (docs/operations.md "Health").
 * Public: they say nothing about any business.
 */
@ApiTags('Operations')
@PublicRoute()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly checks: HealthChecks,
  ) {}

  /** The process answers: no dependency is looked at, so a database outage never restarts it. */
  @Get('live')
  @ApiOkResponse({ description: 'The process answers', schema: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] } }, required: ['status'] } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** 200 when this process can serve requests; 503 naming every failing check otherwise. */
  @Get('ready')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOkResponse({ description: 'Every check is up: `{status: "ok", info: {database, redis, queues, process}}`', schema: READY_SCHEMA })
  @ApiErrors({ 503: 'not ready: `message` names each failing check (database, redis, queues, process), `error` has their details' })
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.checks.process(), () => this.checks.database(), () => this.checks.redis(), () => this.checks.queues()]);
    } catch (e) {
      if (!(e instanceof ServiceUnavailableException)) throw e;
      const body = e.getResponse() as HealthCheckResult;
      const failing = Object.entries(body.error ?? {}).map(([name, r]) => `${name}: ${(r as { message?: string }).message ?? 'down'}`);
      throw new ServiceUnavailableException({ statusCode: 503, message: `not ready: ${failing.join('; ')}`, ...body });
    }
  }
}
