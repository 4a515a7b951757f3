import { DeliveryFailure, TRANSIENT_NETWORK_CODES } from '../delivery-errors';

// Twilio REST errors (https://www.twilio.com/docs/api/errors): the body carries `code`,
// `message`, `more_info` and `status`; twilio-node turns it into a RestException with the same
// fields. Which of them are worth a retry, and which end the whole job.

/** The recipient replied STOP to this sender: an opt-out, never retried. */
export const TWILIO_UNSUBSCRIBED = 21610;

const INVALID_RECIPIENT = new Set([21211, 21214, 21217, 21401, 21407, 21408, 21612, 21614, 21635]);
/** The business's account or sender cannot send at all: stop the job, don't retry. */
const ACCOUNT_UNUSABLE = new Set([20003, 20005, 20404, 21603, 21606, 21608, 21609, 21611, 21659, 30002, 21704]);

export function classifyTwilioError(error: unknown): DeliveryFailure {
  const e = error as { status?: number; code?: number | string; message?: string; moreInfo?: string };
  const message = String(e?.message ?? error).slice(0, 500);
  if (typeof e?.code === 'string' && TRANSIENT_NETWORK_CODES.has(e.code)) return { kind: 'transient', code: e.code.toLowerCase(), message };
  const status = typeof e?.status === 'number' ? e.status : undefined;
  const code = typeof e?.code === 'number' ? e.code : undefined;
  if (code === TWILIO_UNSUBSCRIBED) return { kind: 'permanent', code: `twilio_${code}`, message, optedOut: true };
  if (code !== undefined && INVALID_RECIPIENT.has(code)) return { kind: 'permanent', code: 'invalid_address', message: `twilio ${code}: ${message}` };
  if (status === 401 || (code !== undefined && ACCOUNT_UNUSABLE.has(code))) return { kind: 'permanent', code: `twilio_${code ?? status}`, message, fatal: true };
  if (status === 429 || code === 20429 || (status !== undefined && status >= 500)) return { kind: 'transient', code: `twilio_${code ?? status}`, message };
  if (status !== undefined && status >= 400) return { kind: 'permanent', code: `twilio_${code ?? status}`, message };
  // no HTTP answer at all (timeout, reset): the message may not have been created; retry
  return { kind: 'transient', code: 'twilio_unreachable', message };
}
