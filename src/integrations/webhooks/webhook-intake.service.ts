import { Injectable, Logger } from '@nestjs/common';
import { DomainError, ErrorCode } from '../../common/domain-error';
import { describeProblem, inputProblems, NUL_REASON } from '../../common/input-limits';
import { countWebhook } from '../../observability';
import { JobQueue } from '../../queue/job-queue.service';
import { JobName } from '../../queue/queue-names';
import { Connection, ConnectionRepository } from '../connections/connection.repository';
import { EventInboxRepository } from './event-inbox.repository';
import { InboxBatcher } from './inbox-batcher';
import { Headers, InboundEvent } from './webhook-connector';
import { Rejection, WebhookRejectionRepository } from './webhook-rejection.repository';
import { WEBHOOK_CONNECTORS } from './webhook-connectors';

// One drain job per business per 100 ms bucket: a burst of deliveries collapses into a few
// jobs that each write hundreds of events in one transaction. The job is delayed to the end
// of its bucket, so every event that computed that bucket was committed before the job can
// start: a job id that is already taken never means a missed event.
const DRAIN_BUCKET_MS = 100;

function drainJob(businessId: string, now = Date.now()): { jobId: string; delay: number } {
  const bucket = Math.floor(now / DRAIN_BUCKET_MS);
  return { jobId: `drain:${businessId}:${bucket}`, delay: Math.max(0, (bucket + 1) * DRAIN_BUCKET_MS - now) };
}
const ENQUEUE_TIMEOUT_MS = 1500;
// Connections are read on every delivery; a short cache spares the query and the decrypt.
// A rotated secret reaches every API process within this time.
const CONNECTION_CACHE_MS = 5000;
const CONNECTION_CACHE_MAX = 10_000;

export interface IntakeResult {
  received: number;
  duplicates: number;
  queued: boolean;
  events: Array<{ id: string; status: 'accepted' | 'duplicate' | 'rejected'; reason?: string }>;
}

/**
 * Verify, store, acknowledge. Nothing is parsed before the signature checks out, and nothing
 * is acknowledged before it is stored; processing happens on the worker. Refusals (signature,
 * parse, an event with a NUL) are recorded in webhook_rejection, bounded.
 */
@Injectable()
export class WebhookIntakeService {
  private readonly logger = new Logger(WebhookIntakeService.name);
  private readonly connectionCache = new Map<string, { at: number; connection: Connection | undefined }>();
  // the last drain job this process queued per business: the same bucket needs no second call
  private readonly lastDrain = new Map<string, string>();

  constructor(
    private readonly connections: ConnectionRepository,
    private readonly inbox: EventInboxRepository,
    private readonly jobs: JobQueue,
    private readonly batcher: InboxBatcher,
    private readonly rejections: WebhookRejectionRepository,
  ) {}

