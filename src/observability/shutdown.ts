import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Job, Queue } from 'bull';
import { Server } from 'http';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobQueue } from '../queue/job-queue.service';
import { QueueName } from '../queue/queue-names';

/**
 * Graceful shutdown (docs/operations.md "Shutdown"). Nest runs onModuleDestroy hooks before it
 * closes the HTTP server and the queues, and other modules close their SMTP pools and timers in
 * theirs: so these drains are provided by the root module, whose hooks run first, and the rest of
 * the app is still whole while requests and jobs finish.
 */

/** API: stop accepting connections, let requests in flight finish within SHUTDOWN_GRACE_MS, then cut what is left. */
@Injectable()
export class HttpDrain implements OnModuleDestroy {
  private readonly logger = new Logger('shutdown');

  constructor(
    @Optional() private readonly adapterHost: HttpAdapterHost | undefined,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleDestroy(): Promise<void> {
    const server = this.adapterHost?.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server?.listening) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // a keep-alive connection that finishes its request is idle: close it then, not at the end
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    server.closeIdleConnections();
    const inTime = await Promise.race([closed.then(() => true), delay(this.config.SHUTDOWN_GRACE_MS).then(() => false)]);
    clearInterval(idle);
    if (!inTime) {
      this.logger.warn(`requests still running after ${this.config.SHUTDOWN_GRACE_MS} ms (SHUTDOWN_GRACE_MS): connections closed`);
      server.closeAllConnections();
      await closed;
    }
  }
}

/**
 * Worker: stop taking jobs, let the running ones finish within SHUTDOWN_GRACE_MS, and hand back
 * to their queue (a retry, as after a failure) any still running then, so another worker runs
 * them without waiting for their locks to expire.
 */
@Injectable()
export class WorkerDrain implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('shutdown');
  /** The jobs this process is running, to hand back those the grace period does not see end. */
  private readonly running = new Map<string, Job>();
  private readonly waiters: Array<() => void> = [];

  constructor(
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    for (const name of Object.values(QueueName)) {
      const queue = this.jobs.bull(name);
      // the handler's own promise ends it too: a job whose outcome cannot be written (Redis
      // restarted without it) emits neither 'completed' nor 'failed'
      queue.on('active', (job: Job, work?: Promise<unknown>) => {
        const key = `${name}:${job.id}`;
        this.running.set(key, job);
        void work?.then(
          () => this.ended(key),
          () => this.ended(key),
        );
      });
      queue.on('completed', (job: Job) => this.ended(`${name}:${job.id}`));
      queue.on('failed', (job: Job) => this.ended(`${name}:${job.id}`));
    }
  }

  private ended(key: string): void {
    this.running.delete(key);
    if (this.running.size) return;
    for (const resolve of this.waiters.splice(0)) resolve();
  }

  /** Resolves once no job of this process is running. */
  private idle(): Promise<void> {
    return this.running.size ? new Promise((resolve) => this.waiters.push(resolve)) : Promise.resolve();
  }

  async onModuleDestroy(): Promise<void> {
    const queues = Object.values(QueueName).map((name) => this.jobs.bull(name));
    const grace = this.config.SHUTDOWN_GRACE_MS;
    // A local pause that does not wait stops fetching at once; then this process's running jobs
    // (known from their events) are awaited here. Bull's waiting pause reconnects its blocking
    // connection in a promise it observes only once the jobs are done: when they overran and the
    // queue was closed under that reconnection, it rejected unobserved, and the worker exited
    // with status 1 instead of by the signal.
    const finished = Promise.all(queues.map((q) => q.pause(true, true).catch(() => undefined))).then(() => this.idle());
    const inTime = await Promise.race([finished.then(() => true), delay(grace).then(() => false)]);
    if (inTime) return;
    const left = [...this.running.values()];
    this.logger.warn(`${left.length} job(s) still running after ${grace} ms (SHUTDOWN_GRACE_MS): handed back to their queues`);
    await Promise.all(left.map((job) => job.moveToFailed({ message: 'worker shut down before the job finished; retried' }, true).catch(() => undefined)));
    // the queues close without waiting for those handlers (Nest's own close would wait for ever)
    await Promise.all(queues.map((q: Queue) => q.close(true).catch(() => undefined)));
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
