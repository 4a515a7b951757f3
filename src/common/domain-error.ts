// Domain errors carry a code the global filter maps to HTTP once (STYLE.md rule 14).
export enum ErrorCode {
  NotFound = 'not_found',
  Invalid = 'invalid',
  Conflict = 'conflict',
  Unauthorized = 'unauthorized',
  Forbidden = 'forbidden',
  Unavailable = 'unavailable',
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new DomainError(ErrorCode.NotFound, `${what} not found`);
