import { EntityName } from '../../clients';

/**
 * The canonical event catalogue of the generic webhook: event type -> the entity whose
 * canonical record (records/record-specs.ts) is the event's `data`.
 */
export const GENERIC_EVENT_ENTITIES = {
  'client.upserted': 'clients',
  'location.upserted': 'locations',
  'staff.upserted': 'staff',
  'product.upserted': 'products',
  'subscription.upserted': 'subscriptions',
  'freeze.upserted': 'freezes',
  'quota.upserted': 'quotas',
  'visit.created': 'visits',
  'booking.upserted': 'bookings',
  'sale.created': 'sales',
  'invoice.upserted': 'invoices',
} as const satisfies Record<string, EntityName>;

export type GenericEventType = keyof typeof GENERIC_EVENT_ENTITIES;

export const GENERIC_EVENT_TYPES = Object.keys(GENERIC_EVENT_ENTITIES) as GenericEventType[];

export const GENERIC_SIGNATURE_HEADER = 'x-comeback-signature';
/** The default HMAC header as documented; a connection may name another (config.signatureHeader). */
export const GENERIC_SIGNATURE_HEADER_DISPLAY = 'X-Comeback-Signature';
export const DEFAULT_STATIC_HEADER = 'x-comeback-token';
export const MAX_EVENTS_PER_DELIVERY = 500;
export const MAX_EVENT_ID_LENGTH = 200;
// Unknown types are stored as received, so bound them like any other key we persist.
export const MAX_EVENT_TYPE_LENGTH = 100;

/** One event as sent: `data` is only checked by map()/the writer, so it stays unknown here. */
export interface GenericEventEnvelope {
  id: string;
  type: string;
  occurredAt: string;
  data?: unknown;
}

export function isGenericEventType(type: string): type is GenericEventType {
  return Object.prototype.hasOwnProperty.call(GENERIC_EVENT_ENTITIES, type);
}

export function entityForEventType(type: string): EntityName | undefined {
  return isGenericEventType(type) ? GENERIC_EVENT_ENTITIES[type] : undefined;
}

// RFC 3339 date-time with a mandatory offset: occurredAt orders events, so it must be an
// instant and not depend on whose time zone reads it.
const OFFSET_TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|[+-](\d{2}):(\d{2}))$/i;

export function isOffsetTimestamp(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = OFFSET_TIMESTAMP_RE.exec(value);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate()) return false;
  if (h > 23 || mi > 59 || s > 59) return false;
  if (m[7] !== undefined && (+m[7] > 23 || +m[8] > 59)) return false;
  return true;
}

/**
 * Checks the envelope fields (not `data`). Returns "<path>.<field>: <problem>" for the first
 * problem, or undefined. `path` is '' for a single event, `events[3]` inside a batch.
 */
export function envelopeProblem(value: unknown, path: string): string | undefined {
  const at = (field: string) => (path ? `${path}.${field}` : field);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `${path || 'body'}: must be an event object with id, type, occurredAt and data`;
  }
  const e = value as Record<string, unknown>;
  if (typeof e.id !== 'string' || e.id.length < 1 || e.id.length > MAX_EVENT_ID_LENGTH) {
    return `${at('id')}: must be a string of 1-${MAX_EVENT_ID_LENGTH} characters`;
  }
  if (typeof e.type !== 'string' || e.type.length < 1 || e.type.length > MAX_EVENT_TYPE_LENGTH) {
    return `${at('type')}: must be a string of 1-${MAX_EVENT_TYPE_LENGTH} characters`;
  }
  if (!isOffsetTimestamp(e.occurredAt)) {
    return `${at('occurredAt')}: must be an ISO 8601 date-time with offset, such as 2026-03-01T09:30:00Z`;
  }
  return undefined;
}
