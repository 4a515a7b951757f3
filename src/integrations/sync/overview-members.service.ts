import { Injectable, Logger } from '@nestjs/common';
import { MemberCount, OverviewRepository } from './overview.repository';

/** A count taking longer than this is served from the last count while a fresh one runs. */
const SLOW_COUNT_MS = 1000;
/** How old a slow business's count may get before the next call starts a recount. */
const RECOUNT_AFTER_SECONDS = 60;
/** A recount claim older than this belongs to a process that died: another may take over. */
const CLAIM_EXPIRES_SECONDS = 600;

/**
 * Members now, for the overview (docs/overview.md "membersNow"). Counting them means evaluating
 * every client's packages: milliseconds for most businesses, 10-20 s at 1M clients. So a
 * business whose last count was quick is counted on every call; a slow one is answered from
 * its last count (stored in PostgreSQL, shared by every API process) and, once that is older
 * than RECOUNT_AFTER_SECONDS, one process recounts in the background. The answer carries when
 * the count was made.
 */
@Injectable()
export class OverviewMembersService {
  private readonly logger = new Logger(OverviewMembersService.name);

  constructor(private readonly overview: OverviewRepository) {}

  async get(businessId: string): Promise<MemberCount> {
    const stored = await this.overview.storedMemberCount(businessId);
    if (!stored || stored.tookMs < SLOW_COUNT_MS) return this.recount(businessId);
    if (Date.now() - stored.computedAt.getTime() > RECOUNT_AFTER_SECONDS * 1000 && (await this.overview.claimMemberRecount(businessId, CLAIM_EXPIRES_SECONDS))) {
      this.recount(businessId).catch(async (e: Error) => {
        this.logger.warn(`business ${businessId}: member recount failed: ${e.message}`);
        await this.overview.releaseMemberRecount(businessId).catch(() => undefined);
      });
    }
    return stored;
  }

  private async recount(businessId: string): Promise<MemberCount> {
    const count = await this.overview.countMembers(businessId);
    await this.overview.storeMemberCount(businessId, count);
    return count;
  }
}
