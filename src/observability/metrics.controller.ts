import { Controller, Get, Inject, Req, Res, SetMetadata } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { metricsAccess } from './metrics-access';
import { metricsRegistry } from './metrics';

/**
 * The auth guard's "no credential needed" mark (src/auth/public.decorator.ts). Set by its key
 * here because this plumbing module imports no domain; test/e2e/observability-*.e2e-spec.ts
 * fails if the key ever stops matching (the routes would answer 401).
 */
export const PublicRoute = () => SetMetadata('comeback:public', true);

/** Prometheus text format; who may read it: metrics-access.ts (loopback, or METRICS_TOKEN). */
@ApiTags('Operations')
@PublicRoute()
@Controller()
export class MetricsController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get('metrics')
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text format (docs/operations.md "Metrics")', content: { 'text/plain': { schema: { type: 'string' } } } })
  @ApiErrors({ 401: 'METRICS_TOKEN is set and the bearer token is missing or wrong', 403: 'no METRICS_TOKEN and the caller is not on this machine' })
  async metrics(@Req() req: Request, @Res() res: Response): Promise<void> {
    const access = metricsAccess(req, this.config.METRICS_TOKEN);
    if (access !== 'ok') {
      const status = access === 'unauthorized' ? 401 : 403;
      res.status(status).json({
        statusCode: status,
        error: access,
        message: status === 401 ? 'Send Authorization: Bearer <METRICS_TOKEN>' : 'Metrics are served to this machine only (set METRICS_TOKEN to read them from elsewhere)',
      });
      return;
    }
    res.setHeader('Content-Type', metricsRegistry.contentType);
    res.send(await metricsRegistry.metrics());
  }
}
