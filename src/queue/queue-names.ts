// Frozen once shipped: these strings are keys in Redis. Rename the enum member, never the value.
export enum QueueName {
  /** The clients.changed domain event (DomainEvents). */
  IngestEvents = 'ingest-events',
  Webhooks = 'webhooks',
  Sync = 'sync',
  Risk = 'risk',
  /** Domain events other than clients.changed (client.status_changed, segment.entered, ...): DomainEvents. */
  AutomationEvents = 'automation-events',
  Segments = 'segments',
  /** Rhythm: recomputes of touched clients, the daily pass per business. */
  Rhythm = 'rhythm',
  /** One queue per channel (actions.md): batches of one business's touches. */
  DeliverEmail = 'deliver-email',
  DeliverSms = 'deliver-sms',
  DeliverMailchimp = 'deliver-mailchimp',
  DeliverPush = 'deliver-push',
  /** Actions housekeeping: touches whose job never ran, held touches that are due. */
  Actions = 'actions',
  /** Staff tasks: assignee notifications, auto-close on a returning visit, the sweep. */
  Tasks = 'tasks',
  /** One-off campaigns: selecting recipients and dispatching their steps. */
  Campaigns = 'campaigns',
  /** Automations: step jobs (a batch of runs at one step), schedule ticks, the sweep. */
  Automations = 'automations',
  /** Follow-up: conversions of campaign and automation exposures and touches. */
  FollowUp = 'follow-up',
  /** Recovery intake: entries from ingest, the daily backstop, "record existing cancellations". */
  Recovery = 'recovery',
}

