import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { CurrentPrincipal, Principal } from '../auth/principal';
import { Roles } from '../auth/roles.decorator';
import { BillingSettingsDto, CreateSegmentDto, ExplainSegmentDto, PreviewSegmentDto, SegmentMembersQuery, UpdateSegmentDto } from './dto/segment.dto';
import { SegmentsService } from './segments.service';

@Controller('api/v1/segments')
export class SegmentsController {
  constructor(private readonly segments: SegmentsService) {}

  /** Every condition type with its label, parameters, operators and value types. */
  @Get('catalogue')
  catalogue() {
    return this.segments.catalogue();
  }

  /** Live count and a sample of matching clients for an unsaved tree. */
  @Roles('admin', 'marketer', 'manager')
  @Post('preview')
  @HttpCode(200)
  preview(@CurrentPrincipal() p: Principal, @Body() dto: PreviewSegmentDto) {
    return this.segments.preview(p.businessId, dto.conditions, dto.sampleSize);
  }

  /** The tree with each node's result for one client: why they are in or out. */
  @Roles('admin', 'marketer', 'manager')
  @Post('explain')
  @HttpCode(200)
  explain(@CurrentPrincipal() p: Principal, @Body() dto: ExplainSegmentDto) {
    return this.segments.explain(p.businessId, dto.conditions, dto.clientId);
  }

  @Get()
  list(@CurrentPrincipal() p: Principal) {
    return this.segments.list(p.businessId);
  }

  @Roles('admin', 'marketer')
  @Post()
  create(@CurrentPrincipal() p: Principal, @Body() dto: CreateSegmentDto) {
    return this.segments.create(p.businessId, dto);
  }

  @Get(':id')
  get(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.segments.get(p.businessId, id);
  }

  @Roles('admin', 'marketer')
  @Patch(':id')
  update(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() dto: UpdateSegmentDto) {
    return this.segments.update(p.businessId, id, dto);
  }

  @Roles('admin', 'marketer')
  @Delete(':id')
  @HttpCode(204)
  archive(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.segments.archive(p.businessId, id);
  }

  @Get(':id/members')
  members(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Query() q: SegmentMembersQuery) {
    return this.segments.members(p.businessId, id, q);
  }

  /** Recompute now and return the evaluation (time, duration, counts, entered/exited). */
  @Roles('admin', 'marketer')
  @Post(':id/recompute')
  @HttpCode(200)
  recompute(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.segments.recomputeNow(p.businessId, id);
  }
}

/** Billing settings conditions read: the direct-debit "block card after N overdue days". */
@Controller('api/v1/settings/billing')
export class BillingSettingsController {
  constructor(private readonly segments: SegmentsService) {}

  @Get()
  get(@CurrentPrincipal() p: Principal) {
    return this.segments.billingSettings(p.businessId);
  }

  @Put()
  put(@CurrentPrincipal() p: Principal, @Body() dto: BillingSettingsDto) {
    return this.segments.updateBillingSettings(p.businessId, dto);
  }
}
