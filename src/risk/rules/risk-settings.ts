// Per-business risk settings (spec/risk.md): every number of the rules, the health score and the
// schedule, with risk.md's defaults. Tables are ordered arrays so staff can edit them row by row.

/** Low User row: `sessions` unique visit days in the window score `score`; the last row also covers more. */
export interface LowUserRow {
  sessions: number;
  score: number;
}

/** Absent band: minDays..maxDays whole days since the last session (maxDays null = and more). */
export interface AbsentBand {
  minDays: number;
  maxDays: number | null;
  score: number;
}

/** engagement (the seventh) weighs 0 by default: it is left out of the score until a business gives it weight. */
export const HEALTH_SIGNALS = ['frequency', 'recency', 'trend', 'bookingsAhead', 'reliability', 'payments', 'engagement'] as const;
export type HealthSignal = (typeof HEALTH_SIGNALS)[number];
export type HealthWeights = Record<HealthSignal, number>;

export interface HealthSettings {
  /** Relative weights; they are renormalised to sum 1, so 35/25/15/10/5/10 reads as percent. */
  weights: HealthWeights;
  /** score >= greenMin -> green; >= yellowMin -> yellow; below -> red. */
  bands: { greenMin: number; yellowMin: number };
  frequency: {
    /** The current window: sessions in the last windowDays days (default 28). */
    windowDays: number;
    /** The baseline: the baselineDays days before the current window (default 182, about 6 months). */
    baselineDays: number;
    /** Fewer observed baseline days than this (a new member): use the business median instead. */
    minBaselineDays: number;
    /** Floor on the expected sessions, so a near-zero baseline does not divide by ~0. */
    minExpectedSessions: number;
  };
  /** Recency falls linearly from 100 (a session today) to 0 at zeroAtDays days since the last session. */
  recency: { zeroAtDays: number };
  /** Trend compares the last windowDays days with the windowDays days before. */
  trend: { windowDays: number };
  /** Reliability: 100 minus penaltyPerEvent per no-show / late cancellation in windowDays days. */
  reliability: { windowDays: number; penaltyPerEvent: number };
  /** Usage drop trigger: last windowDays days at least minDropPercent % below the windowDays before. */
  usageDrop: { windowDays: number; minDropPercent: number; minEarlierSessions: number };
}

export interface RiskSettings {
  lowUser: {
    /** Unique visit days are counted over this many days ending today, today included. */
    windowDays: number;
    /** A client registered fewer than this many days ago is not scored by Low User. */
    minDaysRegistered: number;
    /** Rows for 0, 1, 2, ... sessions; the last row covers its count and more. */
    table: LowUserRow[];
  };
  absent: { bands: AbsentBand[] };
  /** Registered fewer than lessThanDays whole days ago (0..lessThanDays-1) -> score. */
  newMember: { lessThanDays: number; score: number };
  /** In Trouble: at least minDaysAbsent days without a session ("more than 21") and a member for at least minDaysMember days. */
  inTrouble: { minDaysAbsent: number; minDaysMember: number };
  /** Score >= threshold -> At Risk. */
  atRisk: { threshold: number };
  /** The sum of the scored rules is capped at this. */
  scoreCap: number;
  health: HealthSettings;
  schedule: {
    /** Cron expression of the scheduled assessment (evaluated in UTC). */
    cron: string;
    /** Clients per batch job. */
    batchSize: number;
  };
}

export const DEFAULT_RISK_SETTINGS: RiskSettings = deepFreeze({
  lowUser: {
    windowDays: 7,
    minDaysRegistered: 7,
    table: [
      { sessions: 0, score: 50 },
      { sessions: 1, score: 30 },
      { sessions: 2, score: 10 },
      { sessions: 3, score: 0 },
    ],
  },
  absent: {
    bands: [
      { minDays: 0, maxDays: 3, score: 0 },
      { minDays: 4, maxDays: 6, score: 15 },
      { minDays: 7, maxDays: 9, score: 35 },
      { minDays: 10, maxDays: 13, score: 50 },
      { minDays: 14, maxDays: null, score: 75 },
    ],
  },
  newMember: { lessThanDays: 25, score: 25 },
  inTrouble: { minDaysAbsent: 22, minDaysMember: 22 },
  atRisk: { threshold: 75 },
  scoreCap: 100,
  health: {
    weights: { frequency: 35, recency: 25, trend: 15, bookingsAhead: 10, reliability: 5, payments: 10, engagement: 0 },
    bands: { greenMin: 70, yellowMin: 40 },
    frequency: { windowDays: 28, baselineDays: 182, minBaselineDays: 28, minExpectedSessions: 1 },
    recency: { zeroAtDays: 30 },
    trend: { windowDays: 14 },
    reliability: { windowDays: 60, penaltyPerEvent: 25 },
    usageDrop: { windowDays: 14, minDropPercent: 30, minEarlierSessions: 4 },
  },
  schedule: { cron: '0 */6 * * *', batchSize: 5000 },
});

/** Low User score for a session count: the row for that count, the last row for more. */
export function lowUserScore(sessions: number, table: readonly LowUserRow[]): number {
  let score = 0;
  for (const row of table) if (row.sessions <= sessions) score = row.score;
  return score;
}

/** Absent score for whole days since the last session (negative days count as 0). */
export function absentScore(days: number, bands: readonly AbsentBand[]): number {
  const d = Math.max(0, days);
  const band = bands.find((b) => d >= b.minDays && (b.maxDays === null || d <= b.maxDays));
  return band?.score ?? 0;
}

/**
 * The rule numbers in the shape the set-based SQL pass binds (AssessmentParams of
 * src/risk/assessment/assessment-sql.ts, structurally): tables as parallel arrays ascending by
 * threshold, each value taking the score of the last row it reaches.
 */
export function toAssessmentParams(s: RiskSettings) {
  return {
    lowUser: {
      windowDays: s.lowUser.windowDays,
      sessions: s.lowUser.table.map((r) => r.sessions),
      scores: s.lowUser.table.map((r) => r.score),
      minDaysRegistered: s.lowUser.minDaysRegistered,
    },
    absent: { minDays: s.absent.bands.map((b) => b.minDays), scores: s.absent.bands.map((b) => b.score) },
    newMember: { maxDays: s.newMember.lessThanDays - 1, score: s.newMember.score },
    inTrouble: { minDaysAbsent: s.inTrouble.minDaysAbsent, minDaysMember: s.inTrouble.minDaysMember },
    atRiskThreshold: s.atRisk.threshold,
    scoreCap: s.scoreCap,
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
