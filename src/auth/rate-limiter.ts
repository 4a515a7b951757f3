import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/** Redis did not answer within the budget (down, slow, or unreachable). */
export class LimiterUnavailableError extends Error {}

export interface Counter {
  count: number;
  /** seconds until the window ends and the count starts again from zero */
  retryAfter: number;
}

// Every Redis call is bounded: a Redis outage costs a request at most this long, never a hang.
const BUDGET_MS = 500;

/**
 * Counters in Redis shared by every API process (sign-in failures, API-key requests). A window
 * starts at its first hit and lasts `windowSec` (SET NX EX, then INCR): N hits within any such
 * window trip the limit, wherever a minute boundary falls.
 */
@Injectable()
export class RateLimiter implements OnModuleDestroy {
  private readonly logger = new Logger(RateLimiter.name);
  private redis?: Redis;
  private readonly prefix: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.prefix = `${config.QUEUE_PREFIX}:auth:`;
  }

  /** Counts one hit; answers the count within the current window. */
  async hit(key: string, windowSec: number): Promise<Counter> {
    const k = this.prefix + key;
    const res = await this.bounded(this.client().multi().set(k, '0', 'EX', windowSec, 'NX').incr(k).ttl(k).exec());
    return { count: Number(res?.[1]?.[1] ?? 0), retryAfter: Math.max(1, Number(res?.[2]?.[1] ?? windowSec)) };
  }

  /** The count within the current window, without counting a hit (0 when there is no window). */
  async peek(key: string): Promise<Counter> {
    const k = this.prefix + key;
    const res = await this.bounded(this.client().multi().get(k).ttl(k).exec());
    return { count: Number(res?.[0]?.[1] ?? 0), retryAfter: Math.max(1, Number(res?.[1]?.[1] ?? 1)) };
  }

  /** Gives one hit back (never below zero, never a key without its expiry). */
  async decrement(key: string): Promise<void> {
    await this.bounded(this.client().eval(`if redis.call('GET', KEYS[1]) and tonumber(redis.call('GET', KEYS[1])) > 0 then return redis.call('DECR', KEYS[1]) end return 0`, 1, this.prefix + key));
  }

  async clear(key: string): Promise<void> {
    await this.bounded(this.client().del(this.prefix + key));
  }

  onModuleDestroy(): void {
    this.redis?.disconnect();
  }

  private client(): Redis {
    if (!this.redis) {
      let warned = false;
      this.redis = new Redis(this.config.REDIS_URL, {
        maxRetriesPerRequest: 1,
        // no ioredis commandTimeout: its timer would race the reply the same way; bounded() decides
        connectTimeout: 2000,
        retryStrategy: (times) => Math.min(times * 200, 2000),
      });
      // one warning per outage, not one per reconnect attempt
      this.redis.on('error', (e) => {
        if (!warned) this.logger.warn(`rate-limit store unreachable: ${e.message}`);
        warned = true;
      });
      this.redis.on('ready', () => (warned = false));
    }
    return this.redis;
  }

  private async bounded<T>(p: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      // The reject waits one turn of the event loop (setImmediate runs after the I/O poll): after a
      // stall longer than the budget (GC, a busy CPU) the timer and Redis's reply are both due, and
      // timers run first; a reply already on the socket must win, or sign-in answers 503 wrongly.
      timer = setTimeout(() => setImmediate(() => reject(new LimiterUnavailableError(`no answer from Redis within ${BUDGET_MS} ms`))), BUDGET_MS);
    });
    try {
      const res = await Promise.race([p, timeout]);
      // a MULTI/pipeline reports per-command errors in its result, not by rejecting
      if (Array.isArray(res)) for (const entry of res) if (Array.isArray(entry) && entry[0]) throw entry[0];
      return res;
    } catch (e) {
      if (e instanceof LimiterUnavailableError) throw e;
      throw new LimiterUnavailableError((e as Error).message);
    } finally {
      clearTimeout(timer);
      p.catch(() => undefined);
    }
  }
}
