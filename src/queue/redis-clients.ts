import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis, { RedisOptions } from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/** Reconnect quickly after an outage (Bull's default waits up to 20 s between attempts). */
const reconnectDelay = (times: number) => Math.min(times * 200, 1000);

/**
 * Creates the Redis connections of every Bull queue and disconnects them at shutdown (Bull
 * leaves clients it did not create to their creator).
 *
 * - `client` (adds, reads, job state changes): every command answers or fails within
 *   REDIS_COMMAND_TIMEOUT_MS, and commands waiting for a connection fail after one failed
 *   reconnect instead of piling up in memory, so an HTTP request never hangs on Redis.
 * - `subscriber` and `bclient` (events, the blocking fetch of the next job): no timeout (a
 *   blocking fetch waits on purpose) and unlimited retries, as Bull requires.
 *
 * Each client also records whether Redis is reachable (`redisDown`), so producers can go
 * straight to the outbox while it is not.
 */
@Injectable()
export class BullRedisClients implements OnApplicationShutdown {
  private readonly clients = new Set<Redis>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  create = (type: 'client' | 'subscriber' | 'bclient', redisOpts?: RedisOptions): Redis => {
    const base: RedisOptions = { ...redisOpts, connectTimeout: 2000, retryStrategy: reconnectDelay };
    const client =
      type === 'client'
        ? new Redis({ ...base, maxRetriesPerRequest: 1, commandTimeout: this.config.REDIS_COMMAND_TIMEOUT_MS })
        : new Redis({ ...base, maxRetriesPerRequest: null, enableReadyCheck: false });
    trackAvailability(client);
    this.clients.add(client);
    return client;
  };

  onApplicationShutdown(): void {
    for (const c of this.clients) c.disconnect();
    this.clients.clear();
  }
}

const down = new WeakMap<object, boolean>();

function trackAvailability(client: Redis): void {
  down.set(client, false);
  client.on('ready', () => down.set(client, false));
  client.on('close', () => down.set(client, true));
  client.on('end', () => down.set(client, true));
}

/** Redis is known to be unreachable by this client (closed since it was last ready). */
export function redisDown(client: object): boolean {
  return down.get(client) === true;
}
