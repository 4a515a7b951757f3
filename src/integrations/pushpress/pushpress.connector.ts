import { createHash } from 'crypto';
import { Headers, InboundEvent, MapContext, MapResult, ParseResult, VerifyContext, VerifyResult, WebhookConnector } from '../webhooks/webhook-connector';
import { PUSHPRESS_SIGNATURE_HEADER, verifyPushPressSignature } from './pushpress-signature';
import { mapPushPressEvent } from './pushpress-webhook.mapper';

export const PUSHPRESS_SOURCE = 'pushpress';
/** Name of the connection secret holding the webhook's signing secret. */
export const PUSHPRESS_SECRET = 'signingSecret';

/**
 * PushPress webhooks (integrations.md "PushPress"): the SDK's webhook-signature check, one
 * event per delivery ({data, created, event}), mapped to canonical records.
 *
 * A delivery carries no event id, so the idempotency key is built from what a redelivery
 * repeats: the event type, its creation time and a hash of the signed data.
 */
export class PushPressWebhookConnector implements WebhookConnector {
  readonly source = PUSHPRESS_SOURCE;

  verify(rawBody: Buffer, headers: Headers, ctx: VerifyContext): VerifyResult {
    const secret = ctx.secrets[PUSHPRESS_SECRET];
    if (!secret) return { ok: false, reason: `no ${PUSHPRESS_SECRET} configured for this connection` };
    return verifyPushPressSignature(rawBody, headers[PUSHPRESS_SIGNATURE_HEADER], secret);
  }

  parse(rawBody: Buffer): ParseResult {
    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch {
      return { ok: false, reason: 'body is not valid JSON' };
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, reason: 'body must be a JSON object' };
    const { event, created, data } = body as Record<string, unknown>;
    if (typeof event !== 'string' || event.trim() === '' || event.length > 100) return { ok: false, reason: 'event must be a string of 1-100 characters' };
    if (typeof created !== 'number' || !Number.isFinite(created)) return { ok: false, reason: 'created must be a Unix timestamp' };
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, reason: 'data must be an object' };
    const digest = createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 32);
    return { ok: true, events: [{ externalEventId: `${event}:${created}:${digest}`, eventType: event, payload: body }] };
  }

  map(event: InboundEvent, ctx: MapContext): MapResult {
    return mapPushPressEvent(event.eventType, event.payload, ctx);
  }
}
