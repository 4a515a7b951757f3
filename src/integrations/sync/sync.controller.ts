import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '../../auth/principal';
import { notFound } from '../../common/domain-error';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ApiErrors } from '../../openapi/api-errors.decorator';
import { ConnectionRepository } from '../connections/connection.repository';
import { isStale } from './integration-status.service';
import { MINDBODY } from './mindbody-sync.types';
import { OverviewDto, OverviewSourceDto } from './dto/overview.dto';
import { SyncRequestDto } from './dto/sync-response.dto';
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
    // statusCounts, healthBands, atRisk and membersNow: docs/overview.md
    const [mix, visitsLast30Days, risky, conn, lastSuccessAt] = await Promise.all([
      this.overview.memberMix(p.businessId),
      this.overview.visitsLast30Days(p.businessId),
      this.overview.riskyNowAndBefore(p.businessId, 7),
      this.connections.find(p.businessId, MINDBODY),
      this.syncState.lastRunSuccess(p.businessId, MINDBODY),
    ]);
    const counts = { clients: mix.clients, members: mix.members, visitsLast30Days };
    const atRiskNow = mix.statuses.at_risk + mix.statuses.in_trouble;
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
      counts,
      sync: sources,
      membersNow: mix.members,
      statusCounts: mix.statuses,
      healthBands: mix.bands,
      atRisk: { now: atRiskNow, weekAgo: risky.then, change: risky.then === null ? null : atRiskNow - risky.then },
    };
  }
}
