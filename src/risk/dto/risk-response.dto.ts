import { HealthBand } from '../rules/health-score';
import { RiskStatus, RiskTag } from '../rules/risk.types';
import { AbsentBandDto, LowUserRowDto } from './risk-settings.dto';

/** BG/NBD parameters as fitted: λ ~ Gamma(r, alpha) per week, dropout p ~ Beta(a, b). */
export class BgnbdFitDto {
  r: number;
  alpha: number;
  a: number;
  b: number;
  logLikelihood: number;
  iterations: number;
  converged: boolean;
}

/** A refit that succeeded; every client with history was rescored. */
export class RefitResultDto {
  fitted: true;
  params: BgnbdFitDto;
  clients: number;
  /** Distinct (x, t_x, T) visit histories the fit ran on. */
  distinctHistories: number;
  estimatesWritten: number;
  seconds: number;
}

/** The business's current BG/NBD model. */
export class EstimationModelDto {
  r: number;
  alpha: number;
  a: number;
  b: number;
  logLikelihood: number;
  clients: number;
  distinctHistories: number;
  /** YYYY-MM-DD, the business-local day of the fit. */
  fittedOn: string;
  fittedAt: Date;
  /** The time unit of alpha. */
  timeUnit: 'week';
}

/** Clients per status after the pass (statuses nobody has are left out). */
export class RiskStatusCountsDto {
  in_trouble?: number;
  at_risk?: number;
  loving_it?: number;
  raving_fan?: number;
  suspended?: number;
}

/** A full risk pass of the business, done. */
export class AssessResultDto {
  assessed: number;
  /** Clients whose status changed. */
  changes: number;
  statuses: RiskStatusCountsDto;
}

/** A status change (status history row without its id). */
export class StatusChangeDto {
  clientId: string;
  /** null: the client had no status before. */
  from: RiskStatus | null;
  /** null: the client lost its status (no longer a member). */
  to: RiskStatus | null;
  tags: RiskTag[];
  score: number;
  changedAt: Date;
}

/** One entry of a client's status history. */
export class StatusHistoryEntryDto {
  id: string;
  from: RiskStatus | null;
  to: RiskStatus | null;
  tags: RiskTag[];
  score: number;
  changedAt: Date;
  /** rule, manual or event. */
  reason: 'rule' | 'manual' | 'event';
  note: string | null;
}

/** A page of the status history, newest first. */
export class StatusHistoryDto {
  items: StatusHistoryEntryDto[];
  /** Pass as `before` for the next page; null on the last one. */
  nextCursor: string | null;
}

/** Each health signal 0-100; null when the business has no data for it (left out). */
export class HealthSignalsDto {
  frequency: number | null;
  recency: number | null;
  trend: number | null;
  bookingsAhead: number | null;
  reliability: number | null;
  payments: number | null;
  /** Engagement with messages (docs/risk-engine.md); present only while the business weighs it (weight > 0). */
  engagement?: number;
}

/** Weighted points per signal; they add up to the unrounded score. */
export class HealthContributionsDto {
  frequency: number;
  recency: number;
  trend: number;
  bookingsAhead: number;
  reliability: number;
  payments: number;
  /** Present only while the business weighs engagement (weight > 0). */
  engagement?: number;
}

/** A client's stored health score; the fields are null for a client the pass does not score (not a member, or suspended). */
export class ClientHealthDto {
  clientId: string;
  /** 0-100 */
  score: number | null;
  band: HealthBand | null;
  signals: HealthSignalsDto | null;
  contributions: HealthContributionsDto | null;
  /** The last 14 days are well below the 14 before. */
  usageDropped: boolean;
  /** YYYY-MM-DD, the pass day these values were written. */
  computedOn: string | null;
}

export class RiskLowUserDto {
  /** Unique visit days are counted over this many days ending today, today included. */
  windowDays: number;
  /** A client registered fewer than this many days ago is not scored by Low User. */
  minDaysRegistered: number;
  /** Rows for 0, 1, 2, ... sessions; the last row covers its count and more. */
  table: LowUserRowDto[];
}

export class RiskAbsentDto {
  /** minDays..maxDays whole days since the last session score `score` (maxDays null: and more). */
  bands: AbsentBandDto[];
}

/** Registered fewer than lessThanDays whole days ago scores `score`. */
export class RiskNewMemberDto {
  lessThanDays: number;
  score: number;
}

/** In Trouble: at least minDaysAbsent days without a session, a member for at least minDaysMember days. */
export class RiskInTroubleDto {
  minDaysAbsent: number;
  minDaysMember: number;
}

/** Score >= threshold: At Risk. */
export class RiskAtRiskDto {
  threshold: number;
}

/** Relative weights of the health signals (renormalised to sum 1). */
export class RiskHealthWeightsDto {
  frequency: number;
  recency: number;
  trend: number;
  bookingsAhead: number;
  reliability: number;
  payments: number;
  /** Engagement with messages; 0 (the default) leaves it out of the score. */
  engagement: number;
}

/** score >= greenMin: green; >= yellowMin: yellow; below: red. */
export class RiskHealthBandsDto {
  greenMin: number;
  yellowMin: number;
}

export class RiskHealthFrequencyDto {
  /** Sessions in the last windowDays days. */
  windowDays: number;
  /** Against the baselineDays days before the window. */
  baselineDays: number;
  /** Fewer observed baseline days: the business median is used instead. */
  minBaselineDays: number;
  /** Floor on the expected sessions. */
  minExpectedSessions: number;
}

/** Recency falls from 100 (a session today) to 0 at zeroAtDays days. */
export class RiskHealthRecencyDto {
  zeroAtDays: number;
}

/** The last windowDays days against the windowDays before. */
export class RiskHealthTrendDto {
  windowDays: number;
}

/** 100 minus penaltyPerEvent per no-show or late cancellation in windowDays days. */
export class RiskHealthReliabilityDto {
  windowDays: number;
  penaltyPerEvent: number;
}

/** Usage drop: the last windowDays days at least minDropPercent % below the windowDays before. */
export class RiskHealthUsageDropDto {
  windowDays: number;
  minDropPercent: number;
  minEarlierSessions: number;
}

export class RiskHealthDto {
  weights: RiskHealthWeightsDto;
  bands: RiskHealthBandsDto;
  frequency: RiskHealthFrequencyDto;
  recency: RiskHealthRecencyDto;
  trend: RiskHealthTrendDto;
  reliability: RiskHealthReliabilityDto;
  usageDrop: RiskHealthUsageDropDto;
}

export class RiskScheduleDto {
  /** Cron expression of the scheduled assessment (UTC). */
  cron: string;
  /** Clients per batch job. */
  batchSize: number;
}

/** Every number of the risk rules and the health score, with the business's changes applied. */
export class RiskSettingsValuesDto {
  lowUser: RiskLowUserDto;
  absent: RiskAbsentDto;
  newMember: RiskNewMemberDto;
  inTrouble: RiskInTroubleDto;
  atRisk: RiskAtRiskDto;
  /** The sum of the scored rules is capped at this. */
  scoreCap: number;
  health: RiskHealthDto;
  schedule: RiskScheduleDto;
}
