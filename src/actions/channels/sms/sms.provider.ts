import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import twilio from 'twilio';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { DomainError, ErrorCode } from '../../../common/domain-error';
import { Recipient } from '../../touches/touch.repository';
import { ChannelProvider, RenderedMessage, SendContext, SendHooks, SendOutcome } from '../channel-provider';
import { afterHandOver, DeliveryFailure, PermanentDeliveryError } from '../delivery-errors';
import { CompiledTemplate, compileTemplate, MERGE_FIELDS, MergeField, renderTemplate } from '../merge-fields';
import { rewriteLinks } from '../../engagement/link-rewriter';
import { classifyTwilioError } from './twilio-errors';

interface SmsTemplate {
  body: CompiledTemplate;
}

interface SmsMessage {
  to: string;
  body: string;
}

type TwilioClient = ReturnType<typeof twilio>;

const SMS_FIELDS: ReadonlySet<MergeField> = new Set(MERGE_FIELDS.filter((f) => f !== 'unsubscribe_url'));

/** Keeps + and digits; "(555) 123-4567" -> "5551234567", "+46 70 123 45 67" -> "+46701234567". */
function normalizePhone(raw: string): string {
  const t = raw.trim();
  return (t.startsWith('+') ? '+' : '') + t.replace(/\D/g, '');
}

/**
 * The number in E.164 as Twilio wants it. International forms ("+46 ...", "0046 ...") are read
 * as they are; a national form ("070-123 45 67") is read in the business's default country
 * (messaging setting smsDefaultCountry), trunk prefix and all. A number that cannot be read is
 * passed on digits-only and Twilio's answer (21211, invalid To) fails its touch permanently.
 */
export function toE164(raw: string, defaultCountry?: string | null): string {
  const t = raw.trim().replace(/^00(?=\d)/, '+');
  const parsed = t.startsWith('+') ? parsePhoneNumberFromString(t) : defaultCountry ? parsePhoneNumberFromString(t, defaultCountry as CountryCode) : undefined;
  return parsed?.isPossible() ? parsed.number : normalizePhone(t);
}

/**
 * SMS through the business's own Twilio account (channel_account 'sms': accountSid, sealed
 * authToken, a sending number or Messaging Service). Delivery status comes back on
 * POST /webhooks/twilio/status (docs/actions.md "SMS").
 */
@Injectable()
export class SmsProvider implements ChannelProvider<SmsTemplate, SmsMessage> {
  readonly channel = 'sms' as const;
  private readonly clients = new Map<string, TwilioClient>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  validateTemplate(t: unknown): SmsTemplate {
    const o = (typeof t === 'object' && t !== null ? t : {}) as Record<string, unknown>;
    for (const k of Object.keys(o)) if (k !== 'body') throw new DomainError(ErrorCode.Invalid, `template.${k}: is not an SMS template field`);
    if (typeof o.body !== 'string' || o.body.trim().length === 0 || o.body.length > 1600) {
      throw new DomainError(ErrorCode.Invalid, 'template.body: must be a text of 1 to 1600 characters');
    }
    return { body: compileTemplate(o.body, 'template.body', SMS_FIELDS) };
  }

  checkAccount(ctx: SendContext): void {
    const a = ctx.account;
    if (!a?.config.accountSid || !a.secrets.authToken || !(a.config.from || a.config.messagingServiceSid)) {
      throw new PermanentDeliveryError('not_configured', 'this business has no Twilio account set up (PUT /api/v1/channels/sms)');
    }
  }

  render(t: SmsTemplate, r: Recipient, ctx: SendContext): SmsMessage {
    const body = renderTemplate(
      t.body,
      {
        'client.first_name': r.firstName,
        'client.last_name': r.lastName,
        'client.full_name': [r.firstName, r.lastName].filter(Boolean).join(' '),
        'client.email': r.email,
        'client.phone': r.phone,
        'business.name': ctx.businessName,
      },
      'text',
    );
    const links = ctx.links;
    const tracked = links ? rewriteLinks(body, 'text', (url) => links.track(r.touchId, r.clientId, url)) : body;
    return { to: toE164(r.phone ?? '', ctx.smsDefaultCountry), body: tracked };
  }

  async send(ctx: SendContext, messages: Array<RenderedMessage<SmsMessage>>, hooks: SendHooks): Promise<SendOutcome[]> {
    const client = this.client(ctx.account!.config.accountSid as string, ctx.account!.secrets.authToken);
    const from = ctx.account!.config.from as string | undefined;
    const messagingServiceSid = ctx.account!.config.messagingServiceSid as string | undefined;
    const statusCallback = `${this.config.PUBLIC_BASE_URL.replace(/\/+$/, '')}/webhooks/twilio/status?businessId=${ctx.businessId}`;
    return Promise.all(
      messages.map(async ({ touchId, message: m }): Promise<SendOutcome> => {
        let handedOver = false;
        let outcome: SendOutcome;
        try {
          // recorded before the request is written: Twilio may create the message from then on
          await hooks.handOver(touchId);
          handedOver = true;
          const sent = await client.messages.create({ to: m.to, body: m.body, statusCallback, ...(messagingServiceSid ? { messagingServiceSid } : { from: from! }) });
          outcome = { touchId, ok: true, providerMessageId: sent.sid };
        } catch (e) {
          outcome = { touchId, ok: false, failure: afterHandOver(e, handedOver, this.classify(e)) };
        }
        hooks.settled(outcome);
        return outcome;
      }),
    );
  }

  /** "Send a test": one SMS to `to` through the business's Twilio account; resolves with Twilio's answer. */
  async sendTest(ctx: Pick<SendContext, 'businessId' | 'businessName' | 'account' | 'smsDefaultCountry'>, to: string): Promise<string> {
    const a = ctx.account!;
    const messagingServiceSid = a.config.messagingServiceSid as string | undefined;
    const m = await this.client(a.config.accountSid as string, a.secrets.authToken).messages.create({
      to: toE164(to, ctx.smsDefaultCountry),
      body: `Test message from ${ctx.businessName} (Comeback): the SMS channel works.`,
      ...(messagingServiceSid ? { messagingServiceSid } : { from: a.config.from as string }),
    });
    return `Twilio accepted the message to ${m.to ?? to} (${m.sid}, ${m.status})`;
  }

  classify(error: unknown): DeliveryFailure {
    return classifyTwilioError(error);
  }

  private client(accountSid: string, authToken: string): TwilioClient {
    const key = createHash('sha256').update(`${accountSid}:${authToken}`).digest('hex');
    let c = this.clients.get(key);
    if (!c) {
      c = twilio(accountSid, authToken, { autoRetry: false, timeout: 15_000 });
      // the REST base (TWILIO_API_URL): Twilio itself, or a local fake in tests
      (c.api as unknown as { baseUrl: string }).baseUrl = this.config.TWILIO_API_URL;
      this.clients.set(key, c);
    }
    return c;
  }
}
