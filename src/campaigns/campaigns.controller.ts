import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { CampaignsService } from './campaigns.service';
import { CampaignTouchesQuery, CreateCampaignDto } from './dto/campaign.dto';

@Controller('api/v1/campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  /** A draft: segment, steps (templates, A/B variants), optional send time, holdout and goal. */
  @Roles('admin', 'marketer')
  @Post()
  create(@CurrentPrincipal() p: Principal, @Body() dto: CreateCampaignDto) {
    return this.campaigns.create(p.businessId, dto);
  }

  @Get()
  list(@CurrentPrincipal() p: Principal) {
    return this.campaigns.list(p.businessId);
  }

  /** The campaign with its progress: recipients, holdout, touches per step and variant. */
  @Get(':id')
  get(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.campaigns.get(p.businessId, id);
  }

  /** Per-touch results, paged by touch id, filterable by status and step. */
  @Get(':id/touches')
  touches(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Query() q: CampaignTouchesQuery) {
    return this.campaigns.touches(p.businessId, id, q);
  }

  /** Send now, or at its sendAt when that is in the future. */
  @Roles('admin', 'marketer')
  @Post(':id/send')
  @HttpCode(202)
  send(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.campaigns.send(p.businessId, id);
  }

  @Roles('admin', 'marketer')
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.campaigns.cancel(p.businessId, id);
  }
}
