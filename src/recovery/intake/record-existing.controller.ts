import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'crypto';
import { actorOf, CurrentPrincipal, Principal, Roles } from '../../auth';
import { notFound } from '../../common/domain-error';
import { ApiErrors } from '../../openapi/api-errors.decorator';
import { JobQueue } from '../../queue/job-queue.service';
import { JobName, QueueName } from '../../queue/queue-names';
import { RecordExistingJobDto, RecordExistingProgressDto } from './record-existing.dto';

// job ids are uuids this route hands out; anything else names no job (404 before Redis is asked)
const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const isProgress = (p: unknown): p is RecordExistingProgressDto => typeof p === 'object' && p !== null && 'total' in p;

@ApiTags('Recovery')
@Controller('api/v1/recovery/record-existing')
export class RecordExistingController {
  constructor(private readonly jobs: JobQueue) {}

  /**
   * "Record existing cancellations": a job that creates entries for every cancelled subscription
   * still running, under the current settings. Poll GET /record-existing/:jobId for its progress.
   */
  @Post()
  @HttpCode(202)
  @Roles('admin', 'manager')
  async start(@CurrentPrincipal() p: Principal): Promise<RecordExistingJobDto> {
    const jobId = randomUUID();
    await this.jobs.enqueue(JobName.RecoveryRecordExisting, { businessId: p.businessId, requestedBy: actorOf(p) }, { jobId });
    return { jobId, state: 'queued', progress: null, error: null };
  }

  @Get(':jobId')
  @Roles('admin', 'manager')
  @ApiErrors({ 404: 'no such job of this business (finished jobs are kept for the last 100 recovery jobs)' })
  async get(@CurrentPrincipal() p: Principal, @Param('jobId') jobId: string): Promise<RecordExistingJobDto> {
    if (!JOB_ID.test(jobId)) throw notFound('record-existing job');
    const job = await this.jobs.queue(QueueName.Recovery).getJob(jobId);
    if (!job || job.name !== (JobName.RecoveryRecordExisting as string) || (job.data as { businessId?: string }).businessId !== p.businessId) throw notFound('record-existing job');
    const state = await job.getState();
    const progress: unknown = state === 'completed' ? job.returnvalue : job.progress();
    return {
      jobId,
      state: state === 'completed' ? 'done' : state === 'failed' ? 'failed' : state === 'active' ? 'running' : 'queued',
      progress: isProgress(progress) ? { total: progress.total, done: progress.done, created: progress.created } : null,
      error: state === 'failed' ? (job.failedReason ?? 'failed') : null,
    };
  }
}
