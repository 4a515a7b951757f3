import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainEvents } from '../queue/domain-events';
import { JobQueue } from '../queue/job-queue.service';
import { JobName } from '../queue/queue-names';

/** Open staff tasks of clients who came back close themselves, debounced (docs/tasks.md). */
@Injectable()
export class TasksListeners implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.events.on(JobName.ClientsChanged, 'tasks', async ({ businessId, changes }) => {
      if (!changes.some((c) => c.kinds.includes('visit'))) return;
      await this.jobs.enqueueDebounced(JobName.TasksAutoClose, `tasks-auto-close:${businessId}`, this.config.TASKS_DEBOUNCE_SECONDS, (window) => ({ businessId, window }));
    });
  }
}
