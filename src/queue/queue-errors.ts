/** Redis did not answer a queue read (down, or slower than REDIS_COMMAND_TIMEOUT_MS): a 503. */
export class QueueUnavailableError extends Error {
  constructor() {
    super('queue unavailable: Redis not reachable');
    this.name = 'QueueUnavailableError';
  }
}

// What ioredis says when a command cannot reach Redis (offline queue flushed after the retries,
// command timeout, connection closed, offline queue disabled).
const REDIS_UNREACHABLE = /MaxRetriesPerRequest|max retries per request|Command timed out|Connection is closed|Stream isn't writeable|queue unavailable/i;

export function isRedisUnavailable(e: unknown): boolean {
  const err = e as { name?: string; message?: string } | undefined;
  return e instanceof QueueUnavailableError || err?.name === 'MaxRetriesPerRequestError' || REDIS_UNREACHABLE.test(err?.message ?? '');
}

/** The prefix a job's failedReason carries when PostgreSQL was unreachable (see registerProcessor). */
const DB_UNREACHABLE = 'database unreachable: ';

/** A job failed because PostgreSQL could not be reached: retried without using up its attempts. */
export class DatabaseUnreachableError extends Error {
  constructor(cause: Error) {
    super(DB_UNREACHABLE + cause.message);
    this.name = 'DatabaseUnreachableError';
    this.stack = `${this.name}: ${this.message}\n${cause.stack ?? ''}`;
  }
}

// SQLSTATE classes 08 (connection exception) and 57P01-57P03 (server shutting down or starting),
// 53300 (too many connections), and the node-postgres / socket messages for the same events.
const PG_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '53300']);
const PG_MESSAGES =
  /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Client has encountered a connection error|terminating connection due to administrator command|the database system is (starting up|shutting down|in recovery mode)|Client was closed and is not queryable|read ECONNRESET/i;

/** PostgreSQL could not be reached (as opposed to a query that failed on its own merits). */
export function isDbConnectionError(e: unknown): boolean {
  if (e instanceof DatabaseUnreachableError) return true;
  const err = e as { code?: string; message?: string; driverError?: { code?: string; message?: string } } | undefined;
  const code = err?.code ?? err?.driverError?.code ?? '';
  if (PG_CODES.has(code) || code.startsWith('08')) return true;
  return PG_MESSAGES.test(err?.message ?? '') || PG_MESSAGES.test(err?.driverError?.message ?? '');
}

/** A kept failed job's reason says PostgreSQL was unreachable (ours, or a raw driver message). */
export function failedOnConnection(failedReason: string | undefined): boolean {
  return !!failedReason && (failedReason.startsWith(DB_UNREACHABLE) || PG_MESSAGES.test(failedReason));
}
