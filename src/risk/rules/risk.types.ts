// Risk statuses, tags and reasons (spec/risk.md). The string values are what client_status and
// status_change store (CHECK constraints in migrations 1763900000000 and 1764000000000): never rename.

/** A local calendar date, 'YYYY-MM-DD', in the business's time zone. */
export type { LocalDate } from '../../common/local-date';
import type { LocalDate } from '../../common/local-date';

export const RISK_STATUSES = ['in_trouble', 'at_risk', 'loving_it', 'raving_fan', 'suspended'] as const;
/** Ordered from most to least serious, as risk.md lists them. */
export type RiskStatus = (typeof RISK_STATUSES)[number];

/** Tags in the order the assessment writes them (the SQL pass uses the same order). */
export const RISK_TAGS = ['in_trouble', 'low_user', 'absent', 'new_member'] as const;
export type RiskTag = (typeof RISK_TAGS)[number];

/** Why a status is what it is: the rules, a staff member, or a re-assessment caused by an incoming event. */
type StatusReason = 'rule' | 'manual' | 'event';

/** A status staff set by hand that is still holding (client_status.reason = 'manual'). */
interface ManualOverride {
  status: RiskStatus;
  /** Local date it was set (client_status.since in the business's zone). */
  setOn: LocalDate;
}

/** Everything the four rules read about one client on one day. */
export interface RiskInput {
  /** The assessment's date in the business's time zone. */
  today: LocalDate;
  isMember: boolean;
  hasActivePackage: boolean;
  /** Local date of registered_at (the first subscription ever started); null when unknown. */
  registeredOn: LocalDate | null;
  /** Local date of the last unique visit day; null when the client never visited. */
  lastVisitOn: LocalDate | null;
  /** Unique visit days in the lowUser.windowDays (default 7) days ending today, today included. */
  sessionsLast7Days: number;
  /** The stored status before this assessment (client_status.status), null when none. */
  currentStatus: RiskStatus | null;
  manualOverride?: ManualOverride | null;
  /** What caused this assessment; an 'event' re-assessment reports reason 'event'. Default 'schedule'. */
  trigger?: 'schedule' | 'event';
}

export interface RuleContributions {
  lowUser: number;
  absent: number;
  newMember: number;
}

export interface RiskAssessment {
  /** null: the client is not a member and has no status. */
  status: RiskStatus | null;
  tags: RiskTag[];
  /** Sum of the three scored rules, capped (0 when not scored: non-member, suspended). */
  score: number;
  contributions: RuleContributions;
  /**
   * Why the resulting status holds: 'manual' when a manual status held, otherwise 'rule' (or
   * 'event' for an event-triggered assessment). When the status is unchanged, callers keep the
   * stored reason.
   */
  reason: StatusReason;
}
