import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '../auth';
import { RowIdPipe } from '../common/row-id';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { CampaignPreSendService } from './campaign-pre-send.service';
import { CampaignsService } from './campaigns.service';
import { SendCampaignDto } from './dto/pre-send.dto';
import { CampaignTouchesQuery, CreateCampaignDto, UpdateCampaignDto } from './dto/campaign.dto';
import { CampaignDetailDto, CampaignDto, CampaignListDto, CampaignTouchListDto } from './dto/campaign-response.dto';

@ApiTags('Campaigns')
@Controller('api/v1/campaigns')
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly presend: CampaignPreSendService,
  ) {}

  /** A draft: segment, steps (templates, A/B variants), optional send time, holdout and goal. */
  @Roles('admin', 'marketer')
  @Post()
  @ApiErrors({ 400: 'a bad step, template or variant, or no such segment, named by path' })
  create(@CurrentPrincipal() p: Principal, @Body() dto: CreateCampaignDto): Promise<CampaignDto> {
    return this.campaigns.create(p.businessId, dto);
  }

  @Get()
  list(@CurrentPrincipal() p: Principal): Promise<CampaignListDto> {
    return this.campaigns.list(p.businessId);
  }

  /** The campaign with its progress: recipients, holdout, touches per step and variant. */
  @Get(':id')
  @ApiErrors({ 404: 'campaign not found' })
  get(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('campaign')) id: string): Promise<CampaignDetailDto> {
    return this.campaigns.get(p.businessId, id);
  }

  /** A draft changed: fields left out keep their value, steps are replaced whole (in their new order). */
  @Roles('admin', 'marketer')
  @Patch(':id')
  @ApiErrors({ 400: 'a bad step, template or variant, a send time that has passed, or no such segment, named by path', 404: 'campaign not found', 409: 'only a draft can be changed' })
  update(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('campaign')) id: string, @Body() dto: UpdateCampaignDto): Promise<CampaignDto> {
    return this.campaigns.update(p.businessId, id, dto);
  }

  /** Per-touch results, paged by touch id, filterable by status and step. */
  @Get(':id/touches')
  @ApiErrors({ 404: 'campaign not found' })
  touches(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('campaign')) id: string, @Query() q: CampaignTouchesQuery): Promise<CampaignTouchListDto> {
    return this.campaigns.touches(p.businessId, id, q);
  }

  /** Send now, or at its sendAt when that is in the future (a send time that has passed is a 400: choose another). */
  @Roles('admin', 'marketer')
  @Post(':id/send')
  @HttpCode(202)
  @ApiAcceptedResponse({ type: CampaignDetailDto, description: 'Sending (or scheduled for its sendAt)' })
  @ApiErrors({ 400: 'its send time has passed, or a channel is not set up and not confirmed (named)', 404: 'campaign not found', 409: 'only a draft can be sent' })
  send(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('campaign')) id: string, @Body() dto: SendCampaignDto): Promise<CampaignDetailDto> {
    // refused before anything is queued: a channel that cannot send must be confirmed from the pre-send check
    return this.campaigns.send(p.businessId, id, (steps) => this.presend.refuseChannelsNotSetUp(p.businessId, steps, dto.confirmChannelsNotSetUp));
  }

  @Roles('admin', 'marketer')
  @Post(':id/cancel')
  @HttpCode(200)
  @ApiErrors({ 404: 'campaign not found', 409: 'only a draft or scheduled campaign can be cancelled' })
  cancel(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('campaign')) id: string): Promise<CampaignDetailDto> {
    return this.campaigns.cancel(p.businessId, id);
  }
}
