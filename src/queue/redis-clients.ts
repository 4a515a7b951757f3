import { getQueueToken } from '@nestjs/bull';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Queue } from 'bull';
import Redis, { RedisOptions } from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { QueueName } from './queue-names';

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
export class BullRedisClients implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly clients = new Set<Redis>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly moduleRef: ModuleRef,
  ) {}

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

  // As Bull does with its own clients: a queue's connections end as soon as that queue has
  // closed. (A job still running on another queue may depend on it: the delivery limits use the
  // actions queue's connection, and lose it here, as they always did.)
  onApplicationBootstrap(): void {
    for (const q of this.queues()) q.once('close', () => disconnectQueue(q));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.queues().map((q) => q.close()));
    for (const c of this.clients) c.disconnect();
    this.clients.clear();
  }

  private queues(): Queue[] {
    return Object.values(QueueName).flatMap((name) => {
      try {
        return [this.moduleRef.get<Queue>(getQueueToken(name), { strict: false })];
      } catch {
        return [];
      }
    });
  }
}

/** Disconnects the connections the queue opened (its getters create one when read, hence the flags). */
function disconnectQueue(q: Queue): void {
  const b = q as unknown as Record<string, boolean> & { client: Redis; eclient: Redis; bclient: Redis };
  if (b.clientInitialized) b.client.disconnect();
  if (b.subscriberInitialized) b.eclient.disconnect();
  if (b.bclientInitialized) b.bclient.disconnect();
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
