import { RiskStatus, RiskTag } from '../../rules/risk.types';

/** What one worked example knows about its member on the example's day. */
export class WorkedExampleInputDto {
  /** The day the member registered (first subscription), YYYY-MM-DD; null when unknown. */
  registeredOn: string | null;
  /** The member's last session, YYYY-MM-DD; null when they never came. */
  lastVisitOn: string | null;
  /** Sessions (unique visit days) in the 7 days ending on the example's day. */
  sessionsLast7Days: number;
  /** Whole days a member on the example's day; null when the registration is unknown. */
  daysRegistered: number | null;
  /** Whole days since the last session (or registration when none); null when neither is known. */
  daysSinceLastSession: number | null;
}

/** Points each scored rule gave. */
export class WorkedExampleScoresDto {
  lowUser: number;
  absent: number;
  newMember: number;
}

/** One of risk.md's worked examples, assessed with the settings asked about. */
export class WorkedExampleDto {
  /** Which example (the page words it): new_member_no_visits, absent_10_days, absent_22_days, regular_two_sessions. */
  key: 'new_member_no_visits' | 'absent_10_days' | 'absent_22_days' | 'regular_two_sessions';
  input: WorkedExampleInputDto;
  status: RiskStatus;
  tags: RiskTag[];
  /** The sum of the scored rules, capped. */
  score: number;
  scores: WorkedExampleScoresDto;
  /** The In Trouble rule applied (it overrides the score). */
  inTrouble: boolean;
}

/** POST /api/v1/settings/risk/examples: risk.md's worked examples under the given settings. */
export class RiskExamplesDto {
  /** The examples' day (risk.md: 2026-03-31). */
  today: string;
  examples: WorkedExampleDto[];
}
