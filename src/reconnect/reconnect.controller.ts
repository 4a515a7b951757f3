import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '../auth';
import { RowIdPipe } from '../common/row-id';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { ReconnectReportService } from './reconnect-report.service';
import { ReconnectService } from './reconnect.service';
import {
  ReconnectBatchDto,
  ReconnectContactAllResultDto,
  ReconnectContactDto,
  ReconnectPreviewDto,
  ReconnectPreviewResultDto,
  ReconnectReportDto,
  ReconnectSettingsDto,
  ReconnectSettingsResultDto,
  ReconnectTemplateDto,
  ReconnectTemplateResultDto,
} from './dto/reconnect.dto';

@ApiTags('Reconnect')
@Controller('api/v1/reconnect')
export class ReconnectController {
  constructor(
    private readonly reconnect: ReconnectService,
    private readonly reports: ReconnectReportService,
  ) {}

  @Roles('admin', 'marketer', 'manager')
  @Get('settings')
  settings(@CurrentPrincipal() p: Principal): Promise<ReconnectSettingsResultDto> {
    return this.reconnect.settings(p.businessId);
  }

  /** Booking link, follow-up days (null: none), success window and holdout; a field left out takes its default. */
  @Roles('admin', 'marketer')
  @Put('settings')
  @ApiErrors({ 400: 'a bad setting, named by field' })
  putSettings(@CurrentPrincipal() p: Principal, @Body() dto: ReconnectSettingsDto): Promise<ReconnectSettingsResultDto> {
    return this.reconnect.putSettings(p.businessId, dto);
  }

  /** The category's message (the built-in one until the business writes its own). */
  @Roles('admin', 'marketer', 'manager')
  @Get('templates/:category')
  @ApiErrors({ 404: 'no such service category' })
  template(@CurrentPrincipal() p: Principal, @Param('category') category: string): Promise<ReconnectTemplateResultDto> {
    return this.reconnect.template(p.businessId, category);
  }

  @Roles('admin', 'marketer')
  @Put('templates/:category')
  @ApiErrors({ 400: 'a bad template or an unknown merge field, named by field', 404: 'no such service category' })
  putTemplate(@CurrentPrincipal() p: Principal, @Param('category') category: string, @Body() dto: ReconnectTemplateDto): Promise<ReconnectTemplateResultDto> {
    return this.reconnect.putTemplate(p.businessId, category, dto);
  }

  /** The message rendered for one real client by the channels (merge fields filled, HTML escaped). */
  @Roles('admin', 'marketer', 'manager')
  @Post('templates/:category/preview')
  @HttpCode(200)
  @ApiErrors({ 400: 'a bad draft template, named by field', 404: 'no such service category or client' })
  preview(@CurrentPrincipal() p: Principal, @Param('category') category: string, @Body() dto: ReconnectPreviewDto): Promise<ReconnectPreviewResultDto> {
    return this.reconnect.preview(p.businessId, category, dto.clientId, dto.template);
  }

  /** "Contact overdue clients" for one category: one message per client while their reconnect is open. */
  @Roles('admin', 'marketer')
  @Post('contact')
  @HttpCode(200)
  @ApiErrors({ 400: 'a bad category, or a channel not set up', 404: 'no such service category' })
  contact(@CurrentPrincipal() p: Principal, @Body() dto: ReconnectContactDto): Promise<ReconnectBatchDto> {
    return this.reconnect.contact(p.businessId, dto.serviceCategory, actor(p));
  }

  /** "Contact all overdue clients": a batch per category with overdue clients. */
  @Roles('admin', 'marketer')
  @Post('contact-all')
  @HttpCode(200)
  @ApiErrors({ 400: 'a channel not set up' })
  contactAll(@CurrentPrincipal() p: Principal): Promise<ReconnectContactAllResultDto> {
    return this.reconnect.contactAll(p.businessId, actor(p));
  }

  /** One press of the button: sent, skipped (and why), already contacted, held out, follow-ups. */
  @Roles('admin', 'marketer', 'manager')
  @Get('contacts/:id')
  @ApiErrors({ 404: 'reconnect batch not found' })
  batch(@CurrentPrincipal() p: Principal, @Param('id', new RowIdPipe('reconnect batch')) id: string): Promise<ReconnectBatchDto> {
    return this.reconnect.batch(p.businessId, id);
  }

  /** Contacted, reconnected, rate and revenue of the rebookings, per category and overall, with the control group. */
  @Roles('admin', 'marketer', 'manager')
  @Get('report')
  report(@CurrentPrincipal() p: Principal): Promise<ReconnectReportDto> {
    return this.reports.report(p.businessId);
  }
}

/** Who pressed the button: the signed-in user, or the API key. */
function actor(p: Principal): string | null {
  return p.userId ? `user:${p.userId}` : p.keyId ? `api_key:${p.keyId}` : null;
}
