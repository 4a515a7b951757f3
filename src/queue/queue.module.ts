import { BullModule } from '@nestjs/bull';
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DomainEvents } from './domain-events';
import { JobOutboxRepository } from './job-outbox.repository';
import { JobQueue } from './job-queue.service';
import { OutageRecovery } from './outage-recovery.service';
import { OutboxRelay } from './outbox-relay.service';
import { OUTAGE_AWARE_BACKOFF, outageAwareBackoff, queueJobOptions } from './queue-options';
import { QueueName } from './queue-names';
import { BullRedisClients } from './redis-clients';

// Redis connections with bounded commands (BullRedisClients); producers that cannot reach
// Redis store the job in the job_outbox table (JobQueue), relayed when Redis is back
// (OutboxRelay); work an unreachable PostgreSQL made fail is retried when it is back
// (OutageRecovery). docs/reliability.md "Outages".
@Module({ providers: [BullRedisClients], exports: [BullRedisClients] })
class QueueRedisModule {}

@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      imports: [QueueRedisModule],
      inject: [APP_CONFIG, BullRedisClients],
      useFactory: (config: AppConfig, clients: BullRedisClients) => ({
        redis: config.REDIS_URL,
        prefix: config.QUEUE_PREFIX,
        createClient: clients.create,
        // a worker whose fetch failed (Redis away) looks again after 1 s, not Bull's 5 s
        settings: {
          lockDuration: config.QUEUE_LOCK_MS,
          stalledInterval: config.QUEUE_LOCK_MS,
          maxStalledCount: 2,
          retryProcessDelay: 1000,
          backoffStrategies: { [OUTAGE_AWARE_BACKOFF]: outageAwareBackoff },
        },
      }),
    }),
    BullModule.registerQueueAsync(
      ...Object.values(QueueName).map((name) => ({
        name,
        inject: [APP_CONFIG],
        useFactory: (config: AppConfig) => ({ defaultJobOptions: queueJobOptions(name, config) }),
      })),
    ),
  ],
  providers: [JobQueue, DomainEvents, JobOutboxRepository, OutboxRelay, OutageRecovery],
  exports: [JobQueue, DomainEvents, BullModule],
})
export class QueueModule {}
