// How a channel says why a send failed. Transient failures are retried with backoff (the
// provider did not take the message); permanent ones are not (invalid address, opted out).

type FailureKind = 'transient' | 'permanent';

export interface DeliveryFailure {
  kind: FailureKind;
  /** Short machine code: 'invalid_address', 'opted_out', 'twilio_21610', 'smtp_550', 'timeout'... */
  code: string;
  message: string;
  /** The recipient opted out at the provider (Twilio 21610): recorded in the consent ledger. */
  optedOut?: boolean;
  /** The account itself is unusable (credentials refused, audience gone): the job stops here. */
  fatal?: boolean;
}

/** A whole job cannot be delivered and must not be retried (the job is discarded). */
export class PermanentDeliveryError extends Error {
  readonly kind = 'permanent';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

/** The provider is down or throttling; Bull retries the job with exponential backoff. */
export class TransientDeliveryError extends Error {
  readonly kind = 'transient';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TransientDeliveryError';
  }
}

/** The touch is no longer this run's to send (another run took it over): the message must not go. */
export class HandOverRefused extends Error {
  readonly code = 'EHANDOVER';
  constructor(readonly touchId: string) {
    super(`touch ${touchId} was taken over by another delivery run; not sent by this one`);
    this.name = 'HandOverRefused';
  }
}

/** A message the provider may have accepted, with no answer saying whether it did. */
export function inDoubt(message: string): DeliveryFailure {
  return { kind: 'permanent', code: 'in_doubt', message: `may have reached the provider, not resent automatically: ${message}`.slice(0, 1000) };
}

/** Network errors raised before a request's first byte could leave: nothing reached the provider. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EDNS']);

/**
 * An HTTP send that failed after it was handed over (the request may have been written) and got no
 * HTTP answer: the provider may have acted on it, so it is in doubt instead of retried. Failures
 * with an answer, or from before any byte could leave, keep their classification.
 */
export function afterHandOver(error: unknown, handedOver: boolean, failure: DeliveryFailure): DeliveryFailure {
  if (!handedOver) return failure;
  const e = error as { status?: unknown; code?: unknown; cause?: { code?: unknown } };
  if (typeof e?.status === 'number') return failure;
  const code = typeof e?.code === 'string' ? e.code : typeof e?.cause?.code === 'string' ? e.cause.code : undefined;
  if (code && NOT_SENT_CODES.has(code)) return failure;
  return inDoubt(failure.message);
}

/** Node socket-level error codes that mean "try again later". */
export const TRANSIENT_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ESOCKET',
  'ECONNECTION',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'ETIMEOUT',
  'EDNS',
]);
