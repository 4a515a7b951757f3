import { JobName } from './queue-names';

/** What an ingest can change about a client (the kinds of canonical record); part of clients.changed. */
export const CHANGE_KINDS = ['location', 'staff', 'client', 'product', 'subscription', 'freeze', 'quota', 'booking', 'visit', 'sale', 'invoice'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** One client whose canonical data an ingest changed, and how (the payload of clients.changed). */
export interface ClientChange {
  clientId: string;
  kinds: ChangeKind[];
}

// Payloads carry ids, never entities: handlers re-load state.
export interface JobPayloads {
  [JobName.ClientsChanged]: { businessId: string; source: string; changes: ClientChange[] };
  [JobName.WebhookProcess]: { businessId: string };
  [JobName.WebhookSweep]: { olderThanSeconds: number };
  [JobName.SyncPlan]: { window: string };
  [JobName.SyncBusiness]: { businessId: string; provider: string; reason: 'schedule' | 'manual' | 'stale' };
  [JobName.RiskAssessAll]: { window: string };
  [JobName.RiskAssessBusiness]: { businessId: string; window: string };
  [JobName.RiskAssessBatch]: { businessId: string; window: string; fromId: string; toId: string };
  [JobName.HealthBatch]: { businessId: string; fromId: string; toId: string };
  [JobName.EstimationRefitAll]: { day: string };
  [JobName.EstimationRefitBusiness]: { businessId: string; day: string };
  [JobName.ClientStatusChanged]: {
    businessId: string;
    changes: Array<{ clientId: string; from: string | null; to: string | null; tags: string[]; score: number; changedAt: string; reason: 'rule' | 'manual' | 'event' }>;
  };
  [JobName.ClientHealthBandChanged]: {
    businessId: string;
    changes: Array<{ clientId: string; from: 'green' | 'yellow' | 'red'; to: 'green' | 'yellow' | 'red'; score: number; changedAt: string }>;
  };
  [JobName.ClientUsageDropped]: {
    businessId: string;
    drops: Array<{ clientId: string; recentSessions: number; earlierSessions: number; dropPercent: number; droppedAt: string }>;
  };
  [JobName.SegmentsRecomputeAll]: { window: string };
  [JobName.SegmentsRecomputeBusiness]: { businessId: string; trigger: 'schedule' | 'data'; window: string };
  [JobName.SegmentRecompute]: { businessId: string; segmentId: string; trigger: 'created' | 'updated' | 'schedule' | 'data' | 'manual' };
  [JobName.SegmentsPublishPending]: { olderThanSeconds: number };
  [JobName.SegmentEntered]: { businessId: string; segmentId: string; evaluationId: string; at: string; clientIds: string[] };
  [JobName.SegmentExited]: { businessId: string; segmentId: string; evaluationId: string; at: string; clientIds: string[] };
  [JobName.RhythmPassAll]: { window: string };
  [JobName.RhythmPassBusiness]: { businessId: string; day: string; reason: 'schedule' | 'settings' };
  [JobName.RhythmRecomputeTouched]: { businessId: string; window: string };
  [JobName.ClientBecameOverdue]: { businessId: string; day: string; clients: OverdueCrossing[] };
  [JobName.DeliverEmail]: DeliveryBatch;
  [JobName.DeliverSms]: DeliveryBatch;
  [JobName.DeliverMailchimp]: DeliveryBatch;
  [JobName.DeliverPush]: DeliveryBatch;
  [JobName.ActionsSweep]: { window: string };
  [JobName.TaskNotify]: { businessId: string; taskId: string };
  [JobName.TasksAutoClose]: { businessId: string; window: string };
  [JobName.TasksSweep]: { window: string };
  [JobName.CampaignSend]: { businessId: string; campaignId: string };
  [JobName.ClientsVisited]: { businessId: string; clientIds: string[] };
  [JobName.AutomationAdvance]: { businessId: string; automationId: string; stepIndex: number };
  [JobName.AutomationScheduleRun]: { businessId: string; automationId: string; tick: string };
  [JobName.AutomationsTick]: { window: string };
  [JobName.FollowUpComputeAll]: { window: string };
  [JobName.FollowUpComputeBusiness]: { businessId: string; trigger: 'schedule' | 'data'; window: string };
  [JobName.RecoveryIntake]: { businessId: string; clientIds: string[] };
  [JobName.RecoveryDailyAll]: { window: string };
  [JobName.RecoveryDailyBusiness]: { businessId: string; window: string };
  [JobName.RecoveryRecordExisting]: { businessId: string; requestedBy: string };
  [JobName.RecoveryEntryCreated]: { businessId: string; at: string; entries: Array<{ entryId: string; clientId: string; sourceKind: 'cancellation' | 'non_renewing' | 'quota' }> };
}

/** A client who crossed into overdue in a service category (rhythm; client.became_overdue). */
export interface OverdueCrossing {
  clientId: string;
  serviceCategory: string;
  usualIntervalDays: number;
  daysOverdue: number;
}

/** A batch of one run's touches (ids only; the template lives on the run). */
export interface DeliveryBatch {
  businessId: string;
  runId: string;
  touchIds: string[];
}

export type JobOf<N extends JobName> = JobPayloads[N];
