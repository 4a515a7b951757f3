// How a channel says why a send failed. Transient failures are retried with backoff (the
// provider did not take the message); permanent ones are not (invalid address, opted out).

export type FailureKind = 'transient' | 'permanent';

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
