import { IngestBatch } from '../../clients';

/** Lower-cased header name -> value, as the HTTP layer received them. */
export type Headers = Record<string, string | undefined>;

export interface VerifyContext {
  /** Decrypted secrets of the business's connection for this source (e.g. signatureKey). */
  secrets: Record<string, string | undefined>;
  /** Non-secret connection settings. */
  config: Record<string, unknown>;
  now: Date;
}

export type VerifyResult = { ok: true } | { ok: false; reason: string };

/** One event out of a delivery (a delivery usually carries exactly one). */
export interface InboundEvent {
  /** The sender's id for the event, the idempotency key in event_inbox. */
  externalEventId: string;
  eventType: string;
  payload: unknown;
}

export type ParseResult = { ok: true; events: InboundEvent[] } | { ok: false; reason: string };

export type MapResult =
  | { kind: 'mapped'; batches: IngestBatch[] }
  /** A well-formed event this connector does not map: stored and acknowledged, nothing written. */
  | { kind: 'ignored'; reason: string }
  /** Payload fails validation: stored with the error, nothing written. */
  | { kind: 'invalid'; reason: string };

export interface MapContext {
  /** The business's IANA time zone, for source timestamps without an offset. */
  timezone: string;
  /** Non-secret connection settings (e.g. the Mindbody site id events must belong to). */
  config: Record<string, unknown>;
}

/**
 * One inbound webhook format. The pipeline (controller -> event_inbox -> queue -> processor)
 * is shared; a connector only verifies, splits and maps. All three are pure.
 */
export interface WebhookConnector {
  readonly source: string;
  verify(rawBody: Buffer, headers: Headers, ctx: VerifyContext): VerifyResult;
  parse(rawBody: Buffer): ParseResult;
  map(event: InboundEvent, ctx: MapContext): MapResult;
}
