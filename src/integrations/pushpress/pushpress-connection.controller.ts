import { Body, Controller, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AuditLog } from '../../audit';
import { CurrentPrincipal, Principal } from '../../auth';
import { DomainError, ErrorCode } from '../../common/domain-error';
import { ApiErrors } from '../../openapi/api-errors.decorator';
import { ConnectionRepository } from '../connections/connection.repository';
import { WebhookIntakeService } from '../webhooks/webhook-intake.service';
import { PushPressConnectionDto, PushPressConnectionResultDto } from './dto/pushpress-connection.dto';
import { PUSHPRESS_SECRET, PUSHPRESS_SOURCE } from './pushpress.connector';

@ApiTags('Integrations')
@Controller('api/v1')
export class PushPressConnectionController {
  constructor(
    private readonly connections: ConnectionRepository,
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
    return { provider: 'pushpress', config: c.config, secretsSet: Object.keys(c.secrets).sort(), webhookUrl: `/webhooks/pushpress/${p.businessId}` };
  }
}
