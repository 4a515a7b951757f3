import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { randomBytes } from 'node:crypto';
import { AuditLog } from '../../audit';
import { CurrentPrincipal, Principal } from '../../auth';
import { DomainError, ErrorCode } from '../../common/domain-error';
import { ApiErrors } from '../../openapi/api-errors.decorator';
import { EmailAccountDto, MailchimpAccountDto, PushAccountDto, SmsAccountDto } from '../dto/actions.dto';
import { ChannelAccountListDto, EmailAccountResultDto, MailchimpAccountResultDto, PushAccountResultDto, SmsAccountResultDto } from '../dto/actions-response.dto';
import { ChannelAccountRepository } from './channel-account.repository';

/** A business's channel accounts. Secrets are write-only: answers name which are set. */
@ApiTags('Channels')
@Controller('api/v1/channels')
export class ChannelsController {
  constructor(
    private readonly accounts: ChannelAccountRepository,
    private readonly audit: AuditLog,
  ) {}

  /** The audit record of a change: settings before and after, secrets only named. */
  private audited(
    p: Principal,
    channel: string,
    before: { config: Record<string, unknown> } | undefined,
    after: { config: Record<string, unknown> },
    secrets: Record<string, unknown>,
  ): Promise<string> {
    const secretsChanged = Object.keys(secrets)
      .filter((k) => secrets[k] !== undefined)
      .sort();
    return this.audit.record({ businessId: p.businessId, actor: p, action: 'channel.updated', details: { channel, secretsChanged }, change: { before: before?.config ?? null, after: after.config } });
  }

  @Get()
  async list(@CurrentPrincipal() p: Principal): Promise<ChannelAccountListDto> {
    return { channels: await this.accounts.list(p.businessId) };
  }

  @Put('email')
  async email(@CurrentPrincipal() p: Principal, @Body() dto: EmailAccountDto): Promise<EmailAccountResultDto> {
    const existing = await this.accounts.find(p.businessId, 'email');
    const a = await this.accounts.save(p.businessId, 'email', { fromName: dto.fromName, replyTo: dto.replyTo }, {});
    await this.audited(p, 'email', existing, a, {});
    return { channel: 'email', config: a.config };
  }

  /**
   * Twilio: account SID, auth token (also verifies X-Twilio-Signature on our webhooks), and a
   * sending number or Messaging Service. Configure the number's inbound webhook as the
   * `inboundWebhookUrl` answered here.
   */
  @Put('sms')
  @ApiErrors({ 400: 'authToken missing the first time, or neither from nor messagingServiceSid' })
  async sms(@CurrentPrincipal() p: Principal, @Body() dto: SmsAccountDto): Promise<SmsAccountResultDto> {
    const existing = await this.accounts.find(p.businessId, 'sms');
    if (!dto.authToken && !existing?.secrets.authToken) throw new DomainError(ErrorCode.Invalid, 'authToken: is required the first time');
    const from = dto.from ?? (existing?.config.from as string | undefined);
    const service = dto.messagingServiceSid ?? (existing?.config.messagingServiceSid as string | undefined);
    if (!from && !service) throw new DomainError(ErrorCode.Invalid, 'from: a sending number or messagingServiceSid is required');
    const a = await this.accounts.save(p.businessId, 'sms', { accountSid: dto.accountSid, from: dto.from, messagingServiceSid: dto.messagingServiceSid }, { authToken: dto.authToken });
    await this.audited(p, 'sms', existing, a, { authToken: dto.authToken });
    return {
      channel: 'sms',
      config: a.config,
      secretsSet: Object.keys(a.secrets).sort(),
      inboundWebhookUrl: `/webhooks/twilio/inbound?businessId=${p.businessId}`,
      statusCallbackUrl: `/webhooks/twilio/status?businessId=${p.businessId}`,
    };
  }

  @Put('mailchimp')
  @ApiErrors({ 400: 'apiKey missing the first time' })
  async mailchimp(@CurrentPrincipal() p: Principal, @Body() dto: MailchimpAccountDto): Promise<MailchimpAccountResultDto> {
    const existing = await this.accounts.find(p.businessId, 'mailchimp');
    if (!dto.apiKey && !existing?.secrets.apiKey) throw new DomainError(ErrorCode.Invalid, 'apiKey: is required the first time');
    const a = await this.accounts.save(p.businessId, 'mailchimp', { listId: dto.listId }, { apiKey: dto.apiKey });
    await this.audited(p, 'mailchimp', existing, a, { apiKey: dto.apiKey });
    return { channel: 'mailchimp', config: a.config, secretsSet: Object.keys(a.secrets).sort() };
  }

  /** A signing secret is generated when none exists yet and shown once, in this answer. */
  @Put('push')
  async push(@CurrentPrincipal() p: Principal, @Body() dto: PushAccountDto): Promise<PushAccountResultDto> {
    const existing = await this.accounts.find(p.businessId, 'push');
    const generated = !dto.signingSecret && !existing?.secrets.signingSecret ? `whsec_${randomBytes(24).toString('base64url')}` : undefined;
    const a = await this.accounts.save(p.businessId, 'push', { url: dto.url, provider: dto.provider ?? 'webhook' }, { signingSecret: dto.signingSecret ?? generated });
    await this.audited(p, 'push', existing, a, { signingSecret: dto.signingSecret ?? generated });
    return { channel: 'push', config: a.config, secretsSet: Object.keys(a.secrets).sort(), ...(generated ? { signingSecret: generated } : {}) };
  }
}
