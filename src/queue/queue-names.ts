// Frozen once shipped: these strings are keys in Redis. Rename the enum member, never the value.
export enum QueueName {
  IngestEvents = 'ingest-events',
  Webhooks = 'webhooks',
  Sync = 'sync',
}

export enum JobName {
  /** What an ingest changed, per client; consumed by risk, segments and automations. */
  ClientsChanged = 'clients.changed',
  /** Drain a business's stored, unprocessed event_inbox rows into canonical tables. */
  WebhookProcess = 'webhook.process',
  /** Re-enqueue inbox rows whose job never ran (Redis was down when they arrived). */
  WebhookSweep = 'webhook.sweep',
  /** Fan out one sync job per connected business. */
  SyncPlan = 'sync.plan',
  /** Run (or resume) one business's sync with one provider. */
  SyncBusiness = 'sync.business',
}

export const JOB_QUEUE = {
  [JobName.ClientsChanged]: QueueName.IngestEvents,
  [JobName.WebhookProcess]: QueueName.Webhooks,
  [JobName.WebhookSweep]: QueueName.Webhooks,
  [JobName.SyncPlan]: QueueName.Sync,
  [JobName.SyncBusiness]: QueueName.Sync,
} as const satisfies Record<JobName, QueueName>;
