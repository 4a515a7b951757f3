import { Body, Controller, Delete, Get, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditLog } from '../../audit';
import { CurrentPrincipal, Principal, Roles } from '../../auth';
import { DomainError, ErrorCode, notFound } from '../../common/domain-error';
import { ApiErrors } from '../../openapi/api-errors.decorator';
import { ConnectionRepository } from '../connections/connection.repository';
import { WebhookIntakeService } from '../webhooks/webhook-intake.service';
import { PushPressConnectionDto, PushPressConnectionResultDto, PushPressStatusDto } from './dto/pushpress-connection.dto';
import { PUSHPRESS_SECRET, PUSHPRESS_SOURCE } from './pushpress.connector';
import { PushPressStatusRepository } from './pushpress-status.repository';

/** The status page's counts cover this many hours. */
const STATUS_WINDOW_HOURS = 24;

@ApiTags('Integrations')
@Controller('api/v1')
export class PushPressConnectionController {
  constructor(
    private readonly connections: ConnectionRepository,
    private readonly stats: PushPressStatusRepository,
    private readonly intake: WebhookIntakeService,
    private readonly audit: AuditLog,
  ) {}

  /** Connects a PushPress gym: the webhook's signing secret in, the URL to give PushPress out. */
  @Put('integrations/pushpress')
  @ApiErrors({ 400: 'signingSecret missing the first time, or a field is malformed' })
  async put(@CurrentPrincipal() p: Principal, @Body() dto: PushPressConnectionDto): Promise<PushPressConnectionResultDto> {
    const existing = await this.connections.find(p.businessId, PUSHPRESS_SOURCE);
    if (!dto.signingSecret && !existing?.secrets[PUSHPRESS_SECRET]) throw new DomainError(ErrorCode.Invalid, 'signingSecret: is required the first time');
    const c = await this.connections.save(p.businessId, PUSHPRESS_SOURCE, { companyId: dto.companyId }, { [PUSHPRESS_SECRET]: dto.signingSecret });
    this.intake.forgetConnection(p.businessId, PUSHPRESS_SOURCE);
    await this.audit.record({
      businessId: p.businessId,
      actor: p,
      action: 'integration.saved',
      details: { provider: PUSHPRESS_SOURCE, created: !existing, secretsChanged: dto.signingSecret ? [PUSHPRESS_SECRET] : [] },
      change: { before: existing?.config ?? null, after: c.config },
    });
    return { provider: 'pushpress', config: c.config, secretsSet: Object.keys(c.secrets).sort(), webhookUrl: webhookUrl(p.businessId) };
  }

  /** The connection (secret set or not, never its value) and the deliveries of the last 24 hours. */
  @Get('integrations/pushpress')
  @Roles('admin')
  async get(@CurrentPrincipal() p: Principal): Promise<PushPressStatusDto> {
    const since = new Date(Date.now() - STATUS_WINDOW_HOURS * 3_600_000);
    const [c, s] = await Promise.all([this.connections.find(p.businessId, PUSHPRESS_SOURCE), this.stats.deliveryStats(p.businessId, since)]);
    const secretSet = Boolean(c?.secrets[PUSHPRESS_SECRET]);
    return {
      connected: Boolean(c?.enabled && secretSet),
      secretSet,
      companyId: typeof c?.config.companyId === 'string' ? c.config.companyId : null,
      webhookUrl: webhookUrl(p.businessId),
      windowHours: STATUS_WINDOW_HOURS,
      accepted: s.accepted,
      rejected: s.rejected,
      lastDeliveryAt: s.lastDeliveryAt,
      lastRejectedAt: s.lastRejectedAt,
      lastRejectionReason: s.lastRejectionReason,
      rejecting: s.lastRejectedAt !== null && (s.lastDeliveryAt === null || s.lastRejectedAt > s.lastDeliveryAt),
    };
  }

  /**
   * Disconnects: the signing secret is forgotten and the URL answers 404 from now on (other API
   * processes within 5 s); the company id stays for a later reconnect, which needs the secret again.
   */
  @Delete('integrations/pushpress')
  @ApiErrors({ 404: 'no PushPress connection' })
  async remove(@CurrentPrincipal() p: Principal): Promise<PushPressStatusDto> {
    if (!(await this.connections.disconnect(p.businessId, PUSHPRESS_SOURCE))) throw notFound('PushPress connection');
    this.intake.forgetConnection(p.businessId, PUSHPRESS_SOURCE);
    await this.audit.record({ businessId: p.businessId, actor: p, action: 'integration.disconnected', details: { provider: PUSHPRESS_SOURCE } });
    return this.get(p);
  }
}

function webhookUrl(businessId: string): string {
  return `/webhooks/pushpress/${businessId}`;
}
