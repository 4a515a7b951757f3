import { INestApplication } from '@nestjs/common';
import { Express, NextFunction, Request, Response } from 'express';
import { Histogram } from 'prom-client';
import { metricsRegistry } from '../../observability';
import { ClickController } from './click.controller';

/**
 * GET /c/:token and GET /o/:file answered by Express before anything else, with the same
 * ClickController methods. Through the whole Nest pipeline (request log line, request id, body
 * parsers, request context, guards, interceptors) a redirect cost about 1.6 ms of CPU, most of
 * it not the redirect's (docs/benchmarks.md "bench:click"): at 500 clicks/s that is most of the
 * one event loop, and queueing alone then breaks a 20 ms p99. These routes need none of it:
 * no login, no body, nothing per business to log (the token must not be logged anyway); a
 * click the database cannot record is logged by the controller. They still count in
 * `comeback_http_request_duration_seconds` under their route templates. The controller keeps
 * the routes (and their OpenAPI description) for any request that would not come this way.
 */
export function installTrackingRoutes(app: INestApplication): void {
  const express = app.getHttpAdapter().getInstance() as Express;
  const controller = app.get(ClickController);
  const duration = metricsRegistry.getSingleMetric('comeback_http_request_duration_seconds') as Histogram<'method' | 'route' | 'status'> | undefined;
  const timed = (route: string, answer: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => {
    const end = duration?.startTimer();
    if (end) res.once('finish', () => end({ method: 'GET', route, status: String(res.statusCode) }));
    answer(req, res).catch(next);
  };
  express.get(
    '/c/:token',
    timed('/c/:token', (req, res) => controller.click(req.params.token as string, res)),
  );
  express.get(
    '/o/:file',
    timed('/o/:file', (req, res) => controller.open(req.params.file as string, res)),
  );
}
