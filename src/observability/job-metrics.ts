import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Job } from 'bull';
import { createServer, Server } from 'http';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobQueue } from '../queue/job-queue.service';
import { QueueName } from '../queue/queue-names';
import { metricsAccess } from './metrics-access';
import { jobDuration, metricsRegistry } from './metrics';

/**
 * Worker: times every job this process runs (comeback_job_duration_seconds) from Bull's own
 * events, and serves the registry on METRICS_PORT when set (docs/operations.md "Metrics"): jobs
 * and sends happen here, not in the API, so a scraper reads each worker too.
 */
@Injectable()
export class JobMetrics implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('metrics');
  private server: Server | undefined;

  constructor(
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const name of Object.values(QueueName)) {
      const queue = this.jobs.bull(name);
      const started = new Map<string, number>();
      queue.on('active', (job: Job) => void started.set(String(job.id), Date.now()));
      const end = (outcome: 'completed' | 'failed') => (job: Job) => {
        const at = started.get(String(job.id));
        started.delete(String(job.id));
        if (at !== undefined) jobDuration.observe({ queue: name, outcome }, (Date.now() - at) / 1000);
      };
      queue.on('completed', end('completed'));
      queue.on('failed', end('failed'));
    }
    if (this.config.METRICS_PORT) await this.listen(this.config.METRICS_PORT);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise((resolve) => server.close(resolve));
  }

  private async listen(port: number): Promise<void> {
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('only GET /metrics here\n');
        return;
      }
      const access = metricsAccess(req, this.config.METRICS_TOKEN);
      if (access !== 'ok') {
        res.writeHead(access === 'unauthorized' ? 401 : 403, { 'Content-Type': 'text/plain' }).end(`${access}\n`);
        return;
      }
      metricsRegistry.metrics().then(
        (text) => res.writeHead(200, { 'Content-Type': metricsRegistry.contentType }).end(text),
        (e: Error) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`${e.message}\n`),
      );
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '0.0.0.0', () => resolve());
    });
    this.server = server;
    this.logger.log(`worker metrics on :${port}/metrics`);
  }
}
