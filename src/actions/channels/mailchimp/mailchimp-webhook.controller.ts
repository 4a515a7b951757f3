import { Controller, Get, HttpCode, Logger, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Public } from '../../../auth';
import { DomainError, ErrorCode } from '../../../common/domain-error';
import { UUID } from '../../../common/row-id';
import { countWebhook } from '../../../observability';
import { ApiErrors } from '../../../openapi/api-errors.decorator';
import { ChannelAccountRepository } from '../channel-account.repository';
import { ConsentRepository } from '../../consent/consent.repository';
import { MailchimpWebhookAckDto } from './dto/mailchimp-webhook.dto';
import { MailchimpEngagementRepository } from './mailchimp-engagement.repository';
import { MailchimpEvent, parseMailchimpEvent, readMailchimpForm } from './mailchimp-webhook.parse';

const SOURCE = 'mailchimp';

/**
 * Mailchimp's audience webhook for one business (docs/actions.md "Mailchimp: what comes back").
 * Mailchimp cannot sign these calls, so the URL carries a per-business secret (made by
 * GET /api/v1/channels/mailchimp/webhook), compared in constant time before anything is read;
 * a wrong one is a 401 and records nothing. Mailchimp checks a URL with a GET before it saves
 * it, and posts form fields (`type`, `fired_at`, `data[...]`). An unsubscribe withdraws email
 * consent in the ledger (source `provider`), a cleaned address fails the member's latest
 * Mailchimp touch as a bounce, a sent campaign is remembered so its opens and clicks can be
 * read from its report. Each delivery acts once (a retry of the same body is a 200 that changes
 * nothing); a type we do not know is a 200 too (Mailchimp would retry anything else), logged
 * and counted as ignored.
 */
@ApiTags('Webhooks')
@Public()
@ApiErrors({ 401: "the secret in the URL does not match the business's Mailchimp webhook secret", 400: 'a field of the form is missing or malformed (named in the message)' })
@Controller('webhooks/mailchimp')
export class MailchimpWebhookController {
  private readonly logger = new Logger('mailchimp-webhook');

  constructor(
    private readonly accounts: ChannelAccountRepository,
    private readonly repo: MailchimpEngagementRepository,
    private readonly consent: ConsentRepository,
  ) {}

  /** Mailchimp's check of the URL when the webhook is saved: a 200 when the secret is right. */
  @Get(':businessId/:secret')
  @ApiOkResponse({ type: MailchimpWebhookAckDto })
  async validate(@Param('businessId') businessId: string, @Param('secret') secret: string): Promise<MailchimpWebhookAckDto> {
    await this.verified(businessId, secret);
    return { outcome: 'ready', recorded: 0 };
  }

  @Post(':businessId/:secret')
  @HttpCode(200)
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({
    description: "Mailchimp's form fields: type (subscribe, unsubscribe, profile, upemail, cleaned, campaign), fired_at, data[...]",
    schema: { type: 'object', additionalProperties: { type: 'string' } },
  })
  @ApiOkResponse({ type: MailchimpWebhookAckDto })
  async receive(@Param('businessId') businessId: string, @Param('secret') secret: string, @Req() req: Request): Promise<MailchimpWebhookAckDto> {
    const account = await this.verified(businessId, secret);
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    let event: MailchimpEvent;
    try {
      event = parseMailchimpEvent(readMailchimpForm(raw), new Date());
    } catch (e) {
      countWebhook(SOURCE, 'rejected');
      throw e;
    }
    const listId = account.config.listId as string | undefined;
    if (event.type === 'unknown') {
      countWebhook(SOURCE, 'ignored');
      this.logger.warn({ businessId, type: event.name }, 'Mailchimp webhook of an unknown type: acknowledged and ignored');
      return { type: event.name, outcome: 'ignored', recorded: 0 };
    }
    if (event.type === 'subscribe' || event.type === 'profile' || event.type === 'upemail' || (event.listId && event.listId !== listId)) {
      countWebhook(SOURCE, 'ignored');
      return { type: event.type, outcome: 'ignored', recorded: 0 };
    }
    const key = `delivery:${createHash('sha256').update(raw).digest('hex')}`;
    const recorded = await this.repo.once(businessId, key, (q) => this.apply(businessId, event, q));
    countWebhook(SOURCE, 'accepted');
    return recorded === undefined ? { type: event.type, outcome: 'duplicate', recorded: 0 } : { type: event.type, outcome: 'recorded', recorded };
  }

  private async apply(businessId: string, event: MailchimpEvent, q: Parameters<Parameters<MailchimpEngagementRepository['once']>[2]>[0]): Promise<number> {
    switch (event.type) {
      case 'unsubscribe': {
        const clientIds = await this.repo.clientsByEmail(businessId, event.email, q);
        const evidence = { mailchimp: 'unsubscribe', action: event.action, reason: event.reason, listId: event.listId, campaignId: event.campaignId, firedAt: event.firedAt.toISOString() };
        return (await this.consent.record(businessId, clientIds, { channel: 'email', granted: false, source: 'provider', evidence, onlyIfChanged: true }, q)).length;
      }
      case 'cleaned': {
        const clientIds = await this.repo.clientsByEmail(businessId, event.email, q);
        const why = `Mailchimp cleaned the address (${event.reason ?? 'bounced'}${event.campaignId ? `, campaign ${event.campaignId}` : ''})`;
        return (await this.repo.markBounced(businessId, clientIds, why, q)).length;
      }
      case 'campaign':
        if (event.status !== 'sent') return 0;
        await this.repo.saveCampaign(businessId, { campaignId: event.campaignId, listId: event.listId, subject: event.subject, sentAt: event.firedAt }, q);
        return 1;
      default:
        return 0;
    }
  }

  /** The business's Mailchimp account when the URL's secret is its webhook secret; else a 401. */
  private async verified(businessId: string, secret: string) {
    const account = UUID.test(businessId ?? '') ? await this.accounts.find(businessId, 'mailchimp') : undefined;
    const expected = account?.enabled ? account.secrets.webhookSecret : undefined;
    const digest = (s: string) => createHash('sha256').update(s).digest();
    if (!account || !expected || !timingSafeEqual(digest(secret ?? ''), digest(expected))) {
      countWebhook(SOURCE, 'rejected');
      throw new DomainError(ErrorCode.Unauthorized, 'the webhook secret in the URL does not match');
    }
    return account;
  }
}
