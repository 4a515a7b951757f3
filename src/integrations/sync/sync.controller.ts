import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '../../auth';
import { notFound } from '../../common/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ApiErrors } from '../../openapi/api-errors.decorator';
import { ConnectionRepository } from '../connections/connection.repository';
import { isStale } from './integration-status.service';
import { MINDBODY } from './mindbody-sync.types';
import { OverviewDto, OverviewSourceDto } from './dto/overview.dto';
import { SyncRequestDto } from './dto/sync-response.dto';
import { OverviewMembersService } from './overview-members.service';
import { OverviewRepository } from './overview.repository';
import { SyncStateRepository } from './sync-state.repository';
import { SyncTrigger } from './sync-trigger.service';

@ApiTags('Integrations')
@Controller('api/v1')
export class SyncController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly connections: ConnectionRepository,
    private readonly syncState: SyncStateRepository,
    private readonly overview: OverviewRepository,
    private readonly members: OverviewMembersService,
    private readonly trigger: SyncTrigger,
  ) {}

  /** Queue a Mindbody sync now; at most one waits per business. */
  @Post('integrations/mindbody/sync')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: SyncRequestDto, description: 'A sync is queued, or one is already waiting or running' })
  @ApiErrors({ 404: 'no enabled Mindbody connection' })
  async syncNow(@CurrentPrincipal() p: Principal): Promise<SyncRequestDto> {
    const conn = await this.connections.find(p.businessId, MINDBODY);
    if (!conn?.enabled) throw notFound('mindbody connection');
    const r = await this.trigger.requestNow(p.businessId, 'manual');
    return { queued: r.queued, reason: r.reason };
  }

  /**
   * The dashboard's opening call: headline counts and sync freshness. When the last
   * successful Mindbody sync is older than STALE_SYNC_MINUTES, one is queued and the answer
   * says data is refreshing (spec integrations.md, stale-triggered sync).
   */
  @Get('overview')
  @ApiTags('Overview')
  async get(@CurrentPrincipal() p: Principal): Promise<OverviewDto> {
    // statusCounts, healthBands, atRisk, membersNow: docs/overview.md
    const [members, statuses, bands, riskyChange, visitsLast30Days, conn, lastSuccessAt] = await Promise.all([
      this.members.get(p.businessId),
      this.overview.statusCounts(p.businessId),
      this.overview.healthBands(p.businessId),
      this.overview.riskyChangeSince(p.businessId, 7),
      this.overview.visitsLast30Days(p.businessId),
      this.connections.find(p.businessId, MINDBODY),
      this.syncState.lastRunSuccess(p.businessId, MINDBODY),
    ]);
    const atRiskNow = statuses.at_risk + statuses.in_trouble;
    const weekAgo = riskyChange === null ? null : atRiskNow - riskyChange;
    const sources: OverviewSourceDto[] = [];
    let refreshing = false;
    if (conn?.enabled) {
      const stale = isStale(lastSuccessAt, Date.now() - this.config.STALE_SYNC_MINUTES * 60_000);
      if (stale) {
        // queued now, or one already waiting or running: either way fresh data is on its way
        await this.trigger.requestNow(p.businessId, 'stale');
        refreshing = true;
      }
      sources.push({ provider: MINDBODY, lastSuccessAt, stale });
    }
    return {
      refreshing,
      counts: { clients: members.clients, members: members.members, visitsLast30Days },
      sync: sources,
      membersNow: members.members,
      membersAsOf: members.computedAt,
      statusCounts: { ...statuses, unassessed: members.unassessed },
      healthBands: { ...bands, unscored: members.unscored },
      atRisk: { now: atRiskNow, weekAgo, change: riskyChange },
    };
  }
}
