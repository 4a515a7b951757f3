import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { AuditLog } from '../audit';
import { CurrentPrincipal, Principal, Roles } from '../auth';
import { RowIdPipe } from '../common/row-id';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { BillingSettingsDto, CreateSegmentDto, ExplainSegmentDto, PreviewSegmentDto, SegmentMembersQuery, UpdateSegmentDto } from './dto/segment.dto';
import {
  BillingSettingsValuesDto,
  ConditionCatalogueDto,
  SegmentDetailDto,
  SegmentDto,
  SegmentExplainDto,
  SegmentListDto,
  SegmentMembersDto,
  SegmentPreviewDto,
  SegmentRecomputeResultDto,
} from './dto/segment-response.dto';
import { SegmentsService } from './segments.service';

// The service types stored conditions as unknown and catalogue lists as readonly: the casts say
// they are the objects these DTOs describe.
@ApiTags('Segments')
@Controller('api/v1/segments')
export class SegmentsController {
  constructor(private readonly segments: SegmentsService) {}

  /** Every condition type with its label, parameters, operators and value types. */
  @Get('catalogue')
  catalogue(): ConditionCatalogueDto {
    return this.segments.catalogue() as ConditionCatalogueDto;
  }

  /** Live count and a sample of matching clients for an unsaved tree. */
  @Roles('admin', 'marketer', 'manager')
  @Post('preview')
  @HttpCode(200)
  @ApiErrors({ 400: 'a bad node of the tree, named by path' })
  preview(@CurrentPrincipal() p: Principal, @Body() dto: PreviewSegmentDto): Promise<SegmentPreviewDto> {
    return this.segments.preview(p.businessId, dto.conditions, dto.sampleSize);
  }

  /** The tree with each node's result for one client: why they are in or out. */
  @Roles('admin', 'marketer', 'manager')
  @Post('explain')
  @HttpCode(200)
  @ApiErrors({ 400: 'a bad node of the tree, named by path', 404: 'client not found' })
  explain(@CurrentPrincipal() p: Principal, @Body() dto: ExplainSegmentDto): Promise<SegmentExplainDto> {
    return this.segments.explain(p.businessId, dto.conditions, dto.clientId);
  }

  @Get()
  list(@CurrentPrincipal() p: Principal): Promise<SegmentListDto> {
    return this.segments.list(p.businessId) as Promise<SegmentListDto>;
  }

  @Roles('admin', 'marketer')
  @Post()
  @ApiErrors({ 400: 'a bad node of the tree, named by path', 409: 'a segment with this name exists' })
  create(@CurrentPrincipal() p: Principal, @Body() dto: CreateSegmentDto): Promise<SegmentDto> {
    return this.segments.create(p.businessId, dto) as Promise<SegmentDto>;
  }

  @Get(':id')
  @ApiErrors({ 404: 'segment not found' })
  get(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('segment')) id: string): Promise<SegmentDetailDto> {
    return this.segments.get(p.businessId, id) as Promise<SegmentDetailDto>;
  }

  @Roles('admin', 'marketer')
  @Patch(':id')
  @ApiErrors({ 400: 'a bad node of the tree, named by path', 404: 'segment not found', 409: 'a segment with this name exists' })
  update(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('segment')) id: string, @Body() dto: UpdateSegmentDto): Promise<SegmentDto> {
    return this.segments.update(p.businessId, id, dto) as Promise<SegmentDto>;
  }

  @Roles('admin', 'marketer')
  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'The segment is archived' })
  @ApiErrors({ 404: 'segment not found' })
  archive(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('segment')) id: string): Promise<void> {
    return this.segments.archive(p.businessId, id);
  }

  @Get(':id/members')
  @ApiErrors({ 404: 'segment not found' })
  members(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('segment')) id: string, @Query() q: SegmentMembersQuery): Promise<SegmentMembersDto> {
    return this.segments.members(p.businessId, id, q);
  }

  /** Recompute now and return the evaluation (time, duration, counts, entered/exited). */
  @Roles('admin', 'marketer')
  @Post(':id/recompute')
  @HttpCode(200)
  @ApiErrors({ 404: 'segment not found', 409: 'the stored conditions could not be evaluated (the reason is recorded on the segment)' })
  recompute(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('segment')) id: string): Promise<SegmentRecomputeResultDto> {
    return this.segments.recomputeNow(p.businessId, id);
  }
}

/** Billing settings conditions read: the direct-debit "block card after N overdue days". */
@ApiTags('Settings')
@Controller('api/v1/settings/billing')
export class BillingSettingsController {
  constructor(
    private readonly segments: SegmentsService,
    private readonly audit: AuditLog,
  ) {}

  @Get()
  get(@CurrentPrincipal() p: Principal): Promise<BillingSettingsValuesDto> {
    return this.segments.billingSettings(p.businessId);
  }

  @Put()
  async put(@CurrentPrincipal() p: Principal, @Body() dto: BillingSettingsDto): Promise<BillingSettingsValuesDto> {
    const before = await this.segments.billingSettings(p.businessId);
    const after = await this.segments.updateBillingSettings(p.businessId, dto);
    await this.audit.record({ businessId: p.businessId, actor: p, action: 'settings.billing.updated', change: { before, after } });
    return after;
  }
}
