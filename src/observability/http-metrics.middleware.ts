import { Injectable, NestMiddleware } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { httpDuration } from './metrics';

/**
 * Times every request and labels it with the route template Express matched
 * (`/api/v1/clients/:id`), never the raw URL: one series per route, not per client id. Requests
 * no route matched (the web app's files, 404s) share `route="unmatched"`.
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    const end = httpDuration.startTimer();
    res.once('finish', () => end({ method: req.method, route: routeOf(req), status: String(res.statusCode) }));
    next();
  }
}

function routeOf(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path !== 'string') return req.originalUrl.startsWith('/admin/queues') ? '/admin/queues' : 'unmatched';
  return `${req.baseUrl ?? ''}${path}` || '/';
}
