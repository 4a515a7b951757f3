import { escapeHtml } from '../common/html';
import { DomainError, ErrorCode } from '../common/domain-error';
import { ReconnectTemplate } from './reconnect.types';

// Reconnect templates speak the owner's words ({{first_name}}, {{service_category}},
// {{usual_interval_weeks}}, {{booking_link}}). They become ordinary action templates before a send:
// {{first_name}} stays a per-recipient merge field of the channels ({{client.first_name}}), the
// others are the same for every recipient of one dispatch and are written in as text. The
// channels' own renderer (actions merge-fields) then fills, escapes and sends them.

export const RECONNECT_MERGE_FIELDS = ['first_name', 'service_category', 'usual_interval_weeks', 'booking_link'] as const;
const KNOWN: ReadonlySet<string> = new Set(RECONNECT_MERGE_FIELDS);
const TAG = /\{\{\s*([^{}|]*?)\s*(?:\|\s*([^{}]*?)\s*)?\}\}/g;

export interface MergeValues {
  serviceCategory: string;
  usualIntervalWeeks: number | null;
  bookingLink: string | null;
}

/** Throws a 400 naming `path` for an unknown merge field or unbalanced braces. */
export function checkMergeFields(source: string, path: string): void {
  for (const m of source.matchAll(TAG)) {
    if (!KNOWN.has(m[1])) throw invalid(path, `unknown merge field {{${m[1]}}} (known: ${RECONNECT_MERGE_FIELDS.map((f) => `{{${f}}}`).join(', ')})`);
  }
  const rest = source.replace(TAG, '');
  if (rest.includes('{{') || rest.includes('}}')) throw invalid(path, 'unbalanced {{ }} in the template');
}

/** Uses a merge field that is the same for every recipient of a send (so a send groups by it). */
export function usesIntervalWeeks(t: ReconnectTemplate): boolean {
  return [t.sms?.body, t.email?.subject, t.email?.body].some((s) => s !== undefined && /\{\{\s*usual_interval_weeks\s*(\||\}\})/.test(s));
}

/** The SMS and email action templates of a reconnect template, for one group of recipients. */
export function toActionTemplates(t: ReconnectTemplate, v: MergeValues): { sms?: { body: string }; email?: { subject: string; text: string; html: string } } {
  const out: { sms?: { body: string }; email?: { subject: string; text: string; html: string } } = {};
  if (t.sms && t.channel !== 'email') out.sms = { body: fill(t.sms.body, v, 'text') };
  if (t.email && t.channel !== 'sms') {
    out.email = {
      subject: fill(t.email.subject, v, 'text'),
      text: fill(t.email.body, v, 'text'),
      html: fill(t.email.body, v, 'html')
        .split(/\n{2,}/)
        .map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`)
        .join('\n'),
    };
  }
  return out;
}

function fill(source: string, v: MergeValues, mode: 'text' | 'html'): string {
  const lit = (s: string) => (mode === 'html' ? escapeHtml(s) : s);
  let out = '';
  let last = 0;
  for (const m of source.matchAll(TAG)) {
    out += lit(source.slice(last, m.index));
    last = m.index! + m[0].length;
    const fallback = m[2] ?? '';
    if (m[1] === 'first_name') {
      out += fallback ? `{{client.first_name | ${braceless(fallback)}}}` : '{{client.first_name}}';
      continue;
    }
    const value = m[1] === 'service_category' ? v.serviceCategory : m[1] === 'booking_link' ? v.bookingLink : v.usualIntervalWeeks === null ? null : String(v.usualIntervalWeeks);
    // braces in a category name must not read as a merge field of the channels
    out += lit(braceless(value === null || value === '' ? fallback : value));
  }
  return out + lit(source.slice(last));
}

function braceless(s: string): string {
  return s.replace(/[{}]/g, '');
}

function invalid(path: string, reason: string): DomainError {
  return new DomainError(ErrorCode.Invalid, `${path}: ${reason}`, { problems: [{ path, reason }] });
}
