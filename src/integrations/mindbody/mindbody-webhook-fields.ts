import { CanonicalRecord, EntityName, isIsoDate, isIsoTimestamp, IngestBatch } from '../../clients';
import { MapResult } from '../webhooks/webhook-connector';

// Field readers shared by the Mindbody webhook mappers. Each checks the one field it reads
// and throws InvalidField naming it; the dispatcher turns that into { kind: 'invalid' }.

export class InvalidField extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`eventData.${field} ${problem}`);
  }
}

export type Data = Record<string, unknown>;

/** A family mapper: one event's eventData, its envelope time and its type. */
export type Handler = (d: Data, updatedAt: string, eventType: string) => MapResult;

export type Batch = [EntityName, CanonicalRecord[]] | [EntityName, CanonicalRecord[], { updateOnly: true }];

export const ignored = (reason: string): MapResult => ({ kind: 'ignored', reason });

export function mapped(batches: Batch[]): MapResult {
  return {
    kind: 'mapped',
    batches: batches.map(([entity, records, opts]): IngestBatch => (opts?.updateOnly ? { entity, records, updateOnly: true } : { entity, records })),
  };
}

export function isObject(v: unknown): v is Data {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function normalise(s: string): string {
  return s.toLowerCase().replace(/[^a-z]/g, '');
}

export function present(d: Data, field: string): boolean {
  return d[field] !== undefined && d[field] !== null;
}

/** Ids arrive as JSON numbers (or, on some events, numeric strings); externalIds are text. */
export function intId(d: Data, field: string): string {
  const v = d[field];
  if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return v.trim();
  throw new InvalidField(field, v === undefined ? 'is required' : 'must be an integer id');
}

export function optIntId(d: Data, field: string): string | undefined {
  if (!present(d, field)) return undefined;
  return intId(d, field);
}

export function string(d: Data, field: string): string {
  const v = d[field];
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string' || v.trim() === '') throw new InvalidField(field, v === undefined ? 'is required' : 'must be a non-empty string');
  return v;
}

export function optString(d: Data, field: string): string | undefined {
  const v = d[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new InvalidField(field, 'must be a string');
  return v;
}

/** Text for a canonical field: absent stays absent, null or blank clears it. */
export function optText(d: Data, field: string): string | null | undefined {
  const v = d[field];
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v !== 'string') throw new InvalidField(field, 'must be a string');
  return v.trim() === '' ? null : v.trim();
}

export function optBool(d: Data, field: string): boolean | undefined {
  const v = d[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new InvalidField(field, 'must be true or false');
  return v;
}

export function number(d: Data, field: string, prefix = ''): number {
  const v = d[field];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidField(`${prefix}${field}`, v === undefined ? 'is required' : 'must be a number');
  return v;
}

export function timestamp(d: Data, field: string): string {
  const v = d[field];
  if (!isIsoTimestamp(v)) throw new InvalidField(field, v === undefined ? 'is required' : 'must be an ISO 8601 date-time');
  return v;
}

export function optTimestamp(d: Data, field: string): string | null | undefined {
  if (!present(d, field)) return d[field] as null | undefined;
  return timestamp(d, field);
}

/** The calendar date of a Mindbody date-time ("2025-03-01T00:00:00" -> "2025-03-01"). */
export function date(d: Data, field: string): string {
  const v = d[field];
  const day = typeof v === 'string' ? v.slice(0, 10) : undefined;
  if (!isIsoDate(day) || !(v === day || isIsoTimestamp(v))) {
    throw new InvalidField(field, v === undefined ? 'is required' : 'must be an ISO 8601 date or date-time');
  }
  return day;
}

export function optDate(d: Data, field: string): string | null | undefined {
  if (!present(d, field)) return d[field] as null | undefined;
  return date(d, field);
}

/** Envelope time as an absolute instant: Mindbody sends UTC, add the Z if it was left off. */
export function originationTime(v: unknown): string | undefined {
  if (!isIsoTimestamp(v)) return undefined;
  return /(z|[+-]\d{2}(:?\d{2})?)$/i.test(v) ? v : `${v}Z`;
}
