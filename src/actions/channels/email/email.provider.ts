import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../../config/app-config';
import { DomainError, ErrorCode } from '../../../common/domain-error';
import { Recipient } from '../../touches/touch.repository';
import { ChannelProvider, RenderedMessage, SendContext, SendHooks, SendOutcome } from '../channel-provider';
import { DeliveryFailure, inDoubt, TRANSIENT_NETWORK_CODES } from '../delivery-errors';
import { CompiledTemplate, compileTemplate, escapeHtml, MergeValues, renderTemplate, singleLine, usesField } from '../merge-fields';
import { BEFORE_DATA_END, SmtpTransport } from './smtp-transport';
import { rewriteLinks } from '../../engagement/link-rewriter';
import { signUnsubscribeToken, unsubscribeKey } from './unsubscribe-token';

interface EmailTemplate {
  subject: CompiledTemplate;
  html: CompiledTemplate | null;
  text: CompiledTemplate | null;
}

interface EmailMessage {
  to: string;
  subject: string;
  html: string | null;
  text: string | null;
  unsubscribeUrl: string;
  messageId: string;
}

// deliberately plain: the relay decides the rest; this only keeps obviously broken addresses
// (no @, spaces, several addresses) from reaching SMTP as something else
const EMAIL = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]+$/;

const HTML_FOOTER = compileTemplate('<p style="font-size:12px;color:#666">You get this email from {{business.name}}. <a href="{{unsubscribe_url}}">Unsubscribe</a></p>', 'footer');
const TEXT_FOOTER = compileTemplate('\n\n--\nUnsubscribe: {{unsubscribe_url}}', 'footer');

function str(value: unknown, path: string, max: number, required: boolean): string | null {
  if (value === undefined || value === null) {
    if (required) throw new DomainError(ErrorCode.Invalid, `${path}: is required`);
    return null;
  }
  if (typeof value !== 'string' || value.length === 0 || value.length > max) throw new DomainError(ErrorCode.Invalid, `${path}: must be a string of 1 to ${max} characters`);
  return value;
}

/**
 * Email through the process's pooled SMTP transport. Every message carries List-Unsubscribe
 * (one-click, RFC 8058) pointing at GET/POST /u/:token; a template without {{unsubscribe_url}}
 * gets a footer with the link.
 */
