import { Headers, InboundEvent, MapContext, MapResult, ParseResult, VerifyContext, VerifyResult, WebhookConnector } from '../webhooks/webhook-connector';
import { DEFAULT_STATIC_HEADER, GENERIC_SIGNATURE_HEADER_DISPLAY, GenericEventEnvelope, MAX_EVENTS_PER_DELIVERY, entityForEventType, envelopeProblem, isOffsetTimestamp } from './generic-events';
import { verifyComebackSignature, verifyStaticHeader } from '../../common/payload-signing';

/**
 * Comeback's own signed webhook (spec integrations.md §1): canonical events, HMAC or
 * static-header auth. Also the entry point for Hapana, which has no payload format of its own.
 *
 * Connection config: `auth` ('hmac' default | 'static_header'), `signatureHeader` (hmac mode,
 * default X-Comeback-Signature: a system that signs the same `t=,v1=` way under its own header,
 * such as Hapana's X-Hapana-Signature, connects without a relay), `headerName` (static mode,
 * default x-comeback-token). Secrets: `signingSecret` (hmac), `staticHeaderValue` (static).
 */
export class GenericWebhookConnector implements WebhookConnector {
  readonly source = 'generic';

  verify(rawBody: Buffer, headers: Headers, ctx: VerifyContext): VerifyResult {
    const auth = ctx.config.auth ?? 'hmac';
    if (auth === 'hmac') {
      const secret = ctx.secrets.signingSecret;
      if (!secret) return { ok: false, reason: 'no signing secret configured for this connection' };
      const name = signatureHeaderName(ctx.config);
      const check = verifyComebackSignature(rawBody, headers[name.toLowerCase()], secret, ctx.now);
      // the shared check names the default header; the sender must read the one it was given
      return check.ok ? check : { ok: false, reason: check.reason.replace(/X-Comeback-Signature/g, name) };
    }
    if (auth === 'static_header') {
      const expected = ctx.secrets.staticHeaderValue;
      if (!expected) return { ok: false, reason: 'no static header value configured for this connection' };
      const name = typeof ctx.config.headerName === 'string' && ctx.config.headerName.trim() ? ctx.config.headerName.trim() : DEFAULT_STATIC_HEADER;
      const check = verifyStaticHeader(headers, name, expected);
      return check.ok ? check : { ok: false, reason: check.reason };
    }
    return { ok: false, reason: `unsupported auth mode ${JSON.stringify(auth)}` };
  }

  parse(rawBody: Buffer): ParseResult {
    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch (err) {
      return { ok: false, reason: `malformed JSON: ${(err as Error).message}` };
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return { ok: false, reason: 'body: must be a JSON object (one event, or {"events": [...]})' };
    }
    if (!('events' in body)) {
      const problem = envelopeProblem(body, '');
      return problem ? { ok: false, reason: problem } : { ok: true, events: [toInbound(body as GenericEventEnvelope)] };
    }
    const list = (body as { events: unknown }).events;
    if (!Array.isArray(list) || list.length < 1 || list.length > MAX_EVENTS_PER_DELIVERY) {
      return { ok: false, reason: `events: must be an array of 1-${MAX_EVENTS_PER_DELIVERY} events` };
    }
    const events: InboundEvent[] = [];
    const seen = new Map<string, number>();
    for (let i = 0; i < list.length; i++) {
      const problem = envelopeProblem(list[i], `events[${i}]`);
      if (problem) return { ok: false, reason: problem };
      const envelope = list[i] as GenericEventEnvelope;
      // Two different events under one idempotency key is a sender bug: one would be lost.
      const first = seen.get(envelope.id);
      if (first !== undefined) return { ok: false, reason: `events[${i}].id: duplicates events[${first}].id` };
      seen.set(envelope.id, i);
      events.push(toInbound(envelope));
    }
    return { ok: true, events };
  }

  // Pure over the stored payload, so it re-checks the envelope: replays read event_inbox rows.
  map(event: InboundEvent, _ctx: MapContext): MapResult {
    const entity = entityForEventType(event.eventType);
    if (!entity) return { kind: 'ignored', reason: `unknown event type ${JSON.stringify(event.eventType)}` };
    const payload = event.payload as Partial<GenericEventEnvelope> | null;
    if (typeof payload !== 'object' || payload === null || !isOffsetTimestamp(payload.occurredAt)) {
      return { kind: 'invalid', reason: 'occurredAt: must be an ISO 8601 date-time with offset' };
    }
    const data = payload.data;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      return { kind: 'invalid', reason: `data: must be an object, got ${describe(data)}` };
    }
    const record: Record<string, unknown> = { ...data };
    // Event time stands in for the record's version, so late deliveries never win.
    if (record.updatedAt === undefined || record.updatedAt === null) record.updatedAt = payload.occurredAt;
    return { kind: 'mapped', batches: [{ entity, records: [record] }] };
  }
}

/** The header carrying the HMAC signature for this connection, as configured (case kept for messages). */
export function signatureHeaderName(config: Record<string, unknown>): string {
  const v = config.signatureHeader;
  return typeof v === 'string' && v.trim() ? v.trim() : GENERIC_SIGNATURE_HEADER_DISPLAY;
}

function toInbound(envelope: GenericEventEnvelope): InboundEvent {
  return { externalEventId: envelope.id, eventType: envelope.type, payload: envelope };
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}
