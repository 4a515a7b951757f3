import { Headers, InboundEvent, MapContext, MapResult, ParseResult, VerifyContext, VerifyResult, WebhookConnector } from '../webhooks/webhook-connector';
import { MINDBODY_SIGNATURE_HEADER, verifyMindbodySignature } from './mindbody-signature';
import { mapMindbodyEvent } from './mindbody-webhook.mapper';

export const MINDBODY_SOURCE = 'mindbody';
/** Name of the connection secret holding the subscription's messageSignatureKey. */
export const MINDBODY_SIGNATURE_KEY_SECRET = 'signatureKey';

/**
 * What Mindbody does to a webhook URL when a subscription is created: a HEAD request that
 * must be answered 200 before the subscription can be activated. It carries no body and no
 * signature, so the HTTP layer answers it without verify/parse and records nothing.
 */
export const MINDBODY_VALIDATION = { method: 'HEAD', status: 200 } as const;

/**
 * The Mindbody Webhooks API connector: X-Mindbody-Signature check, envelope parse (one event
 * per delivery, keyed by messageId) and the mapping to canonical records.
 */
export class MindbodyWebhookConnector implements WebhookConnector {
  readonly source = MINDBODY_SOURCE;

  verify(rawBody: Buffer, headers: Headers, ctx: VerifyContext): VerifyResult {
    const key = ctx.secrets[MINDBODY_SIGNATURE_KEY_SECRET];
    if (!key) return { ok: false, reason: `no ${MINDBODY_SIGNATURE_KEY_SECRET} configured for this connection` };
    const header = headers[MINDBODY_SIGNATURE_HEADER];
    if (!header) return { ok: false, reason: 'missing X-Mindbody-Signature header' };
    return verifyMindbodySignature(rawBody, header, key) ? { ok: true } : { ok: false, reason: 'X-Mindbody-Signature does not match the body' };
  }

  parse(rawBody: Buffer): ParseResult {
    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch {
      return { ok: false, reason: 'body is not valid JSON' };
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, reason: 'body must be a JSON object' };
    const { messageId, eventId } = body as Record<string, unknown>;
    if (typeof messageId !== 'string' || messageId.trim() === '') return { ok: false, reason: 'messageId must be a non-empty string' };
    if (typeof eventId !== 'string' || eventId.trim() === '') return { ok: false, reason: 'eventId must be a non-empty string' };
    // eventId names the event type; messageId is the per-message id Mindbody resends on retry
    return { ok: true, events: [{ externalEventId: messageId, eventType: eventId, payload: body }] };
  }

  map(event: InboundEvent, ctx: MapContext): MapResult {
    // A Mindbody subscription belongs to the developer account, so one URL can receive other
    // sites' events: only the connection's own site is written.
    const expected = ctx.config.siteId as string | number | null | undefined; // validated as one of these when the connection was saved
    const site = mindbodySiteId(event.payload);
    if (expected !== undefined && expected !== null && site !== undefined && String(site) !== String(expected)) {
      return { kind: 'ignored', reason: `event for Mindbody site ${site}, connection is site ${String(expected)}` };
    }
    return mapMindbodyEvent(event.eventType, event.payload);
  }
}

/** The Mindbody site an event belongs to, for checking it against the connection's siteId. */
export function mindbodySiteId(payload: unknown): number | undefined {
  if (typeof payload !== 'object' || payload === null) return undefined;
  const data = (payload as { eventData?: unknown }).eventData;
  if (typeof data !== 'object' || data === null) return undefined;
  const siteId = (data as { siteId?: unknown }).siteId;
  if (typeof siteId === 'number' && Number.isInteger(siteId)) return siteId;
  if (typeof siteId === 'string' && /^-?\d+$/.test(siteId)) return Number(siteId);
  return undefined;
}
