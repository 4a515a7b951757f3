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
  // superagent gives an empty object for an empty body: that is no problem document
  return body && typeof body === 'object' && Object.keys(body).length > 0 ? (body as MailchimpProblem) : undefined;
}

/**
 * Mailchimp's edge (not the API) answers throttled requests with a 403 or 429 that carries no
 * problem document: the key is fine, the request is simply refused for now. Such an answer is
 * retried with backoff; it says nothing about the account or the other members of the job.
 */
export function isMailchimpThrottle(error: unknown): boolean {
  const status = (error as { status?: unknown })?.status;
  return (status === 403 || status === 429) && mailchimpProblem(error) === undefined;
}

/** Seconds the Retry-After header of a throttled answer asks for, when it names a number. */
export function mailchimpRetryAfterMs(error: unknown): number | undefined {
  const v = (error as { response?: { headers?: Record<string, unknown> } })?.response?.headers?.['retry-after'];
  const s = typeof v === 'string' && /^\d{1,6}$/.test(v.trim()) ? Number(v) : undefined;
  return s === undefined ? undefined : s * 1000;
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
  if (isMailchimpThrottle(error)) return { kind: 'transient', code: 'mailchimp_throttled', message: `Mailchimp throttled the request (${status} without a body)` };
  const title = (p?.title ?? '').toLowerCase();
  if (status === 429 || status >= 500) return { kind: 'transient', code: `mailchimp_${status}`, message };
  // the key, the account or the audience is gone: nothing in this job can succeed
  if (status === 401 || status === 403 || (status === 404 && /resource not found|not found/.test(title))) return { kind: 'permanent', code: `mailchimp_${status}`, message, fatal: true };
  // unsubscribed, bounced or under compliance review at Mailchimp: the consent ledger records it
  // (optedOut) so the member is not tried again
  if (title === 'member in compliance state' || title === 'forgotten email not subscribed') return { kind: 'permanent', code: 'mailchimp_compliance', message, optedOut: true };
  if (status === 400 && title === 'invalid resource' && /email|fake|invalid/i.test(p?.detail ?? '')) return { kind: 'permanent', code: 'invalid_address', message };
  return { kind: 'permanent', code: `mailchimp_${status}`, message };
}
