import { ClientChange } from '../clients/ingest/ingest.types';
import { JobName } from './queue-names';

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
}

export type JobOf<N extends JobName> = JobPayloads[N];
