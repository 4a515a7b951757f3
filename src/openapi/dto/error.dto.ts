/** One invalid field of a request (validation errors list them all). */
export class ProblemDto {
  /** The field, with nested paths such as `steps[2].template.subject`. */
  path: string;
  reason: string;
}

/** Every error answer: `{statusCode, error, message}`, the message naming the field. */
export class ErrorDto {
  statusCode: number;
  /** A short code: invalid, not_found, conflict, unauthorized, forbidden, unavailable, ... */
  error?: string;
  message: string;
  /** Validation errors: every invalid field. */
  problems?: ProblemDto[];
  /** Extra detail some domain errors carry. */
  details?: unknown;
}
