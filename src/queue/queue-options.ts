import { JobOptions } from 'bull';
import { QueueName } from './queue-names';

// Explicit retry policy per queue (STYLE.md rule 9). Failed jobs are kept as the dead-letter list.
export const QUEUE_DEFAULTS: Record<QueueName, JobOptions> = {
  [QueueName.IngestEvents]: { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: 1000 },
  [QueueName.Webhooks]: { attempts: 8, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: true, removeOnFail: 5000 },
  [QueueName.Risk]: { attempts: 5, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail: 1000 },
  [QueueName.AutomationEvents]: { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: 5000 },
  [QueueName.Sync]: { attempts: 5, backoff: { type: 'exponential', delay: 30_000 }, removeOnComplete: true, removeOnFail: 500 },
};
