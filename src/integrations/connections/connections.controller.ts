import { Body, Controller, Get, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { randomBytes } from 'crypto';
import { AuditLog } from '../../audit';
import { CurrentPrincipal, Principal } from '../../auth';
import { notFound } from '../../common/domain-error';
import { ApiErrors } from '../../openapi/api-errors.decorator';
import { buildEventsJsonSchema } from '../generic/events-json-schema';
import { IntegrationStatusService } from '../sync/integration-status.service';
import { WebhookIntakeService } from '../webhooks/webhook-intake.service';
import { ConnectionRepository } from './connection.repository';
import { GenericConnectionDto, MindbodyConnectionDto } from './dto/connection.dto';
import { EventsJsonSchemaDto, GenericConnectionResultDto, IntegrationsStatusDto, MindbodyConnectionResultDto } from './dto/connection-response.dto';

@ApiTags('Integrations')
@Controller('api/v1')
export class ConnectionsController {
  constructor(
    private readonly connections: ConnectionRepository,
    private readonly status: IntegrationStatusService,
    private readonly intake: WebhookIntakeService,
    private readonly audit: AuditLog,
  ) {}

  /** The audit record of a change: config before and after, secrets only named. */
  private audited(
    p: Principal,
    provider: string,
    before: { config: Record<string, unknown> } | undefined,
    after: { config: Record<string, unknown> },
    secrets: Record<string, unknown>,
  ): Promise<string> {
    const secretsChanged = Object.keys(secrets)
      .filter((k) => secrets[k] !== undefined)
      .sort();
    return this.audit.record({
      businessId: p.businessId,
      actor: p,
      action: 'integration.saved',
      details: { provider, created: !before, secretsChanged },
      change: { before: before?.config ?? null, after: after.config },
    });
  }

  /** Secrets are write-only: the answer names which are set, never their values. */
  @Put('integrations/mindbody')
  async putMindbody(@CurrentPrincipal() p: Principal, @Body() dto: MindbodyConnectionDto): Promise<MindbodyConnectionResultDto> {
    const existing = await this.connections.find(p.businessId, 'mindbody');
    const c = await this.connections.save(p.businessId, 'mindbody', { siteId: dto.siteId, username: dto.username }, { apiKey: dto.apiKey, password: dto.password, signatureKey: dto.signatureKey });
    this.intake.forgetConnection(p.businessId, 'mindbody');
    await this.audited(p, 'mindbody', existing, c, { apiKey: dto.apiKey, password: dto.password, signatureKey: dto.signatureKey });
    return { provider: 'mindbody', config: c.config, secretsSet: Object.keys(c.secrets).sort(), webhookUrl: `/webhooks/mindbody/${p.businessId}` };
  }

  /** A signing secret is generated when none exists yet and shown once, in this answer. */
  @Put('integrations/generic')
  async putGeneric(@CurrentPrincipal() p: Principal, @Body() dto: GenericConnectionDto): Promise<GenericConnectionResultDto> {
    const existing = await this.connections.find(p.businessId, 'generic');
    const auth = dto.auth ?? (existing?.config.auth as string | undefined) ?? 'hmac';
    const generated = auth === 'hmac' && !dto.signingSecret && !existing?.secrets.signingSecret ? newSigningSecret() : undefined;
    const c = await this.connections.save(
      p.businessId,
      'generic',
      { auth, headerName: dto.headerName, signatureHeader: dto.signatureHeader, recordSource: dto.recordSource },
      { signingSecret: dto.signingSecret ?? generated, staticHeaderValue: dto.staticHeaderValue },
    );
    this.intake.forgetConnection(p.businessId, 'generic');
    await this.audited(p, 'generic', existing, c, { signingSecret: dto.signingSecret ?? generated, staticHeaderValue: dto.staticHeaderValue });
    return {
      provider: 'generic',
      config: c.config,
      secretsSet: Object.keys(c.secrets).sort(),
      webhookUrl: `/webhooks/generic/${p.businessId}`,
      ...(generated ? { signingSecret: generated } : {}),
    };
  }

  /**
   * Rotation: a new HMAC signing secret, made here and shown once in this answer; deliveries
   * signed with the old one are refused from now on (by other API processes within 5 s, the
   * life of their cached connection).
   */
  @Post('integrations/generic/signing-secret')
  @ApiErrors({ 404: 'no generic webhook connection' })
  async rotateGenericSecret(@CurrentPrincipal() p: Principal): Promise<GenericConnectionResultDto> {
    const existing = await this.connections.find(p.businessId, 'generic');
    if (!existing) throw notFound('generic connection');
    const signingSecret = newSigningSecret();
    const c = await this.connections.save(p.businessId, 'generic', { auth: 'hmac' }, { signingSecret });
    this.intake.forgetConnection(p.businessId, 'generic');
    await this.audit.record({ businessId: p.businessId, actor: p, action: 'integration.secret_rotated', details: { provider: 'generic', secret: 'signingSecret' } });
    return { provider: 'generic', config: c.config, secretsSet: Object.keys(c.secrets).sort(), webhookUrl: `/webhooks/generic/${p.businessId}`, signingSecret };
  }

  /** Per source: connection, last webhook, last sync (start, end, error, records) and staleness. */
  @Get('integrations')
  list(@CurrentPrincipal() p: Principal): Promise<IntegrationsStatusDto> {
    return this.status.forBusiness(p.businessId);
  }

  @Get('schema/events')
  schema(): EventsJsonSchemaDto {
    return buildEventsJsonSchema() as unknown as EventsJsonSchemaDto;
  }
}

function newSigningSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}
