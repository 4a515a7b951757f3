import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Principal } from '../../auth';
import { BusinessRepository } from '../../business';
import { DomainError, ErrorCode, notFound } from '../../common/domain-error';
import { Channel } from '../actions.types';
import { MessagingSettingsService } from '../settings/messaging-settings.service';
import { ChannelAccountRepository } from './channel-account.repository';
import { SendContext } from './channel-provider';
import { ChannelTestResultDto } from './dto/channel-test.dto';
import { EmailProvider } from './email/email.provider';
import { MailchimpProvider } from './mailchimp/mailchimp.provider';
import { PushProvider } from './push/push.provider';
import { SmsProvider } from './sms/sms.provider';

const TESTABLE_CHANNELS = ['email', 'sms', 'mailchimp', 'push'] as const;

const invalid = (field: string, reason: string) => new DomainError(ErrorCode.Invalid, `${field}: ${reason}`, { problems: [{ path: field, reason }] });

const SETUP: Record<Channel, string> = {
  email: '',
  sms: 'SMS is not set up for this business: add the Twilio account first (PUT /api/v1/channels/sms)',
  mailchimp: 'Mailchimp is not set up for this business: add the API key and audience first (PUT /api/v1/channels/mailchimp)',
  push: 'Push is not set up for this business: add the push endpoint first (PUT /api/v1/channels/push)',
};

/**
 * "Send a test" per channel (web.md Settings, Campaigns): a real message through the business's
 * configured channel. A provider's refusal is an answer (ok: false with its words), never an
 * error of ours; a channel that is not set up, or a test without a recipient, is a 400.
 */
@Injectable()
export class ChannelTestService {
  constructor(
    private readonly ds: DataSource,
    private readonly businesses: BusinessRepository,
    private readonly accounts: ChannelAccountRepository,
    private readonly messaging: MessagingSettingsService,
    private readonly email: EmailProvider,
    private readonly sms: SmsProvider,
    private readonly mailchimp: MailchimpProvider,
    private readonly push: PushProvider,
  ) {}

  async test(p: Principal, channel: string, to: string | undefined): Promise<ChannelTestResultDto> {
    if (!(TESTABLE_CHANNELS as readonly string[]).includes(channel)) throw invalid('channel', `must be one of ${TESTABLE_CHANNELS.join(', ')}`);
    const business = await this.businesses.findById(p.businessId);
    if (!business) throw notFound('business');
    const account = await this.accounts.find(p.businessId, channel as Channel);
    const settings = await this.messaging.get(p.businessId);
    const ctx: SendContext = {
      businessId: p.businessId,
      businessName: business.name,
      timezone: business.timezone,
      runId: '0',
      origin: 'channel-test',
      account: account?.enabled ? { config: account.config, secrets: account.secrets } : undefined,
      concurrency: 1,
      smsDefaultCountry: settings.smsDefaultCountry,
    };
    let send: () => Promise<string>;
    switch (channel as Channel) {
      case 'email': {
        const address = to?.trim() || (await this.userEmail(p));
        if (!address) throw invalid('to', 'is required: an API key has no email address of its own');
        send = () => this.email.sendTest(ctx, address);
        break;
      }
      case 'sms': {
        this.requireSetUp(() => this.sms.checkAccount(ctx), 'sms');
        if (!to?.trim()) throw invalid('to', 'is required: the phone number to send the test to');
        send = () => this.sms.sendTest(ctx, to.trim());
        break;
      }
      case 'mailchimp':
        this.requireSetUp(() => this.mailchimp.checkAccount(ctx), 'mailchimp');
        send = () => this.mailchimp.ping(ctx);
        break;
      case 'push':
        this.requireSetUp(() => this.push.checkAccount(ctx), 'push');
        send = () => this.push.sendTest(ctx, to?.trim() || null);
        break;
      default:
        throw invalid('channel', `must be one of ${TESTABLE_CHANNELS.join(', ')}`);
    }
    try {
      return { ok: true, message: await send() };
    } catch (e) {
      if (e instanceof DomainError) throw e;
      return { ok: false, message: providerWords(e) };
    }
  }

  private requireSetUp(check: () => void, channel: Channel): void {
    try {
      check();
    } catch {
      throw new DomainError(ErrorCode.Invalid, SETUP[channel]);
    }
  }

  /** The signed-in user's email (none for an API key). */
  private async userEmail(p: Principal): Promise<string | null> {
    if (!p.userId) return null;
    const [row] = await this.ds.query(`SELECT email FROM app_user WHERE id = $1 AND business_id = $2`, [p.userId, p.businessId]);
    return row?.email ?? null;
  }
}

/** The provider's own words: SMTP reply, Twilio's message and code, Mailchimp's title and detail, the endpoint's answer. */
function providerWords(e: unknown): string {
  const x = e as { message?: string; code?: string | number; responseCode?: number; status?: number; cause?: { code?: string; message?: string } };
  const parts = [x?.message ?? String(e)];
  if (typeof x?.code === 'number') parts.push(`(Twilio error ${x.code})`);
  else if (x?.cause?.code) parts.push(`(${x.cause.code})`);
  return parts.join(' ').slice(0, 1000);
}
