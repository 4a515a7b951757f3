import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Every Comeback metric, in one registry per process (not prom-client's global one, so nothing
 * else that registers metrics can collide with these names). GET /metrics serves it in the API,
 * METRICS_PORT in a worker (docs/operations.md "Metrics").
 *
 * The counters are module-level so a domain records with one call (countSend, countWebhook)
 * without injecting anything; what must be read at scrape time (queue lengths) is registered by
 * the module that owns the queues (setQueueCounts).
 */
export const metricsRegistry = new Registry();

export const httpDuration = new Histogram({
  name: 'comeback_http_request_duration_seconds',
  help: 'HTTP requests by route template (not the raw URL), method and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

export const jobDuration = new Histogram({
  name: 'comeback_job_duration_seconds',
  help: 'Jobs run by this process, by queue and outcome (completed, failed)',
  labelNames: ['queue', 'outcome'] as const,
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 1800],
  registers: [metricsRegistry],
});

const webhookDeliveries = new Counter({
  name: 'comeback_webhook_deliveries_total',
  help: 'Webhook items per source: accepted (stored), rejected (bad signature, unparsable, an event refused) and ignored (acknowledged, nothing to do)',
  labelNames: ['source', 'outcome'] as const,
  registers: [metricsRegistry],
});

const sends = new Counter({
  name: 'comeback_sends_total',
  help: 'Messages handed to a provider, by channel and outcome (sent, failed, retried)',
  labelNames: ['channel', 'outcome'] as const,
  registers: [metricsRegistry],
});

export type QueueCounts = Record<string, { waiting: number; active: number; failed: number; delayed: number }>;
/** Reads every queue's counts at scrape time; undefined when this process has no queues. */
let queueCounts: (() => Promise<QueueCounts>) | undefined;

/**
 * The queue reader the module owning the queues installs (the last one installed wins); with
 * `only`, the reader is removed only if it is still that one (another app in the process, as in
 * tests, may have installed its own since).
 */
export function setQueueCounts(read: (() => Promise<QueueCounts>) | undefined, only?: () => Promise<QueueCounts>): void {
  if (only && queueCounts !== only) return;
  queueCounts = read;
}

const queueJobs = new Gauge({
  name: 'comeback_queue_jobs',
  help: 'Jobs per queue and state (waiting, active, failed, delayed), read from Redis at scrape time',
  labelNames: ['queue', 'state'] as const,
  registers: [metricsRegistry],
  async collect() {
    this.reset();
    if (!queueCounts) return;
    // Redis away: the series disappear and comeback_queue_up says so, the scrape still answers
    const counts = await queueCounts().catch(() => undefined);
    queueUp.set(counts ? 1 : 0);
    for (const [queue, c] of Object.entries(counts ?? {})) {
      for (const state of ['waiting', 'active', 'failed', 'delayed'] as const) this.set({ queue, state }, c[state]);
    }
  },
});
void queueJobs;

const queueUp = new Gauge({
  name: 'comeback_queue_up',
  help: '1 when the queue lengths could be read from Redis at this scrape, else 0',
  registers: [metricsRegistry],
});

/** Webhook items of one source: `n` accepted or rejected. */
export function countWebhook(source: string, outcome: 'accepted' | 'rejected' | 'ignored', n = 1): void {
  if (n > 0) webhookDeliveries.inc({ source, outcome }, n);
}

/** One provider outcome of one message: sent, failed for good, or handed back to retry. */
export function countSend(channel: string, outcome: 'sent' | 'failed' | 'retried', n = 1): void {
  if (n > 0) sends.inc({ channel, outcome }, n);
}
