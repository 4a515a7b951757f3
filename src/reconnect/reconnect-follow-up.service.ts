import { Injectable, Logger } from '@nestjs/common';
import { ReconnectContactRepository } from './reconnect-contact.repository';
import { ReconnectDispatch } from './reconnect-dispatch';
import { ReconnectSettingsRepository } from './reconnect-settings.repository';

/** Follow-ups claimed per statement. */
const PAGE = 1000;

/**
 * The one automatic follow-up, N days after the first message, for clients who have not booked
 * in the category since. Each follow-up is claimed (follow_up_at set) before it is dispatched, so
 * a second tick, a second worker or a retry never sends it again, and nothing comes after it.
 */
@Injectable()
export class ReconnectFollowUpService {
  private readonly logger = new Logger(ReconnectFollowUpService.name);

  constructor(
    private readonly contacts: ReconnectContactRepository,
    private readonly settings: ReconnectSettingsRepository,
    private readonly dispatch: ReconnectDispatch,
  ) {}

  /** Sends the follow-ups due by `now`; answers how many were sent and how many were not needed. */
  async sendDue(now: Date = new Date()): Promise<{ sent: number; booked: number }> {
    let sent = 0;
    let booked = 0;
    for (;;) {
      const due = await this.contacts.claimDueFollowUps(now, PAGE);
      if (!due.length) break;
      const groups = new Map<string, typeof due>();
      for (const d of due) {
        if (d.booked) {
          booked++;
          continue;
        }
        const key = `${d.businessId}\n${d.batchId}`;
        groups.set(key, [...(groups.get(key) ?? []), d]);
      }
      for (const group of groups.values()) {
        const { businessId, batchId, serviceCategory } = group[0];
        const settings = await this.settings.get(businessId);
        const t = (await this.settings.templates(businessId, [serviceCategory])).get(serviceCategory)!;
        try {
          await this.dispatch.send(businessId, `reconnect:${batchId}:follow-up`, t, { serviceCategory, bookingLink: settings.bookingLink }, group, true);
          sent += group.length;
        } catch (e) {
          // claimed already: a failed dispatch loses these follow-ups rather than risk a third message
          this.logger.error(`reconnect batch ${batchId}: follow-up dispatch failed for ${group.length} client(s): ${(e as Error).message}`);
        }
      }
      if (due.length < PAGE) break;
    }
    if (sent || booked) this.logger.log(`reconnect follow-ups: ${sent} sent, ${booked} not needed (booked since)`);
    return { sent, booked };
  }
}
