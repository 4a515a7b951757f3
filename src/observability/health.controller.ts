import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { PublicRoute } from './metrics.controller';
import { HealthChecks } from './health.service';

/**
 * Liveness and readiness for an orchestrator or load balancer (docs/operations.md "Health").
 * Public: they say nothing about any business. Not part of the product API, so not in the
 * OpenAPI document.
 */
@ApiExcludeController()
@PublicRoute()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly checks: HealthChecks,
  ) {}

  /** The process answers: no dependency is looked at, so a database outage never restarts it. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** 200 when this process can serve requests; 503 naming every failing check otherwise. */
  @Get('ready')
  @HealthCheck()
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
