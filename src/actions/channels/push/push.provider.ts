import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '../../../common/domain-error';
import { Recipient } from '../../touches/touch.repository';
import { ChannelProvider, RenderedMessage, SendContext, SendHooks, SendOutcome } from '../channel-provider';
import { DeliveryFailure, PermanentDeliveryError } from '../delivery-errors';
import { CompiledTemplate, compileTemplate, MERGE_FIELDS, MergeField, MergeValues, renderTemplate, singleLine } from '../merge-fields';
import { PushNotification, PushTransport } from './push-transport';
import { WebhookPushTransport } from './webhook-push.transport';

interface PushTemplate {
  title: CompiledTemplate;
  body: CompiledTemplate;
  data: Record<string, string>;
}

const PUSH_FIELDS: ReadonlySet<MergeField> = new Set(MERGE_FIELDS.filter((f) => f !== 'unsubscribe_url'));

/** Push: the template rendered here, delivery by the transport the business's account names. */
@Injectable()
export class PushProvider implements ChannelProvider<PushTemplate, PushNotification> {
  readonly channel = 'push' as const;
  private readonly transports: Map<string, PushTransport>;

  constructor(webhook: WebhookPushTransport) {
    this.transports = new Map([[webhook.name, webhook]]);
  }

  validateTemplate(t: unknown): PushTemplate {
    const o = (typeof t === 'object' && t !== null ? t : {}) as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!['title', 'body', 'data'].includes(k)) throw new DomainError(ErrorCode.Invalid, `template.${k}: is not a push template field`);
    if (typeof o.title !== 'string' || !o.title.trim() || o.title.length > 100) throw new DomainError(ErrorCode.Invalid, 'template.title: must be a text of 1 to 100 characters');
    if (typeof o.body !== 'string' || !o.body.trim() || o.body.length > 1000) throw new DomainError(ErrorCode.Invalid, 'template.body: must be a text of 1 to 1000 characters');
    const data = o.data ?? {};
    if (typeof data !== 'object' || data === null || Array.isArray(data) || Object.keys(data).length > 20 || Object.values(data).some((v) => typeof v !== 'string' || v.length > 500)) {
      throw new DomainError(ErrorCode.Invalid, 'template.data: must be an object of at most 20 string values (500 characters each)');
    }
    return { title: compileTemplate(o.title, 'template.title', PUSH_FIELDS), body: compileTemplate(o.body, 'template.body', PUSH_FIELDS), data: data as Record<string, string> };
  }

  checkAccount(ctx: SendContext): void {
    this.transport(ctx).checkAccount(ctx);
  }

  render(t: PushTemplate, r: Recipient, ctx: SendContext): PushNotification {
    const values: MergeValues = {
      'client.first_name': r.firstName,
      'client.last_name': r.lastName,
      'client.full_name': [r.firstName, r.lastName].filter(Boolean).join(' '),
      'client.email': r.email,
      'client.phone': r.phone,
      'business.name': ctx.businessName,
    };
    return { title: singleLine(renderTemplate(t.title, values, 'text')), body: renderTemplate(t.body, values, 'text'), data: t.data };
  }

  send(ctx: SendContext, messages: Array<RenderedMessage<PushNotification>>, hooks: SendHooks): Promise<SendOutcome[]> {
    return this.transport(ctx).send(
      ctx,
      messages.map((m) => ({ touchId: m.touchId, recipient: m.recipient, notification: m.message })),
      hooks,
    );
  }

  /** "Send a test" through the business's push transport; `token`: an optional device token for the endpoint. */
  sendTest(ctx: SendContext, token: string | null): Promise<string> {
    return this.transport(ctx).test(ctx, { title: `Test from ${ctx.businessName}`, body: 'The push channel works.', data: { test: 'true' } }, token);
  }

  classify(error: unknown): DeliveryFailure {
    return new WebhookPushTransport().classify(error);
  }

  private transport(ctx: SendContext): PushTransport {
    const name = (ctx.account?.config.provider as string | undefined) ?? 'webhook';
    const t = this.transports.get(name);
    if (!t) throw new PermanentDeliveryError('not_configured', `unknown push provider "${name}"`);
    return t;
  }
}
