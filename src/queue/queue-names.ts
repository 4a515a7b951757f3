// Frozen once shipped: these strings are keys in Redis. Rename the enum member, never the value.
export enum QueueName {
  IngestEvents = 'ingest-events',
  Webhooks = 'webhooks',
  Sync = 'sync',
  Risk = 'risk',
  /** Facts automations trigger on (client.status_changed, ...). */
  AutomationEvents = 'automation-events',
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
  /** Fan out one assessment per business for a schedule window. */
  RiskAssessAll = 'risk.assess-all',
  /** Split one business into batches of clients for a window (once per window). */
  RiskAssessBusiness = 'risk.assess-business',
  /** Assess one id range of one business's clients. */
  RiskAssessBatch = 'risk.assess-batch',
  /** Recompute the health score of one id range of one business's clients. */
  HealthBatch = 'risk.health-batch',
  /** Fan out the daily BG/NBD refit to every business. */
  EstimationRefitAll = 'estimation.refit-all',
  /** Refit one business's BG/NBD model and rescore its clients. */
  EstimationRefitBusiness = 'estimation.refit-business',
  /** A client's risk status changed (consumed by automations). */
  ClientStatusChanged = 'client.status_changed',
  /** A client's health band changed (consumed by automations). */
  ClientHealthBandChanged = 'client.health_band_changed',
  /** A client's usage dropped (risk.md: last 14 days >= 30 % below the 14 before); once per drop. */
  ClientUsageDropped = 'client.usage_dropped',
}

export const JOB_QUEUE = {
  [JobName.ClientsChanged]: QueueName.IngestEvents,
  [JobName.WebhookProcess]: QueueName.Webhooks,
  [JobName.WebhookSweep]: QueueName.Webhooks,
  [JobName.SyncPlan]: QueueName.Sync,
  [JobName.SyncBusiness]: QueueName.Sync,
  [JobName.RiskAssessAll]: QueueName.Risk,
  [JobName.RiskAssessBusiness]: QueueName.Risk,
  [JobName.RiskAssessBatch]: QueueName.Risk,
  [JobName.HealthBatch]: QueueName.Risk,
  [JobName.EstimationRefitAll]: QueueName.Risk,
  [JobName.EstimationRefitBusiness]: QueueName.Risk,
  [JobName.ClientStatusChanged]: QueueName.AutomationEvents,
  [JobName.ClientHealthBandChanged]: QueueName.AutomationEvents,
  [JobName.ClientUsageDropped]: QueueName.AutomationEvents,
} as const satisfies Record<JobName, QueueName>;
