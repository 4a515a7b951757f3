import { Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { randomBytes } from 'node:crypto';
import { AuditLog } from '../../../audit';
import { CurrentPrincipal, Principal, Roles } from '../../../auth';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { DomainError, ErrorCode } from '../../../common/domain-error';
import { ApiErrors } from '../../../openapi/api-errors.decorator';
import { ChannelAccountRepository } from '../channel-account.repository';
import { MailchimpActivityPullDto, MailchimpWebhookSettingsDto } from './dto/mailchimp-webhook.dto';
import { MailchimpActivityService } from './mailchimp-activity.service';

const EVENTS = ['unsubscribe', 'cleaned', 'campaign'];

/**
 * The Mailchimp webhook's URL (with the business's webhook secret, kept sealed with the channel
 * account's other secrets) and the pull of campaign opens and clicks.
 */
@ApiTags('Channels')
@ApiErrors({ 400: 'the business has no Mailchimp account set up (PUT /api/v1/channels/mailchimp)' })
@Controller('api/v1/channels/mailchimp')
export class MailchimpWebhookSettingsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: ChannelAccountRepository,
    private readonly activity: MailchimpActivityService,
    private readonly audit: AuditLog,
  ) {}

  /**
   * The URL to paste into Mailchimp (Audience, Settings, Webhooks; tick unsubscribes, cleaned
   * addresses and campaign sending). The secret in it is made the first time this is asked.
   */
  @Roles('admin')
  @Get('webhook')
  async webhook(@CurrentPrincipal() p: Principal): Promise<MailchimpWebhookSettingsDto> {
    const account = await this.account(p.businessId);
    let secret = account.secrets.webhookSecret;
    if (!secret) {
      await this.accounts.save(p.businessId, 'mailchimp', {}, { webhookSecret: `mcwh_${randomBytes(24).toString('base64url')}` });
      await this.audited(p);
      // two first asks at once: both answer the secret that was stored last
      secret = (await this.account(p.businessId)).secrets.webhookSecret;
    }
    return this.settings(p.businessId, secret);
  }

  /** A new secret: the old URL stops working at once (Mailchimp needs the new one). */
  @Roles('admin')
  @Post('webhook/rotate')
  @HttpCode(200)
  async rotate(@CurrentPrincipal() p: Principal): Promise<MailchimpWebhookSettingsDto> {
    await this.account(p.businessId);
    const secret = `mcwh_${randomBytes(24).toString('base64url')}`;
    await this.accounts.save(p.businessId, 'mailchimp', {}, { webhookSecret: secret });
    await this.audited(p);
    return this.settings(p.businessId, secret);
  }

  /**
   * Reads the opens, clicks and bounces of the campaigns Mailchimp announced as sent (last 30
   * days) from their reports, into the same engagement tables as our own tracked links.
   */
  @Roles('admin', 'marketer')
  @Post('activity/pull')
  @HttpCode(200)
  pull(@CurrentPrincipal() p: Principal): Promise<MailchimpActivityPullDto> {
    return this.activity.pull(p.businessId);
  }

  private settings(businessId: string, secret: string): MailchimpWebhookSettingsDto {
    return { url: `${this.config.PUBLIC_BASE_URL.replace(/\/+$/, '')}/webhooks/mailchimp/${businessId}/${secret}`, events: EVENTS };
  }

  private async account(businessId: string) {
    const a = await this.accounts.find(businessId, 'mailchimp');
    if (!a?.secrets.apiKey) throw new DomainError(ErrorCode.Invalid, 'channel: this business has no Mailchimp account set up (PUT /api/v1/channels/mailchimp)');
    return a;
  }

  /** Names the secret, never its value. */
  private audited(p: Principal): Promise<string> {
    return this.audit.record({ businessId: p.businessId, actor: p, action: 'channel.updated', details: { channel: 'mailchimp', secretsChanged: ['webhookSecret'] } });
  }
}
