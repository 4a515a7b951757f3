/** One changed field of a setting: its path and both values (a secret's values are never kept). */
interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}

// Field names whose values must never reach the log, whatever module's settings they are in.
const SECRET = /secret|password|token|apikey|api_key|hash|authtoken|signature/i;
export const REDACTED = '[redacted]';

/**
 * The fields that differ between two settings values, by dotted path. Objects are walked; arrays
 * and scalars compare whole (a table of thresholds replaced is one change). A secret field that
 * changed is listed with both values redacted, so the log says it changed and nothing more.
 */
export function diffSettings(before: unknown, after: unknown, path = ''): FieldChange[] {
  // a settings object that did not exist before (or no longer does) is compared field by field
  if (isPlainObject(after) && before == null) before = {};
  if (isPlainObject(before) && after == null) after = {};
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diffSettings(before[k], after[k], path ? `${path}.${k}` : k));
  }
  if (same(before, after)) return [];
  if (SECRET.test(path.split('.').pop() ?? '')) return [{ path, before: REDACTED, after: REDACTED }];
  return [{ path: path || '(value)', before: redact(before ?? null), after: redact(after ?? null) }];
}

/** A value with every secret-named field replaced, for details that carry whole objects. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET.test(k) ? REDACTED : redact(v)]));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
