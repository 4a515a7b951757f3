import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { signComebackPayload } from '../../../common/payload-signing';
import { SendContext, SendHooks, SendOutcome } from '../channel-provider';
import { afterHandOver, DeliveryFailure, PermanentDeliveryError, TRANSIENT_NETWORK_CODES } from '../delivery-errors';
import { PushMessage, PushNotification, PushTransport } from './push-transport';

const TIMEOUT_MS = 10_000;

/** An HTTP answer from the business's backend, kept for classification. */
class PushHttpError extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`push endpoint answered ${status}${body ? `: ${body.slice(0, 200)}` : ''}`);
  }
}

/**
 * The default push transport: one JSON POST per message to the business's app endpoint, signed
 * like our generic webhooks in the other direction — `X-Comeback-Signature: t=<unix>,v1=<hex
 * HMAC-SHA256 of "<t>.<body>">` with the push signing secret — and carrying the touch id as
 * `Idempotency-Key` so the receiver can drop a retried duplicate.
 */
@Injectable()
export class WebhookPushTransport implements PushTransport {
  readonly name = 'webhook';

  checkAccount(ctx: SendContext): void {
    if (!ctx.account?.config.url || !ctx.account.secrets.signingSecret) {
      throw new PermanentDeliveryError('not_configured', 'this business has no push endpoint set up (PUT /api/v1/channels/push)');
    }
  }

  async send(ctx: SendContext, messages: PushMessage[], hooks: SendHooks): Promise<SendOutcome[]> {
    const url = ctx.account!.config.url as string;
    const secret = ctx.account!.secrets.signingSecret;
    return Promise.all(
      messages.map(async (m): Promise<SendOutcome> => {
        let handedOver = false;
        let outcome: SendOutcome;
        try {
          const providerMessageId = await this.post(url, secret, ctx, m, async () => {
            await hooks.handOver(m.touchId);
            handedOver = true;
          });
          outcome = { touchId: m.touchId, ok: true, providerMessageId };
        } catch (e) {
          outcome = { touchId: m.touchId, ok: false, failure: afterHandOver(e, handedOver, this.classify(e)) };
        }
        hooks.settled(outcome);
        return outcome;
      }),
    );
  }

  /**
   * A `push.test` event, signed like every push: no member and no touch behind it, so the
   * endpoint can tell it apart; `token` (optional) names a device to send it to.
   */
  async test(ctx: SendContext, notification: PushNotification, token: string | null): Promise<string> {
    const id = `test-${randomUUID()}`;
    const body = JSON.stringify({
      id,
      type: 'push.test',
      businessId: ctx.businessId,
      origin: 'channel-test',
      pushTokens: token ? [token] : [],
      notification: { title: notification.title, body: notification.body },
      data: notification.data,
      createdAt: new Date().toISOString(),
    });
    const res = await fetch(ctx.account!.config.url as string, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Comeback-Push/1',
        'Idempotency-Key': id,
        'X-Comeback-Signature': signComebackPayload(body, ctx.account!.secrets.signingSecret, Math.floor(Date.now() / 1000)),
      },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await res.text();
    if (!res.ok) throw new PushHttpError(res.status, text);
    return `the push endpoint answered ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
  }

  private async post(url: string, secret: string, ctx: SendContext, m: PushMessage, handOver: () => Promise<void>): Promise<string> {
    const body = JSON.stringify({
      id: `touch-${m.touchId}`,
      type: 'push.send',
      businessId: ctx.businessId,
      origin: ctx.origin,
      client: { id: m.recipient.clientId, externalId: m.recipient.externalId, pushTokens: m.recipient.pushTokens },
      notification: { title: m.notification.title, body: m.notification.body },
      data: m.notification.data,
      createdAt: new Date().toISOString(),
    });
    // recorded before the request is written: the endpoint may act on it from then on
    await handOver();
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': 'Comeback-Push/1',
        'Idempotency-Key': `touch-${m.touchId}`,
        'X-Comeback-Signature': signComebackPayload(body, secret, Math.floor(Date.now() / 1000)),
      },
      body,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await res.text();
    if (!res.ok) throw new PushHttpError(res.status, text);
    try {
      const id = (JSON.parse(text) as { id?: unknown }).id;
      if (typeof id === 'string' && id) return id.slice(0, 200);
    } catch {
      // a 2xx without a JSON body is fine
    }
    return `touch-${m.touchId}`;
  }

  classify(error: unknown): DeliveryFailure {
    if (error instanceof PushHttpError) {
      const s = error.status;
      if (s === 410) return { kind: 'permanent', code: 'invalid_address', message: error.message };
      if (s === 401 || s === 403) return { kind: 'permanent', code: `push_${s}`, message: error.message, fatal: true };
      if (s === 408 || s === 425 || s === 429 || s >= 500) return { kind: 'transient', code: `push_${s}`, message: error.message };
      return { kind: 'permanent', code: `push_${s}`, message: error.message };
    }
    const e = error as { name?: string; message?: string; cause?: { code?: string } };
    const code = e?.cause?.code;
    if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return { kind: 'transient', code: 'timeout', message: 'push endpoint did not answer in time' };
    if (code && TRANSIENT_NETWORK_CODES.has(code)) return { kind: 'transient', code: code.toLowerCase(), message: String(e.message) };
    return { kind: 'transient', code: 'push_unreachable', message: String(e?.message ?? error).slice(0, 500) };
  }
}
