import { BadRequestException, HttpException } from '@nestjs/common';
import { DomainError, ErrorCode } from '../common/domain-error';

/** An answer that carries Retry-After (429 rate limits, 503 while the limit store is away). */
export class RetryLaterError extends HttpException {
  constructor(
    status: 429 | 503,
    message: string,
    readonly retryAfter: number,
  ) {
    super({ statusCode: status, error: status === 429 ? 'too_many_requests' : 'unavailable', message }, status);
  }
}

export const badCredentials = () => new DomainError(ErrorCode.Unauthorized, 'Email or password is not right');

export const tooManySignIns = (retryAfter: number) => new RetryLaterError(429, `Too many failed sign-ins; try again in ${Math.ceil(retryAfter / 60)} minute(s)`, retryAfter);

export const signInUnavailable = () => new RetryLaterError(503, 'Sign-in is briefly unavailable (the rate-limit store does not answer); try again shortly', 10);

/** A 410 for a link that worked once: expired, used, or replaced by a newer one. */
export function linkGone(state: 'expired' | 'used' | 'replaced'): HttpException {
  const message = state === 'used' ? 'This link has already been used' : state === 'expired' ? 'This link has expired' : 'This link has expired (a newer link was sent, or the user was disabled)';
  return new HttpException({ statusCode: 410, error: 'gone', message, reason: state }, 410);
}

export const linkNotFound = () => new DomainError(ErrorCode.NotFound, 'This link is not known; ask for a new one');

export const userNotFound = () => new DomainError(ErrorCode.NotFound, 'user not found');

/** A 400 in the ValidationPipe's shape, naming the field. */
export function invalidField(path: string, reason: string): BadRequestException {
  return new BadRequestException({ statusCode: 400, error: 'invalid', message: `${path}: ${reason}`, problems: [{ path, reason }] });
}