  async accept(source: string, businessId: string, rawBody: Buffer, headers: Headers): Promise<IntakeResult> {
    const connector = WEBHOOK_CONNECTORS.get(source);
    if (!connector) throw new DomainError(ErrorCode.NotFound, `unknown webhook source "${source}"`);
    const connection = await this.connection(businessId, source);
    if (!connection || !connection.enabled) throw new DomainError(ErrorCode.NotFound, `no ${source} connection for this business`);

    const now = new Date();
    const verified = connector.verify(rawBody, headers, { secrets: connection.secrets, config: connection.config, now });
    if (!verified.ok) {
      await this.refuse(businessId, source, now, [{ stage: 'signature', reason: `signature: ${verified.reason}`, body: rawBody }]);
      throw new DomainError(ErrorCode.Unauthorized, `webhook signature rejected: ${verified.reason}`);
    }
    const parsed = connector.parse(rawBody);
    // one walk per event finds both a level past the depth bound and the first NUL
    const problems = parsed.ok ? parsed.events.map((e) => inputProblems(e.payload)) : [];
    const deep = problems.flat().find((p) => p.kind === 'depth');
    if (!parsed.ok || deep) {
      const reason = parsed.ok ? describeProblem(deep!, 'event') : parsed.reason;
      await this.refuse(businessId, source, now, [{ stage: 'parse', reason: `parse: ${reason}`, body: rawBody }]);
      throw new DomainError(ErrorCode.Invalid, reason);
    }

    // PostgreSQL cannot store U+0000: an event carrying one is refused on its own, named by
    // field, and the delivery's other events are stored and acknowledged (no redelivery loop)
    const refused = new Map<string, string>();
    const storable: InboundEvent[] = [];
    for (const [i, e] of parsed.events.entries()) {
      const nul = [e.externalEventId, e.eventType].some((s) => s.includes('\u0000'))
        ? { kind: 'nul' as const, path: e.externalEventId.includes('\u0000') ? 'id' : 'type', reason: NUL_REASON }
        : problems[i].find((p) => p.kind === 'nul');
      if (nul) refused.set(e.externalEventId, describeProblem(nul, 'event'));
      else storable.push(e);
    }
    if (refused.size) {
      await this.refuse(
        businessId,
        source,
        now,
        parsed.events
          .filter((e) => refused.has(e.externalEventId))
          .map((e) => ({ stage: 'event', reason: refused.get(e.externalEventId)!, body: JSON.stringify(e.payload) ?? '', externalEventId: e.externalEventId })),
      );
    }

    const freshIds = storable.length ? await this.batcher.store(businessId, source, storable) : new Set<string>();
    const queued = freshIds.size ? await this.enqueueDrain(businessId) : true;
    countWebhook(source, 'accepted', storable.length);
    return {
      received: parsed.events.length,
      duplicates: storable.length - freshIds.size,
      queued,
      events: parsed.events.map((e) => {
        const reason = refused.get(e.externalEventId);
        if (reason !== undefined) return { id: e.externalEventId, status: 'rejected', reason };
        return { id: e.externalEventId, status: freshIds.has(e.externalEventId) ? 'accepted' : 'duplicate' };
      }),
    };
  }

  /**
   * A connection was changed here (new secret, rotation): this process stops using its cached
   * copy at once; other API processes pick the change up within CONNECTION_CACHE_MS.
   */
  forgetConnection(businessId: string, source: string): void {
    this.connectionCache.delete(`${businessId}:${source}`);
  }

  // The rows are committed already; if Redis is unreachable the sweeper enqueues them later,
  // so the delivery is still acknowledged (stored, never lost).
  private async connection(businessId: string, source: string): Promise<Connection | undefined> {
    const key = `${businessId}:${source}`;
    const hit = this.connectionCache.get(key);
    if (hit && Date.now() - hit.at < CONNECTION_CACHE_MS) return hit.connection;
    const connection = await this.connections.find(businessId, source);
    if (this.connectionCache.size >= CONNECTION_CACHE_MAX) this.connectionCache.clear();
    this.connectionCache.set(key, { at: Date.now(), connection });
    return connection;
  }

  // A refusal is recorded if it can be; a failure to record it never turns the refusal into a 500.
  private async refuse(businessId: string, source: string, at: Date, rejections: Rejection[]): Promise<void> {
    countWebhook(source, 'rejected', rejections.length);
    try {
      await this.rejections.record(businessId, source, at, rejections);
    } catch (e) {
      this.logger.warn(`could not record ${rejections.length} refused ${source} webhook item(s) for ${businessId}: ${(e as Error).message}`);
    }
  }

  private async enqueueDrain(businessId: string): Promise<boolean> {
    const job = drainJob(businessId);
    if (this.lastDrain.get(businessId) === job.jobId) return true;
    try {
      await withTimeout(this.jobs.enqueue(JobName.WebhookProcess, { businessId }, job), ENQUEUE_TIMEOUT_MS);
      if (this.lastDrain.size >= CONNECTION_CACHE_MAX) this.lastDrain.clear();
      this.lastDrain.set(businessId, job.jobId);
      return true;
    } catch (e) {
      this.logger.warn(`stored event(s) for ${businessId} but could not queue them (${(e as Error).message}); the sweeper will`);
      return false;
    }
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`queue did not answer within ${ms} ms`)), ms);
    }),
  ]);
}