@Injectable()
export class EmailProvider implements ChannelProvider<EmailTemplate, EmailMessage> {
  readonly channel = 'email' as const;
  private readonly key: Buffer;
  private readonly fromAddress: { name: string; address: string };
  private readonly domain: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly smtp: SmtpTransport,
  ) {
    this.key = unsubscribeKey(config.SECRETS_KEY);
    const m = /^\s*(?:"?([^"<]*?)"?\s*)?<([^>]+)>\s*$/.exec(config.MAIL_FROM);
    this.fromAddress = m ? { name: m[1] ?? '', address: m[2] } : { name: '', address: config.MAIL_FROM.trim() };
    this.domain = this.fromAddress.address.split('@')[1] ?? 'comeback.local';
  }

  validateTemplate(t: unknown): EmailTemplate {
    if (typeof t !== 'object' || t === null) throw new DomainError(ErrorCode.Invalid, 'template: must be {subject, html, text}');
    const o = t as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!['subject', 'html', 'text'].includes(k)) throw new DomainError(ErrorCode.Invalid, `template.${k}: is not an email template field`);
    const subject = str(o.subject, 'template.subject', 300, true)!;
    const html = str(o.html, 'template.html', 500_000, false);
    const text = str(o.text, 'template.text', 200_000, false);
    if (!html && !text) throw new DomainError(ErrorCode.Invalid, 'template.html: an email needs html or text (or both)');
    return {
      subject: compileTemplate(subject, 'template.subject'),
      html: html === null ? null : compileTemplate(html, 'template.html'),
      text: text === null ? null : compileTemplate(text, 'template.text'),
    };
  }

  checkAccount(): void {
    // email goes through the platform's SMTP relay; a business account only names the sender
  }

  unsubscribeUrl(touchId: string): string {
    return `${this.config.PUBLIC_BASE_URL.replace(/\/+$/, '')}/u/${signUnsubscribeToken(this.key, touchId)}`;
  }

  render(t: EmailTemplate, r: Recipient, ctx: SendContext): EmailMessage {
    const unsubscribeUrl = this.unsubscribeUrl(r.touchId);
    const values: MergeValues = {
      'client.first_name': r.firstName,
      'client.last_name': r.lastName,
      'client.full_name': [r.firstName, r.lastName].filter(Boolean).join(' '),
      'client.email': r.email,
      'client.phone': r.phone,
      'business.name': ctx.businessName,
      unsubscribe_url: unsubscribeUrl,
    };
    let html = t.html && renderTemplate(t.html, values, 'html');
    let text = t.text && renderTemplate(t.text, values, 'text');
    if (html !== null && !usesField(t.html!, 'unsubscribe_url')) html += renderTemplate(HTML_FOOTER, values, 'html');
    if (text !== null && !usesField(t.text!, 'unsubscribe_url')) text += renderTemplate(TEXT_FOOTER, values, 'text');
    const links = ctx.links;
    if (links) {
      // the same URL in the HTML and the text part is one link (one index) of the message
      const track = (url: string) => links.track(r.touchId, r.clientId, url);
      if (html !== null) html = rewriteLinks(html, 'html', track);
      if (text !== null) text = rewriteLinks(text, 'text', track);
      if (html !== null && links.openPixel) html += `<img src="${links.pixel(r.touchId)}" width="1" height="1" alt="" style="display:block;border:0">`;
    }
    return {
      to: (r.email ?? '').trim(),
      subject: singleLine(renderTemplate(t.subject, values, 'text')),
      html,
      text,
      unsubscribeUrl,
      messageId: `<touch-${r.touchId}@${this.domain}>`,
    };
  }

  async send(ctx: SendContext, messages: Array<RenderedMessage<EmailMessage>>, hooks: SendHooks): Promise<SendOutcome[]> {
    const transport = this.smtp.get();
    const fromName = (ctx.account?.config.fromName as string | undefined) ?? ctx.businessName;
    const replyTo = ctx.account?.config.replyTo as string | undefined;
    return Promise.all(
      messages.map(async ({ touchId, message: m }): Promise<SendOutcome> => {
        let handedOver = false;
        let outcome: SendOutcome;
        try {
          if (!EMAIL.test(m.to)) throw Object.assign(new Error(`not an email address: ${JSON.stringify(m.to)}`), { code: 'EENVELOPE' });
          const info = await transport.sendMail({
            from: { name: fromName, address: this.fromAddress.address },
            to: m.to,
            replyTo,
            subject: m.subject,
            html: m.html ?? undefined,
            text: m.text ?? undefined,
            messageId: m.messageId,
            headers: {
              'List-Unsubscribe': `<${m.unsubscribeUrl}>`,
              'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
              'X-Comeback-Origin': ctx.origin,
              // the demo mailbox files a message under its business (src/mailbox)
              'X-Comeback-Business': ctx.businessId,
            },
            // the relay has the whole body; record that before the terminator lets it accept the message
            [BEFORE_DATA_END]: async () => {
              await hooks.handOver(touchId);
              handedOver = true;
            },
          } as never);
          const rejected = (info as { rejected?: unknown[] }).rejected ?? [];
          outcome = rejected.length
            ? { touchId, ok: false, failure: { kind: 'permanent', code: 'invalid_address', message: `recipient rejected: ${m.to}` } }
            : { touchId, ok: true, providerMessageId: (info as { messageId?: string }).messageId ?? m.messageId };
        } catch (e) {
          // after the terminator, only an SMTP reply says what the relay did; a lost connection
          // or a timeout there leaves it unknown
          const replied = typeof (e as { responseCode?: unknown })?.responseCode === 'number';
          outcome = { touchId, ok: false, failure: handedOver && !replied ? inDoubt((e as Error)?.message ?? String(e)) : this.classify(e) };
        }
        hooks.settled(outcome);
        return outcome;
      }),
    );
  }

  /**
   * "Send a test": one plain message to `to` through the same transport and sender as campaign
   * email. Resolves with the relay's answer; rejects with its error (the caller reports it).
   */
  async sendTest(ctx: Pick<SendContext, 'businessId' | 'businessName' | 'account'>, to: string): Promise<string> {
    return this.sendOne(ctx, to, {
      subject: `Test email from ${ctx.businessName}`,
      text: `This is a test of the email channel of ${ctx.businessName} in Comeback. It reached you, so members' emails can too.`,
      html: `<p>This is a test of the email channel of <b>${escapeHtml(ctx.businessName)}</b> in Comeback.</p><p>It reached you, so members' emails can too.</p>`,
    });
  }

  /**
   * One message outside any campaign (a channel test, a campaign's "send a test to me"), through
   * the same transport and sender as campaign email. Resolves with the relay's answer.
   */
  async sendOne(
    ctx: Pick<SendContext, 'businessId' | 'businessName' | 'account'>,
    to: string,
    m: { subject: string; html: string | null; text: string | null },
    origin = 'channel-test',
  ): Promise<string> {
    if (!EMAIL.test(to)) throw new DomainError(ErrorCode.Invalid, `to: "${to}" is not an email address`, { problems: [{ path: 'to', reason: 'is not an email address' }] });
    const fromName = (ctx.account?.config.fromName as string | undefined) ?? ctx.businessName;
    const info = await this.smtp.get().sendMail({
      from: { name: fromName, address: this.fromAddress.address },
      to,
      replyTo: ctx.account?.config.replyTo as string | undefined,
      subject: m.subject,
      text: m.text ?? undefined,
      html: m.html ?? undefined,
      headers: { 'X-Comeback-Origin': origin, 'X-Comeback-Business': ctx.businessId },
    });
    const rejected = (info as { rejected?: unknown[] }).rejected ?? [];
    if (rejected.length) throw Object.assign(new Error(`recipient rejected: ${to}`), { code: 'EENVELOPE' });
    return String((info as { response?: string }).response ?? 'accepted');
  }

  classify(error: unknown): DeliveryFailure {
    const e = error as { code?: string; responseCode?: number; command?: string; message?: string };
    const message = (e?.message ?? String(error)).slice(0, 500);
    const rc = e?.responseCode;
    if (typeof rc === 'number' && rc >= 500) {
      const address = e.command === 'RCPT TO' && [550, 551, 553, 501].includes(rc);
      return { kind: 'permanent', code: address ? 'invalid_address' : `smtp_${rc}`, message };
    }
    if (typeof rc === 'number' && rc >= 400) return { kind: 'transient', code: `smtp_${rc}`, message };
    if (e?.code === 'EENVELOPE') return { kind: 'permanent', code: 'invalid_address', message };
    if (e?.code && TRANSIENT_NETWORK_CODES.has(e.code)) return { kind: 'transient', code: e.code.toLowerCase(), message };
    return { kind: 'transient', code: 'smtp_error', message };
  }
}
