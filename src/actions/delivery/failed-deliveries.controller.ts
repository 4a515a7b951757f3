import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Job } from 'bull';
import { CurrentPrincipal, Principal } from '../../auth';
import { JobQueue } from '../../queue/job-queue.service';
import { QueueName } from '../../queue/queue-names';
import { Channel, CHANNELS } from '../actions.types';
import { FailedDeliveriesQuery } from '../dto/actions.dto';
import { FailedDeliveriesDto, FailedJobDto, FailedTouchDto } from '../dto/actions-response.dto';
import { TouchReadRepository } from '../touches/touch-read.repository';

const QUEUE: Record<Channel, QueueName> = {
  email: QueueName.DeliverEmail,
  sms: QueueName.DeliverSms,
  mailchimp: QueueName.DeliverMailchimp,
  push: QueueName.DeliverPush,
};
/** Failed jobs read per round trip while looking for the caller's. */
const PAGE = 200;
/** Kept failed jobs per queue (queue-options removeOnFail); never read past this. */
const MAX_SCAN = 10_000;

/**
 * The dead-letter list, scoped to the caller's business: delivery jobs Bull kept as failed
 * (retries exhausted, or discarded on a permanent error) and the touches that failed.
 */
@ApiTags('Actions')
@Controller('api/v1/deliveries')
export class FailedDeliveriesController {
  constructor(
    private readonly jobs: JobQueue,
    private readonly touches: TouchReadRepository,
  ) {}

  @Get('failed')
  async failed(@CurrentPrincipal() p: Principal, @Query() q: FailedDeliveriesQuery): Promise<FailedDeliveriesDto> {
    const limit = q.limit ?? 100;
    const channels = q.channel ? [q.channel] : [...CHANNELS];
    const jobs: FailedJobDto[] = [];
    for (const channel of channels) {
      const queue = this.jobs.queue(QUEUE[channel]);
      for (let start = 0; start < MAX_SCAN && jobs.length < limit; start += PAGE) {
        const page: Job[] = (await queue.getFailed(start, start + PAGE - 1)).filter(Boolean);
        for (const job of page) {
          if (job.data?.businessId !== p.businessId || jobs.length >= limit) continue;
          const stack: string[] = job.stacktrace ?? [];
          const last = stack[stack.length - 1] ?? '';
          jobs.push({
            id: String(job.id),
            channel,
            runId: job.data.runId,
            touches: job.data.touchIds?.length ?? 0,
            attemptsMade: job.attemptsMade,
            failedReason: job.failedReason ?? null,
            permanent: last.startsWith('PermanentDeliveryError') || job.attemptsMade < (job.opts.attempts ?? 1),
            failedAt: job.finishedOn ? new Date(job.finishedOn) : null,
          });
        }
        if (page.length < PAGE) break;
      }
    }
    return { jobs, touches: (await this.touches.recentFailures(p.businessId, q.channel, limit)) as unknown as FailedTouchDto[] };
  }
}
