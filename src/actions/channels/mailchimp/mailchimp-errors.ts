import { DeliveryFailure, TRANSIENT_NETWORK_CODES } from '../delivery-errors';

// Mailchimp Marketing API errors are RFC 7807 problem documents (application/problem+json):
// {type, title, status, detail, instance, errors?}. The client library rejects with
// superagent's error, whose `status` is the HTTP status and `response.body` the parsed problem.

export interface MailchimpProblem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  errors?: Array<{ field?: string; message?: string }>;
}

export function mailchimpProblem(error: unknown): MailchimpProblem | undefined {
  const body = (error as { response?: { body?: unknown } })?.response?.body;
  return body && typeof body === 'object' ? (body as MailchimpProblem) : undefined;
}

export function classifyMailchimpError(error: unknown): DeliveryFailure {
  const e = error as { status?: number; code?: string; timeout?: number; message?: string };
  const p = mailchimpProblem(error);
  const status = p?.status ?? e?.status;
  const message = (p ? [p.title, p.detail].filter(Boolean).join(': ') : String(e?.message ?? error)).slice(0, 500);
  if (status === undefined) {
    if (e?.timeout || (e?.code && TRANSIENT_NETWORK_CODES.has(e.code))) return { kind: 'transient', code: (e.code ?? 'timeout').toLowerCase(), message };
    return { kind: 'transient', code: 'mailchimp_unreachable', message };
  }
  const title = (p?.title ?? '').toLowerCase();
  if (status === 429 || status >= 500) return { kind: 'transient', code: `mailchimp_${status}`, message };
  // the key, the account or the audience is gone: nothing in this job can succeed
  if (status === 401 || status === 403 || (status === 404 && /resource not found|not found/.test(title))) return { kind: 'permanent', code: `mailchimp_${status}`, message, fatal: true };
  if (title === 'member in compliance state' || title === 'forgotten email not subscribed') return { kind: 'permanent', code: 'mailchimp_compliance', message };
  if (status === 400 && title === 'invalid resource' && /email|fake|invalid/i.test(p?.detail ?? '')) return { kind: 'permanent', code: 'invalid_address', message };
  return { kind: 'permanent', code: `mailchimp_${status}`, message };
}
