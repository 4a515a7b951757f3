import { Controller, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiNoContentResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { validateRequest } from 'twilio';
import { Public } from '../../auth';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DomainError, ErrorCode } from '../../common/domain-error';
import { ApiErrors } from '../../openapi/api-errors.decorator';
import { ChannelAccountRepository } from '../channels/channel-account.repository';
import { TWILIO_UNSUBSCRIBED } from '../channels/sms/twilio-errors';
import { ConsentRepository } from '../consent/consent.repository';
import { TouchRepository } from '../touches/touch.repository';
import { inboundIntent } from './sms-keywords';
import { UUID } from '../../common/row-id';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
/** An inbound message counts as a reply to an SMS sent within this many days. */
const REPLY_WINDOW_DAYS = 14;

/** What Twilio posts: its form parameters, signed. */
const TWILIO_FORM = ApiBody({
  description: 'Twilio form parameters (MessageSid, MessageStatus, ErrorCode, From, To, Body, OptOutType, ...)',
  schema: { type: 'object', additionalProperties: { type: 'string' } },
});

const STATUS_MAP: Record<string, 'sent' | 'delivered' | 'failed' | 'opened' | undefined> = {
  sent: 'sent',
  delivered: 'delivered',
  undelivered: 'failed',
  failed: 'failed',
  read: 'opened',
};

/**
 * Twilio's callbacks for a business (its id in the query string, which Twilio signs with the
 * rest of the URL). Every request is checked with twilio's validateRequest against the
 * business's auth token, the public URL (PUBLIC_BASE_URL + path and query) and the form
 * parameters, before anything in it is acted on; a bad signature is a 403.
 */
@ApiTags('Webhooks')
@ApiConsumes('application/x-www-form-urlencoded')
@ApiErrors({ 403: 'X-Twilio-Signature does not match', 404: 'no Twilio account for this business' })
@Public()
@Controller('webhooks/twilio')
export class TwilioWebhooksController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly accounts: ChannelAccountRepository,
    private readonly touches: TouchRepository,
    private readonly consent: ConsentRepository,
  ) {}

  /** Delivery status callbacks (StatusCallback of every message we send). */
  @Post('status')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Recorded on the touch' })
  @TWILIO_FORM
  async status(@Query('businessId') businessId: string, @Req() req: Request): Promise<void> {
    const p = await this.verified(businessId, req);
    const sid = p.MessageSid ?? p.SmsSid;
    const status = STATUS_MAP[(p.MessageStatus ?? p.SmsStatus ?? '').toLowerCase()];
    if (!sid || !status) return;
    const code = p.ErrorCode ? `twilio_${p.ErrorCode}` : null;
    const touch = await this.touches.applyProviderStatus(businessId, 'sms', sid, status, code, code ? `Twilio error ${p.ErrorCode}` : null);
    if (touch && Number(p.ErrorCode) === TWILIO_UNSUBSCRIBED) {
      // once per message: a replayed callback must not withdraw consent the member gave since
      await this.consent.oncePerSmsMessage(businessId, 'opt_out_error', sid, (q) =>
        this.consent.record(
          businessId,
          [touch.clientId],
          { channel: 'sms', granted: false, source: 'sms_keyword', evidence: { twilioErrorCode: TWILIO_UNSUBSCRIBED, MessageSid: sid, To: p.To }, onlyIfChanged: true },
          q,
        ),
      );
    }
  }

  /**
   * Messages to the business's number: STOP-style keywords opt out, START/UNSTOP opt back in,
   * anything else is a reply. Each MessageSid acts once (a replay, even validly signed, is answered
   * 200 and changes nothing), and messages count in the order they arrive, so an old START
   * replayed after a STOP cannot re-grant consent. A message without a SID is not acted on.
   */
  @Post('inbound')
  @HttpCode(200)
  @ApiProduces('text/xml')
  @TWILIO_FORM
  @ApiOkResponse({ description: 'An empty TwiML answer (Twilio answers STOP/START itself)', content: { 'text/xml': { schema: { type: 'string' } } } })
  async inbound(@Query('businessId') businessId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const p = await this.verified(businessId, req);
    const sid = p.MessageSid ?? p.SmsSid;
    if (sid) {
      const from = p.From ?? '';
      const intent = inboundIntent(p.Body, p.OptOutType);
      const clientIds = await this.consent.clientsByPhone(businessId, from);
      const evidence = { MessageSid: sid, From: from, To: p.To, Body: (p.Body ?? '').slice(0, 160), OptOutType: p.OptOutType ?? null };
      await this.consent.oncePerSmsMessage(businessId, 'inbound', sid, async (q) => {
        if (intent === 'opt_out' || intent === 'opt_in') {
          await this.consent.record(businessId, clientIds, { channel: 'sms', granted: intent === 'opt_in', source: 'sms_keyword', evidence, onlyIfChanged: true }, q);
        } else if (intent === 'reply') {
          // outside the transaction: a failure rolls the SID back so Twilio's retry counts it
          await this.touches.markReplied(businessId, clientIds, 'sms', REPLY_WINDOW_DAYS);
        }
      });
    }
    // Twilio answers the keywords itself; we add nothing
    res.status(200).type('text/xml').send(EMPTY_TWIML);
  }

  private async verified(businessId: string, req: Request): Promise<Record<string, string>> {
    const account = UUID.test(businessId ?? '') ? await this.accounts.find(businessId, 'sms') : undefined;
    const token = account?.enabled ? account.secrets.authToken : undefined;
    if (!token) throw new DomainError(ErrorCode.NotFound, 'no Twilio account for this business');
    const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const params: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(raw)) params[k] = v;
    const url = `${this.config.PUBLIC_BASE_URL.replace(/\/+$/, '')}${req.originalUrl}`;
    const signature = req.headers['x-twilio-signature'];
    if (typeof signature !== 'string' || !validateRequest(token, signature, url, params)) {
      throw new DomainError(ErrorCode.Forbidden, 'X-Twilio-Signature does not match');
    }
    // PostgreSQL cannot store U+0000, and refusing a member's text would lose a STOP or a reply.
    // After the signature (computed over what Twilio sent), a NUL is kept visible as the six
    // characters \u0000, as refused webhook bodies show it (docs/reliability.md "Input limits").
    // eslint-disable-next-line no-control-regex -- the NUL is exactly what is being escaped
    for (const k of Object.keys(params)) params[k] = params[k].replace(/\u0000/g, '\\u0000');
    return params;
  }
}
