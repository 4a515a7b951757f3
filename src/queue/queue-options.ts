import { JobOptions } from 'bull';
import { AppConfig } from '../config/app-config';
import { QueueName } from './queue-names';
import { isDbConnectionError } from './queue-errors';

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
  [QueueName.Rhythm]: { attempts: 5, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail: 1000 },
  [QueueName.Sync]: { attempts: 5, backoff: { type: 'exponential', delay: 30_000 }, removeOnComplete: true, removeOnFail: 500 },
  // channel queues: 2 s, 4 s, ... ~17 min over 10 attempts; failed batches kept as the dead-letter list
  [QueueName.DeliverEmail]: { attempts: 10, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail: 10_000 },
  [QueueName.DeliverSms]: { attempts: 10, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail: 10_000 },
  [QueueName.DeliverMailchimp]: { attempts: 10, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail: 10_000 },
  [QueueName.DeliverPush]: { attempts: 10, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail: 10_000 },
  // staff task mail: 2 s doubling over 8 attempts (~4 min), past the 2-minute claim of a dead worker
  [QueueName.Tasks]: { attempts: 8, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail: 1000 },
  [QueueName.FollowUp]: { attempts: 5, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: true, removeOnFail: 1000 },
  // the last 100 finished recovery jobs stay readable: "record existing cancellations" reports its result
  [QueueName.Recovery]: { attempts: 5, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: 100, removeOnFail: 1000 },
  [QueueName.Actions]: { attempts: 3, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: true, removeOnFail: 100 },
};

/**
 * Queues whose jobs may run again from the start at any time (STYLE.md rule 8): a worker
 * retries those that failed on an unreachable PostgreSQL once it answers again. The channel
 * queues are left out: their batches' crash recovery is the delivery sweeper's
 * (docs/actions.md), which knows which messages may already have left.
 */
export const RECOVERABLE_QUEUES: readonly QueueName[] = Object.values(QueueName).filter(
  (q) => ![QueueName.DeliverEmail, QueueName.DeliverSms, QueueName.DeliverMailchimp, QueueName.DeliverPush].includes(q),
);

/** The backoff every queue uses: its exponential delay for errors, capped doubling for outages. */
export const OUTAGE_AWARE_BACKOFF = 'outage-aware';

export interface OutageAwareBackoffOptions {
  delay: number;
  outageCapMs: number;
  /** failures on an unreachable PostgreSQL that do not count as attempts (registerProcessor) */
  outageMaxRetries: number;
}

/** The queue's defaults with the backoff scaled by config and made outage-aware. */
export function queueJobOptions(name: QueueName, config: Pick<AppConfig, 'QUEUE_BACKOFF_SCALE' | 'QUEUE_OUTAGE_BACKOFF_CAP_MS' | 'QUEUE_OUTAGE_MAX_RETRIES'>): JobOptions {
  const defaults = QUEUE_DEFAULTS[name];
  const backoff = defaults.backoff as { type: string; delay: number };
  const options: OutageAwareBackoffOptions = {
    delay: Math.max(1, Math.round(backoff.delay * config.QUEUE_BACKOFF_SCALE)),
    outageCapMs: config.QUEUE_OUTAGE_BACKOFF_CAP_MS,
    outageMaxRetries: config.QUEUE_OUTAGE_MAX_RETRIES,
  };
  return { ...defaults, backoff: { type: OUTAGE_AWARE_BACKOFF, options } as unknown as JobOptions['backoff'] };
}

/**
 * Bull's custom backoff (attempts made so far, the error, the job's backoff options): an
 * unreachable PostgreSQL waits delay, 2 delay, 4 delay ... up to outageCapMs, so retries keep
 * going through a restart; any other error backs off exponentially as Bull's own would.
 */
export function outageAwareBackoff(attemptsMade: number, err: unknown, options: OutageAwareBackoffOptions | null): number {
  const delay = options?.delay ?? 1000;
  if (isDbConnectionError(err)) return Math.min(delay * 2 ** Math.min(attemptsMade - 1, 30), options?.outageCapMs ?? 60_000);
  return Math.round((2 ** attemptsMade - 1) * delay);
}
