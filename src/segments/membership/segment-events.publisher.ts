import { Injectable, Logger } from '@nestjs/common';
import { DomainEvents } from '../../queue/domain-events';
import { JobName } from '../../queue/queue-names';
import { SegmentTransitionsRepository } from './segment-transitions.repository';

const CLIENTS_PER_EVENT = 1000;

/**
 * Publishes an evaluation's transitions as segment.entered / segment.exited jobs after its commit.
 * Job ids are derived from the transition rows, so publishing twice (a retry, the sweep) adds
 * nothing Bull still holds; consumers key on (evaluationId, clientId) for the rest.
 */
@Injectable()
export class SegmentEventsPublisher {
  private readonly logger = new Logger(SegmentEventsPublisher.name);

  constructor(
    private readonly transitions: SegmentTransitionsRepository,
    private readonly events: DomainEvents,
  ) {}

  async publish(evaluationId: string): Promise<number> {
    const ev = await this.transitions.evaluation(evaluationId);
    if (!ev) return 0;
    let published = 0;
    for (const [kind, name] of [
      ['entered', JobName.SegmentEntered],
      ['exited', JobName.SegmentExited],
    ] as const) {
      let after: string | null = null;
      for (;;) {
        const page = await this.transitions.clientIds(evaluationId, kind, after, CLIENTS_PER_EVENT);
        if (!page.clientIds.length) break;
        await this.events.publish(name, [
          {
            data: { businessId: ev.businessId, segmentId: ev.segmentId, evaluationId, at: ev.at, clientIds: page.clientIds },
            opts: { jobId: `segment-${kind}:${evaluationId}:${after ?? 0}` },
          },
        ]);
        published += page.clientIds.length;
        after = page.lastId;
      }
    }
    await this.transitions.markPublished(evaluationId);
    return published;
  }

  /** After commit: a failure leaves the evaluation unpublished for the sweep, never loses it. */
  async publishQuietly(evaluationId: string): Promise<void> {
    try {
      await this.publish(evaluationId);
    } catch (e) {
      this.logger.warn(`segment evaluation ${evaluationId}: events not published yet (${(e as Error).message}); the sweep retries`);
    }
  }
}