export enum JobName {
  /** Event: what an ingest changed, per client (DomainEvents; listeners in risk, segments, tasks, automations, follow-up). */
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
  /** Event: a client's risk status changed (listeners in automations, follow-up). */
  ClientStatusChanged = 'client.status_changed',
  /** Event: a client's health band changed. */
  ClientHealthBandChanged = 'client.health_band_changed',
  /** A client's usage dropped (risk.md: last 14 days >= 30 % below the 14 before); once per drop. */
  ClientUsageDropped = 'client.usage_dropped',
  /** Fan out the scheduled recompute of every business's saved segments. */
  SegmentsRecomputeAll = 'segments.recompute-all',
  /** Recompute every saved segment of one business (schedule window, or debounced after data arrived). */
  SegmentsRecomputeBusiness = 'segments.recompute-business',
  /** Recompute one saved segment's membership and record entered/exited transitions. */
  SegmentRecompute = 'segment.recompute',
  /** Publish transitions of evaluations whose events did not reach the queue at commit time. */
  SegmentsPublishPending = 'segments.publish-pending',
  /** Event: clients entered a saved segment. */
  SegmentEntered = 'segment.entered',
  /** Event: clients left a saved segment. */
  SegmentExited = 'segment.exited',
  /** Start the daily rhythm pass of every business whose local day changed since its last. */
  RhythmPassAll = 'rhythm.pass-all',
  /** Recompute one business's rhythms and announce the clients that became overdue. */
  RhythmPassBusiness = 'rhythm.pass-business',
  /** Recompute the rhythms of the clients ingests touched (debounced per business). */
  RhythmRecomputeTouched = 'rhythm.recompute-touched',
  /** Event: clients crossed into overdue in a service category (listeners in automations). */
  ClientBecameOverdue = 'client.became_overdue',
  /** Deliver one batch (100-500) of one run's touches on a channel. */
  DeliverEmail = 'deliver.email',
  DeliverSms = 'deliver.sms',
  DeliverMailchimp = 'deliver.mailchimp',
  DeliverPush = 'deliver.push',
  /** Re-enqueue touches left queued or due without a job; settle abandoned claims. */
  ActionsSweep = 'actions.sweep',
  /** Email a task's assignee (once per assignment; claimed before SMTP is called). */
  TaskNotify = 'task.notify',
  /** Close one business's open tasks whose client visited after the task was created. */
  TasksAutoClose = 'tasks.auto-close',
  /** Scheduled backstop: auto-close every business with open tasks, re-queue lost notifications. */
  TasksSweep = 'tasks.sweep',
  /** Select a campaign's recipients (with its holdout) and dispatch its steps; idempotent. */
  CampaignSend = 'campaign.send',
  /** Visits arrived for these clients (not debounced): fires their armed "at the door" alerts. */
  ClientsVisited = 'clients.visited',
  /** Walk the runs due at one step of one automation (a batch), through every step that does not wait. */
  AutomationAdvance = 'automation.advance',
  /** One tick of a scheduled automation: its segment's members are enrolled. */
  AutomationScheduleRun = 'automation.schedule-run',
  /** Every minute: due schedule ticks, runs whose job was lost, door alerts whose visit job was lost. */
  AutomationsTick = 'automations.tick',
  /** Fan out one conversion pass per business with campaigns or automations to judge. */
  FollowUpComputeAll = 'follow-up.compute-all',
  /** Recompute one business's conversions (schedule window, or debounced after goal data arrived). */
  FollowUpComputeBusiness = 'follow-up.compute-business',
  /** Recovery intake for the clients an ingest touched (one job per clients.changed batch; docs/recovery.md "Intake"). */
  RecoveryIntake = 'recovery.intake',
  /** Fan out the daily recovery backstop (intake, automatic outcomes) to every business. */
  RecoveryDailyAll = 'recovery.daily-all',
  /** The daily recovery backstop of one business. */
  RecoveryDailyBusiness = 'recovery.daily-business',
  /** "Record existing cancellations": entries for every cancelled subscription still running (progress on the job). */
  RecoveryRecordExisting = 'recovery.record-existing',
  /** Event: recovery entries were created (listeners in automations). */
  RecoveryEntryCreated = 'recovery.entry_created',
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
  [JobName.SegmentsRecomputeAll]: QueueName.Segments,
  [JobName.SegmentsRecomputeBusiness]: QueueName.Segments,
  [JobName.SegmentRecompute]: QueueName.Segments,
  [JobName.SegmentsPublishPending]: QueueName.Segments,
  [JobName.SegmentEntered]: QueueName.AutomationEvents,
  [JobName.SegmentExited]: QueueName.AutomationEvents,
  [JobName.RhythmPassAll]: QueueName.Rhythm,
  [JobName.RhythmPassBusiness]: QueueName.Rhythm,
  [JobName.RhythmRecomputeTouched]: QueueName.Rhythm,
  [JobName.ClientBecameOverdue]: QueueName.AutomationEvents,
  [JobName.DeliverEmail]: QueueName.DeliverEmail,
  [JobName.DeliverSms]: QueueName.DeliverSms,
  [JobName.DeliverMailchimp]: QueueName.DeliverMailchimp,
  [JobName.DeliverPush]: QueueName.DeliverPush,
  [JobName.ActionsSweep]: QueueName.Actions,
  [JobName.TaskNotify]: QueueName.Tasks,
  [JobName.TasksAutoClose]: QueueName.Tasks,
  [JobName.TasksSweep]: QueueName.Tasks,
  [JobName.CampaignSend]: QueueName.Campaigns,
  [JobName.ClientsVisited]: QueueName.Automations,
  [JobName.AutomationAdvance]: QueueName.Automations,
  [JobName.AutomationScheduleRun]: QueueName.Automations,
  [JobName.AutomationsTick]: QueueName.Automations,
  [JobName.FollowUpComputeAll]: QueueName.FollowUp,
  [JobName.FollowUpComputeBusiness]: QueueName.FollowUp,
  [JobName.RecoveryIntake]: QueueName.Recovery,
  [JobName.RecoveryDailyAll]: QueueName.Recovery,
  [JobName.RecoveryDailyBusiness]: QueueName.Recovery,
  [JobName.RecoveryRecordExisting]: QueueName.Recovery,
  [JobName.RecoveryEntryCreated]: QueueName.AutomationEvents,
} as const satisfies Record<JobName, QueueName>;
