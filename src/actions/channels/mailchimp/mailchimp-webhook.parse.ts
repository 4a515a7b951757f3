import { DomainError, ErrorCode } from '../../../common/domain-error';

// Mailchimp's audience (list) webhooks: an HTTP POST, application/x-www-form-urlencoded, with
// `type` (subscribe, unsubscribe, profile, upemail, cleaned, campaign), `fired_at`
// ("2009-03-26 21:35:57", GMT) and the event's fields as data[...], merge fields as
// data[merges][FNAME] and the like. Mailchimp cannot sign them: the secret is in the URL.

export const MAILCHIMP_TYPES = ['subscribe', 'unsubscribe', 'profile', 'upemail', 'cleaned', 'campaign'] as const;
export type MailchimpEventType = (typeof MAILCHIMP_TYPES)[number];

export type MailchimpEvent =
  | { type: 'unsubscribe'; firedAt: Date; listId: string; email: string; action: string | null; reason: string | null; campaignId: string | null }
  | { type: 'cleaned'; firedAt: Date; listId: string; email: string; reason: string | null; campaignId: string | null }
  | { type: 'campaign'; firedAt: Date; listId: string; campaignId: string; subject: string | null; status: string }
  | { type: 'subscribe' | 'profile' | 'upemail'; firedAt: Date; listId: string | null }
  | { type: 'unknown'; name: string; firedAt: Date };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const FIRED_AT = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;
const MAX_FIELD = 1000;

/** The form's fields, data[a][b] read as "data.a.b"; a field given twice keeps its first value. */
export function readMailchimpForm(raw: Buffer): Map<string, string> {
  const text = raw.toString('utf8');
  if (!text.trim()) throw new DomainError(ErrorCode.Invalid, "type: is required (the body must be Mailchimp's form fields, application/x-www-form-urlencoded)");
  if (/^\s*[[{]/.test(text)) throw new DomainError(ErrorCode.Invalid, 'type: is required (the body is JSON; Mailchimp posts application/x-www-form-urlencoded)');
  const fields = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(text)) {
    const key = k.replace(/\[([^\]]*)\]/g, '.$1');
    // eslint-disable-next-line no-control-regex -- PostgreSQL cannot store U+0000
    if (!fields.has(key)) fields.set(key, v.replace(/\u0000/g, ''));
  }
  return fields;
}

/** One delivery as an event; a bad field is a 400 naming it (as Mailchimp wrote it). */
export function parseMailchimpEvent(fields: Map<string, string>, now: Date): MailchimpEvent {
  const type = fields.get('type')?.trim();
  if (!type) throw invalid('type', 'is required');
  const firedAt = readFiredAt(fields.get('fired_at'), now);
  const str = (k: string, required: boolean): string | null => {
    const v = fields.get(`data.${k}`)?.trim();
    const name = `data[${k.replace(/\./g, '][')}]`;
    if (!v) {
      if (required) throw invalid(name, 'is required');
      return null;
    }
    if (v.length > MAX_FIELD) throw invalid(name, `must be at most ${MAX_FIELD} characters`);
    return v;
  };
  const email = (): string => {
    const e = str('email', true)!;
    if (!EMAIL.test(e)) throw invalid('data[email]', 'must be an email address');
    return e;
  };
  switch (type) {
    case 'unsubscribe':
      return { type, firedAt, listId: str('list_id', true)!, email: email(), action: str('action', false), reason: str('reason', false), campaignId: str('campaign_id', false) };
    case 'cleaned':
      return { type, firedAt, listId: str('list_id', true)!, email: email(), reason: str('reason', false), campaignId: str('campaign_id', false) };
    case 'campaign':
      return { type, firedAt, listId: str('list_id', true)!, campaignId: str('id', true)!, subject: str('subject', false), status: (str('status', false) ?? 'sent').toLowerCase() };
    case 'subscribe':
    case 'profile':
    case 'upemail':
      return { type, firedAt, listId: str('list_id', false) };
    default:
      if (type.length > 100) throw invalid('type', 'must be at most 100 characters');
      return { type: 'unknown', name: type, firedAt };
  }
}

function readFiredAt(v: string | undefined, now: Date): Date {
  if (v === undefined || v.trim() === '') return now;
  const m = FIRED_AT.exec(v.trim());
  const d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6])) : undefined;
  if (!d || Number.isNaN(d.getTime()) || d.getUTCDate() !== +m![3]) throw invalid('fired_at', 'must be a time like 2009-03-26 21:35:57 (GMT)');
  return d;
}

const invalid = (field: string, why: string) => new DomainError(ErrorCode.Invalid, `${field}: ${why}`);
