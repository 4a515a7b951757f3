import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { Response } from 'express';
import { isDbConnectionError, isRedisUnavailable, QueueUnavailableError } from '../queue/queue-errors';
import { DomainError, ErrorCode } from './domain-error';

const STATUS: Record<ErrorCode, number> = {
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Invalid]: 400,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.Unauthorized]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.Unavailable]: 503,
};

/** The 503 reason when PostgreSQL cannot be reached (docs/reliability.md "Outages"). */
export const DATABASE_UNAVAILABLE = 'database unavailable: PostgreSQL not reachable';

// Connection-level failures mean "try again", not "we broke": 503 with a reason.
function isUnavailable(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '08006', '08001', '53300'].includes(err?.code ?? '') ||
    /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Redis|MaxRetriesPerRequest|Stream isn't writeable/i.test(err?.message ?? '')
  );
}

/**
 * Problems always sit at the top level, `problems: [{path, reason}]`, as the validation pipe,
 * the input limits and segment trees put them: a domain error's `details.problems` moves there,
 * and `details` keeps whatever else it carries (issue #11: the two places differed).
 */
function liftProblems(details: unknown): { problems?: unknown; details?: unknown } {
  if (!details || typeof details !== 'object' || Array.isArray(details) || !('problems' in details)) return details === undefined ? {} : { details };
  const { problems, ...rest } = details as { problems: unknown };
  return Object.keys(rest).length ? { problems, details: rest } : { problems };
}

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof DomainError) {
      res.status(STATUS[exception.code]).json({ statusCode: STATUS[exception.code], error: exception.code, message: exception.message, ...liftProblems(exception.details) });
      return;
    }
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      res.status(exception.getStatus()).json(typeof body === 'string' ? { statusCode: exception.getStatus(), message: body } : body);
      return;
    }
    // Redis: its own reason, so an operator knows which service to look at (docs/reliability.md "Outages")
    if (isRedisUnavailable(exception)) {
      this.logger.warn(`queue unavailable: ${(exception as Error).message}`);
      res.status(HttpStatus.SERVICE_UNAVAILABLE).set('Retry-After', '5').json({ statusCode: 503, error: 'unavailable', message: new QueueUnavailableError().message });
      return;
    }
    // PostgreSQL: connection refused or dropped, server shutting down or starting, no pooled
    // connection within the pool's wait. Checked after Redis, whose errors can carry the same codes.
    if (isDbConnectionError(exception)) {
      this.logger.warn(`database unavailable: ${(exception as Error).message}`);
      res.status(HttpStatus.SERVICE_UNAVAILABLE).set('Retry-After', '5').json({ statusCode: 503, error: 'unavailable', message: DATABASE_UNAVAILABLE });
      return;
    }
    if (isUnavailable(exception)) {
      this.logger.warn(`dependency unavailable: ${(exception as Error).message}`);
      res.status(HttpStatus.SERVICE_UNAVAILABLE).set('Retry-After', '5').json({
        statusCode: 503,
        error: 'unavailable',
        message: 'service unavailable: a backing service did not answer; retry shortly',
      });
      return;
    }
    this.logger.error((exception as Error)?.stack ?? String(exception));
    res.status(500).json({ statusCode: 500, error: 'internal', message: 'Internal server error' });
  }
}
