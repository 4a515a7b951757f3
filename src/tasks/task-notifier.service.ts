import { Inject, Injectable, Logger } from '@nestjs/common';
import { Job } from 'bull';
import { randomUUID } from 'crypto';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { renderTaskEmail } from './task-email';
import { isPermanentSmtpError, SystemMailer } from '../common/system-mailer';
import { TaskNotifyRepository } from './task-notify.repository';
import { PermanentNotifyError } from './tasks.errors';

type NotifyOutcome = 'sent' | 'nothing' | 'no_address';

/** Handles task.notify: emails the current assignee once per assignment. */
@Injectable()
export class TaskNotifierService {
  private readonly logger = new Logger(TaskNotifierService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly notifications: TaskNotifyRepository,
    private readonly mailer: SystemMailer,
  ) {}

  async notify(businessId: string, taskId: string, job?: Job): Promise<NotifyOutcome> {
    const token = randomUUID();
    const claim = await this.notifications.claim(businessId, taskId, token);
    // already sent, closed, unassigned, or failed for good: nothing to do
    if (claim.kind === 'nothing') return 'nothing';
    // another run holds a fresh claim; retry later (it either sends, or its claim expires)
    if (claim.kind === 'busy') throw new Error(`task ${taskId}: notification is being sent by another run`);
    const d = claim.details;
    if (!d.assigneeEmail?.trim()) {
      await this.notifications.failed(businessId, token, 'assignee has no email address');
      return 'no_address';
    }
    const email = renderTaskEmail({ ...d, taskId, publicBaseUrl: this.config.PUBLIC_BASE_URL });
    let messageId: string | null;
    try {
      ({ messageId } = await this.mailer.send(businessId, d.assigneeEmail.trim(), email));
    } catch (e) {
      const message = (e as Error).message;
      if (isPermanentSmtpError(e)) {
        await this.notifications.failed(businessId, token, message);
        await job?.discard();
        throw new PermanentNotifyError(`task ${taskId}: SMTP refused the notification: ${message}`);
      }
      await this.notifications.release(businessId, token);
      throw e;
    }
    await this.notifications.sent(businessId, token, d.seq, messageId);
    this.logger.log(`task ${taskId} (business ${businessId}): assignee notified`);
    return 'sent';
  }
}
