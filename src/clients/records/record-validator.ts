import { CanonicalRecord, EntitySpec, FieldSpec } from './record-specs';
import { RejectedRecord } from '../ingest/ingest.types';
import { NUL_REASON } from '../../common/input-limits';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
// ISO 8601 date-time; the offset is optional (offset-less = the business's local time)
const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
// the delivery path's own test of an address (src/actions email provider): what passes here can be sent to
const EMAIL_RE = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]+$/;
const INT_MAX = 2_147_483_647;
const MAX_ARRAY_ITEMS = 100;
const MAX_ARRAY_ITEM_LENGTH = 500;

export interface ValidRecord {
  index: number;
  record: CanonicalRecord;
}

interface ValidationOutcome {
  valid: ValidRecord[];
  rejected: RejectedRecord[];
}

function validDate(y: number, m: number, d: number): boolean {
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function isIsoDate(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  const m = DATE_RE.exec(v);
  return !!m && validDate(+m[1], +m[2], +m[3]);
}

export function isIsoTimestamp(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  const m = TIMESTAMP_RE.exec(v);
  if (!m || !validDate(+m[1], +m[2], +m[3])) return false;
  return +m[4] < 24 && +m[5] < 60 && (m[6] === undefined || +m[6] < 60);
}

/** Why a value does not fit its field, or undefined when it does. */
function fieldProblem(field: FieldSpec, value: unknown): string | undefined {
  if (value === null) {
    if (field.required || field.notNull) return 'must not be null';
    return undefined;
  }
  switch (field.type) {
    case 'text':
      if (typeof value !== 'string') return `must be a string, got ${typeOf(value)}`;
      if (value.includes('\u0000')) return NUL_REASON;
      if (field.required && value.trim() === '') return 'must not be empty';
      if (field.max && value.length > field.max) return `must be at most ${field.max} characters`;
      if (field.format === 'email' && value.trim() !== '' && !EMAIL_RE.test(value.trim())) return 'must be an email address such as ann@example.com';
      return undefined;
    case 'int':
    case 'money': {
      if (typeof value !== 'number' || !Number.isInteger(value)) return `must be an integer, got ${typeOf(value)}`;
      const max = field.type === 'int' ? INT_MAX : Number.MAX_SAFE_INTEGER;
      if (Math.abs(value) > max) return `must be at most ${max} in absolute value`;
      if (field.min !== undefined && value < field.min) return `must be >= ${field.min}`;
      return undefined;
    }
    case 'bool':
      return typeof value === 'boolean' ? undefined : `must be true or false, got ${typeOf(value)}`;
    case 'date':
      return isIsoDate(value) ? undefined : 'must be a calendar date YYYY-MM-DD';
    case 'timestamp':
      return isIsoTimestamp(value) ? undefined : 'must be an ISO 8601 date-time such as 2026-03-01T09:30:00Z';
    case 'enum':
      return typeof value === 'string' && field.values!.includes(value) ? undefined : `must be one of ${field.values!.join(', ')}`;
    case 'textArray':
      if (!Array.isArray(value)) return `must be an array of strings, got ${typeOf(value)}`;
      if (value.length > MAX_ARRAY_ITEMS) return `must have at most ${MAX_ARRAY_ITEMS} items`;
      if (value.some((x) => typeof x !== 'string' || x.length > MAX_ARRAY_ITEM_LENGTH)) {
        return `items must be strings of at most ${MAX_ARRAY_ITEM_LENGTH} characters`;
      }
      if (value.some((x: string) => x.includes('\u0000'))) return `items ${NUL_REASON}`;
      return undefined;
  }
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

// Cross-field rules the database also enforces: checking them here turns what would be a
// failed batch into one rejected record.
function crossFieldProblem(spec: EntitySpec, r: CanonicalRecord): RejectedRecordLite | undefined {
  if ((spec.entity === 'subscriptions' || spec.entity === 'freezes') && typeof r.startsOn === 'string' && typeof r.endsOn === 'string') {
    if (r.endsOn < r.startsOn) return { field: 'endsOn', reason: 'must be on or after startsOn' };
  }
  return undefined;
}

type RejectedRecordLite = Omit<RejectedRecord, 'index'>;

/**
 * Checks every record against its entity's field table. Returns the valid ones with their
 * original index and one rejection (the first problem) per invalid one.
 */
export function validateRecords(spec: EntitySpec, records: readonly unknown[], updateOnly = false): ValidationOutcome {
  const byName = new Map(spec.fields.map((f) => [f.name, f]));
  const valid: ValidRecord[] = [];
  const rejected: RejectedRecord[] = [];
  records.forEach((raw, index) => {
    const problem = recordProblem(spec, byName, raw, updateOnly);
    if (problem) rejected.push({ index, ...problem });
    else valid.push({ index, record: raw as CanonicalRecord });
  });
  return { valid, rejected };
}

function recordProblem(spec: EntitySpec, byName: Map<string, FieldSpec>, raw: unknown, updateOnly: boolean): RejectedRecordLite | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { field: '(record)', reason: `must be an object, got ${typeOf(raw)}` };
  }
  const r = raw as CanonicalRecord;
  for (const key of Object.keys(r)) {
    if (!byName.has(key)) return { field: key, reason: `unknown field for ${spec.entity}` };
  }
  for (const field of spec.fields) {
    const value = r[field.name];
    if (value === undefined) {
      const stoodIn = field.alternative !== undefined && r[field.alternative] !== undefined && r[field.alternative] !== null;
      const needed = field.required && !stoodIn && (!updateOnly || field.column === 'external_id');
      if (needed) return { field: field.name, reason: field.alternative ? `is required (or ${field.alternative})` : 'is required' };
      continue;
    }
    const problem = fieldProblem(field, value);
    if (problem) return { field: field.name, reason: problem };
  }
  return crossFieldProblem(spec, r);
}
