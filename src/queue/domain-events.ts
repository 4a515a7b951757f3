import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job, JobOptions } from 'bull';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobOf } from './job-payloads';
import { JobQueue } from './job-queue.service';
import { JOB_QUEUE, JobName, QueueName } from './queue-names';
import { Handlers, registerProcessor } from './register-processor';

/**
 * Facts one module publishes and any module above it may react to (docs/architecture.md
 * "Events"). Each is a durable job on an events queue, so a producer names the fact and never
 * its consumers.
 */
export const DOMAIN_EVENTS = [
  JobName.ClientsChanged,
  JobName.ClientStatusChanged,
  JobName.ClientHealthBandChanged,
  JobName.ClientUsageDropped,
  JobName.SegmentEntered,
  JobName.SegmentExited,
  JobName.ClientBecameOverdue,
  JobName.RecoveryEntryCreated,
] as const;
export type DomainEvent = (typeof DOMAIN_EVENTS)[number];

const EVENT_QUEUES = [...new Set(DOMAIN_EVENTS.map((e) => JOB_QUEUE[e]))];

export type DomainEventListener<E extends DomainEvent> = (payload: JobOf<E>, job: Job) => Promise<unknown>;

/** The listeners an earlier attempt of this event job completed. */
function listenersDone(job: Job): string[] {
  const progress: unknown = job.progress();
  const done = progress && typeof progress === 'object' ? (progress as { listenersDone?: unknown }).listenersDone : undefined;
  return Array.isArray(done) ? done.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * Publish and subscribe across modules, with the durability of the queues:
 * - `publish` runs after the producer's commit and adds one job per payload (JobQueue keeps it
 *   in the job outbox while Redis is unreachable), so listeners only ever see committed facts;
 * - a module subscribes with `on` when it is initialised (its worker module), and a process
 *   that has listeners consumes the events queues; every listener of an event runs for each job,
 *   in subscription order, each whether or not an earlier one failed (one module's failure,
 *   say risk's during a PostgreSQL outage, does not hold back segments' recompute); if any
 *   threw, the job fails with the first error and Bull retries it. The listeners that
 *   succeeded are recorded on the job (its progress), so a retry runs only the others; a
 *   worker killed mid-job can still run one twice, so listeners are idempotent (a debounced job
 *   id, a job id derived from the event job's, or work keyed on the event).
 * Listeners that start slow work enqueue their own module's job rather than doing it inline.
 */
@Injectable()
export class DomainEvents implements OnApplicationBootstrap {
  private readonly logger = new Logger(DomainEvents.name);
  private readonly listeners = new Map<DomainEvent, Array<{ name: string; fn: DomainEventListener<DomainEvent> }>>();

  constructor(
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  on<E extends DomainEvent>(event: E, listener: string, fn: DomainEventListener<E>): void {
    const list = this.listeners.get(event) ?? [];
    if (list.some((l) => l.name === listener)) throw new Error(`${listener} already listens to ${event}`);
    list.push({ name: listener, fn: fn as DomainEventListener<DomainEvent> });
    this.listeners.set(event, list);
  }

  /** Call after the commit that made the fact true. */
  async publish<E extends DomainEvent>(event: E, items: Array<{ data: JobOf<E>; opts?: JobOptions }>): Promise<void> {
    await this.jobs.enqueueBulk(event, items);
  }

  /** The names of an event's listeners (the order they run in). */
  listenersOf(event: DomainEvent): string[] {
    return (this.listeners.get(event) ?? []).map((l) => l.name);
  }

  async dispatch<E extends DomainEvent>(event: E, payload: JobOf<E>, job: Job): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    const done = new Set(listenersDone(job));
    let failure: unknown;
    for (const l of this.listeners.get(event) ?? []) {
      if (done.has(l.name)) continue;
      try {
        out[l.name] = await l.fn(payload, job);
        done.add(l.name);
        // best effort: if it is not recorded, a retry runs this listener again (it is idempotent)
        await job.progress({ listenersDone: [...done] }).catch(() => undefined);
      } catch (e) {
        this.logger.warn(`${event} ${job.id}: listener ${l.name} failed: ${(e as Error).message}`);
        failure ??= e;
      }
    }
    // the first error decides how the job is retried (an unreachable PostgreSQL gives the attempt back)
    // rethrown as it came: wrapping would drop the driver's code that marks an outage, and
    // instanceof Error is no test (errors made by Node's core fail it inside jest's sandbox)
    if (failure !== undefined) throw failure as Error;
    return out;
  }

  /** Processes use the events queues only when something in them listens (the worker roles). */
  onApplicationBootstrap(): void {
    if (!this.listeners.size) return;
    for (const queue of EVENT_QUEUES) {
      const handlers = Object.fromEntries(
        DOMAIN_EVENTS.filter((e) => JOB_QUEUE[e] === queue).map((e) => [e, (data: JobOf<DomainEvent>, job: Job) => this.dispatch(e, data, job)]),
      ) as unknown as Handlers<QueueName>;
      registerProcessor(this.jobs.bull(queue), queue, this.config.QUEUE_CONCURRENCY, handlers);
    }
    this.logger.debug(`listening: ${[...this.listeners].map(([e, l]) => `${e} -> ${l.map((x) => x.name).join(', ')}`).join('; ')}`);
  }
}
