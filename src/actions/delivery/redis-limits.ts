import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JobQueue } from '../../queue/job-queue.service';
import { QueueName } from '../../queue/queue-names';

// Per-channel, per-business limits shared by every worker through Redis (docs/actions.md
// "Rate limits"). Bull's own limiter counts jobs, and a job here is a batch of up to 500
// messages, so message rates are a token bucket taken in chunks by the sending loop, and
// Mailchimp's "10 concurrent requests per account" is a counting semaphore of leases.

// KEYS[1] bucket; ARGV rate/s, burst, requested. Returns {granted, wait ms}. Redis TIME is the
// one clock all workers share.
const TAKE_TOKENS = `
local rate = tonumber(ARGV[1]); local burst = tonumber(ARGV[2]); local want = tonumber(ARGV[3])
local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(b[1]) or burst; local ts = tonumber(b[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate / 1000)
local granted = math.min(want, math.floor(tokens))
tokens = tokens - granted
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 60000)
local wait = 0
if granted == 0 then wait = math.ceil((1 - tokens) * 1000 / rate) end
return {granted, wait}`;

// KEYS[1] lease set; ARGV max, lease id, ttl ms. Expired leases (a dead worker's) are dropped.
const ACQUIRE_LEASE = `
local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[2])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]) * 2)
  return 1
end
return 0`;

// KEYS[1] lease set; ARGV lease id, ttl ms. Only a lease still held is extended.
const RENEW_LEASE = `
local t = redis.call('TIME'); local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
return 1`;

interface EvalClient {
  eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
  zrem(key: string, member: string): Promise<unknown>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

@Injectable()
export class RedisLimits {
  constructor(
    private readonly jobs: JobQueue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get redis(): EvalClient {
    return this.jobs.queue(QueueName.Actions).client as unknown as EvalClient;
  }

  private key(...parts: string[]): string {
    return `${this.config.QUEUE_PREFIX}:limit:${parts.join(':')}`;
  }

  /**
   * Takes between 1 and `want` tokens from the (channel, business) bucket, waiting until at
   * least one is there. The bucket holds one second's worth (at least 1).
   */
  async take(channel: string, businessId: string, ratePerSecond: number, want: number): Promise<number> {
    const burst = Math.max(1, Math.floor(ratePerSecond));
    const key = this.key('rate', channel, businessId);
    for (;;) {
      const [granted, wait] = (await this.redis.eval(TAKE_TOKENS, 1, key, ratePerSecond, burst, Math.max(1, Math.min(want, burst)))) as [number, number];
      if (granted > 0) return granted;
      await sleep(Math.min(Math.max(wait, 5), 2000));
    }
  }

  /** One of `max` leases of the key if one is free now, else null (never waits). */
  async tryLease(scope: string, id: string, max: number, ttlMs: number): Promise<string | null> {
    const lease = randomUUID();
    return (await this.redis.eval(ACQUIRE_LEASE, 1, this.key('lease', scope, id), max, lease, ttlMs)) === 1 ? lease : null;
  }

  /** Extends a held lease (long jobs renew it as they go; a dead worker's lease expires). */
  async renewLease(scope: string, id: string, lease: string, ttlMs: number): Promise<void> {
    await this.redis.eval(RENEW_LEASE, 1, this.key('lease', scope, id), lease, ttlMs);
  }

  async releaseLease(scope: string, id: string, lease: string): Promise<void> {
    await this.redis.zrem(this.key('lease', scope, id), lease).catch(() => undefined);
  }

  /** Runs fn holding one of `max` leases of the key (e.g. a Mailchimp account). */
  async withLease<T>(scope: string, id: string, max: number, fn: () => Promise<T>, ttlMs = 120_000): Promise<T> {
    const key = this.key('lease', scope, id);
    const lease = randomUUID();
    for (let backoff = 5; ; backoff = Math.min(backoff * 2, 200)) {
      if ((await this.redis.eval(ACQUIRE_LEASE, 1, key, max, lease, ttlMs)) === 1) break;
      await sleep(backoff);
    }
    try {
      return await fn();
    } finally {
      await this.redis.zrem(key, lease).catch(() => undefined);
    }
  }
}
