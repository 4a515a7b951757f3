import { BullModule } from '@nestjs/bull';
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { JobQueue } from './job-queue.service';
import { QUEUE_DEFAULTS } from './queue-options';
import { QueueName } from './queue-names';

// Producers fail fast while Redis is down (callers decide: 503, or store-and-sweep) instead
// of queueing commands in memory forever.
const queues = Object.values(QueueName).map((name) => ({ name, defaultJobOptions: QUEUE_DEFAULTS[name] }));

@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        redis: config.REDIS_URL,
        prefix: config.QUEUE_PREFIX,
        settings: { stalledInterval: 30_000, maxStalledCount: 2 },
      }),
    }),
    BullModule.registerQueue(...queues),
  ],
  providers: [JobQueue],
  exports: [JobQueue, BullModule],
})
export class QueueModule {}
