import { escapeHtml } from '../../common/html';
import { DomainError, ErrorCode } from '../../common/domain-error';

// Merge fields: {{client.first_name}}, {{business.name}}, {{unsubscribe_url}}, with an optional
// fallback for empty values: {{client.first_name | there}}. Templates are compiled once per job;
// values are escaped for HTML bodies and inserted as they are in subjects, text and SMS.

export const MERGE_FIELDS = ['client.first_name', 'client.last_name', 'client.full_name', 'client.email', 'client.phone', 'business.name', 'unsubscribe_url'] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];
export type MergeValues = Partial<Record<MergeField, string | null>>;

const KNOWN: ReadonlySet<string> = new Set(MERGE_FIELDS);
const TAG = /\{\{\s*([^{}|]*?)\s*(?:\|\s*([^{}]*?)\s*)?\}\}/g;

type Part = string | { field: MergeField; fallback: string };
export type CompiledTemplate = readonly Part[];

/** Compiles a template; throws a 400 naming `path` for an unknown or malformed merge field. */
export function compileTemplate(source: string, path: string, allowed: ReadonlySet<MergeField> = KNOWN as ReadonlySet<MergeField>): CompiledTemplate {
  const parts: Part[] = [];
  let last = 0;
  for (const m of source.matchAll(TAG)) {
    const field = m[1];
    if (!allowed.has(field as MergeField)) {
      throw new DomainError(ErrorCode.Invalid, `${path}: unknown merge field {{${field}}} (known: ${[...allowed].join(', ')})`);
    }
    if (m.index! > last) parts.push(source.slice(last, m.index));
    parts.push({ field: field as MergeField, fallback: m[2] ?? '' });
    last = m.index! + m[0].length;
  }
  if (last < source.length) parts.push(source.slice(last));
  const rest = parts.filter((p): p is string => typeof p === 'string').join('');
  if (rest.includes('{{') || rest.includes('}}')) throw new DomainError(ErrorCode.Invalid, `${path}: unbalanced {{ }} in the template`);
  return parts;
}

export function usesField(t: CompiledTemplate, field: MergeField): boolean {
  return t.some((p) => typeof p !== 'string' && p.field === field);
}

export { escapeHtml };

export function renderTemplate(t: CompiledTemplate, values: MergeValues, mode: 'html' | 'text'): string {
  let out = '';
  for (const p of t) {
    if (typeof p === 'string') out += p;
    else {
      const v = values[p.field];
      const s = v === null || v === undefined || v === '' ? p.fallback : v;
      out += mode === 'html' ? escapeHtml(s) : s;
    }
  }
  return out;
}

/** Subject lines and SMS bodies are single-purpose text: no line breaks smuggled in by a value. */
export function singleLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ');
}
