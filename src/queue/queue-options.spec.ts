import { DatabaseUnreachableError, failedOnConnection, isDbConnectionError, isRedisUnavailable, QueueUnavailableError } from './queue-errors';
import { outageAwareBackoff, QUEUE_DEFAULTS, queueJobOptions } from './queue-options';
import { QueueName } from './queue-names';

const opts = { delay: 1000, outageCapMs: 60_000, outageMaxRetries: 120 };
const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('outage-aware backoff', () => {
  it('should back off like Bull exponential for ordinary errors', () => {
    expect([1, 2, 3, 4].map((n) => outageAwareBackoff(n, new Error('bad row'), opts))).toEqual([1000, 3000, 7000, 15_000]);
  });

  it('should double from the delay up to the cap while PostgreSQL is unreachable', () => {
    const err = new DatabaseUnreachableError(refused);
    expect([1, 2, 3, 7, 8, 50].map((n) => outageAwareBackoff(n, err, opts))).toEqual([1000, 2000, 4000, 60_000, 60_000, 60_000]);
  });

  it('should scale every queue delay and keep attempts and retention', () => {
    const o = queueJobOptions(QueueName.IngestEvents, { QUEUE_BACKOFF_SCALE: 0.02, QUEUE_OUTAGE_BACKOFF_CAP_MS: 300, QUEUE_OUTAGE_MAX_RETRIES: 7 });
    expect(o).toEqual({ ...QUEUE_DEFAULTS[QueueName.IngestEvents], backoff: { type: 'outage-aware', options: { delay: 20, outageCapMs: 300, outageMaxRetries: 7 } } });
  });
});

describe('outage errors', () => {
  it('should tell an unreachable PostgreSQL from a failing query', () => {
    expect(isDbConnectionError(refused)).toBe(true);
    expect(isDbConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDbConnectionError(Object.assign(new Error('x'), { driverError: { code: '57P01' } }))).toBe(true);
    expect(isDbConnectionError(Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }))).toBe(false);
    expect(isDbConnectionError(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
  });

  it('should recognise a kept job that failed on the connection by its reason', () => {
    expect(failedOnConnection(new DatabaseUnreachableError(refused).message)).toBe(true);
    expect(failedOnConnection('Connection terminated unexpectedly')).toBe(true);
    expect(failedOnConnection('campaign not found')).toBe(false);
    expect(failedOnConnection(undefined)).toBe(false);
  });

  it('should recognise ioredis failures as the queue being unavailable', () => {
    expect(isRedisUnavailable(new QueueUnavailableError())).toBe(true);
    expect(isRedisUnavailable(Object.assign(new Error('Reached the max retries per request limit (which is 1).'), { name: 'MaxRetriesPerRequestError' }))).toBe(true);
    expect(isRedisUnavailable(new Error('Command timed out'))).toBe(true);
    expect(isRedisUnavailable(refused)).toBe(false);
  });
});
