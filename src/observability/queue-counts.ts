import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { JobQueue } from '../queue/job-queue.service';
import { QueueName } from '../queue/queue-names';
import { QueueCounts, setQueueCounts } from './metrics';

/** Lets the comeback_queue_jobs gauge read this process's queues at scrape time. */
@Injectable()
export class QueueCountsSource implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly read = async (): Promise<QueueCounts> => {
    const entries = await Promise.all(
      Object.values(QueueName).map(async (name) => {
        const c = await this.jobs.queue(name).getJobCounts();
        return [name, { waiting: c.waiting, active: c.active, failed: c.failed, delayed: c.delayed }] as const;
      }),
    );
    return Object.fromEntries(entries);
  };

  constructor(private readonly jobs: JobQueue) {}

  onApplicationBootstrap(): void {
    setQueueCounts(this.read);
  }

  onApplicationShutdown(): void {
    setQueueCounts(undefined, this.read);
  }
}
