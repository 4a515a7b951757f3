import { JobOptions } from 'bull';
import { QueueName } from './queue-names';

// Explicit retry policy per queue (STYLE.md rule 9). Failed jobs are kept as the dead-letter list.
export const QUEUE_DEFAULTS: Record<QueueName, JobOptions> = {
  [QueueName.IngestEvents]: { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: 1000 },
  [QueueName.Webhooks]: { attempts: 8, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: true, removeOnFail: 5000 },
  [QueueName.Risk]: { attempts: 5, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail: 1000 },
  // the last 1,000 consumed events stay visible (what triggered which automation, recently)
  [QueueName.AutomationEvents]: { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: 1000, removeOnFail: 5000 },
  [QueueName.Automations]: { attempts: 8, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail: 1000 },
  [QueueName.Campaigns]: { attempts: 8, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail: 1000 },
  [QueueName.Segments]: { attempts: 5, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail: 1000 },
  [QueueName.Sync]: { attempts: 5, backoff: { type: 'exponential', delay: 30_000 }, removeOnComplete: true, removeOnFail: 500 },
  // channel queues: 2 s, 4 s, ... ~17 min over 10 attempts; failed batches kept as the dead-letter list
  [QueueName.DeliverEmail]: { attempts: 10, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail: 10_000 },
  [QueueName.DeliverSms]: { attempts: 10, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail: 10_000 },
  [QueueName.DeliverMailchimp]: { attempts: 10, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail: 10_000 },
  [QueueName.DeliverPush]: { attempts: 10, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail: 10_000 },
  // staff task mail: 2 s doubling over 8 attempts (~4 min), past the 2-minute claim of a dead worker
  [QueueName.Tasks]: { attempts: 8, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail: 1000 },
  [QueueName.FollowUp]: { attempts: 5, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: true, removeOnFail: 1000 },
  [QueueName.Actions]: { attempts: 3, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: true, removeOnFail: 100 },
};
