// GET /api/v1/overview (docs/overview.md).

export class OverviewCountsDto {
  /** Clients of the business (not deleted), counted with membersNow (membersAsOf). */
  clients: number;
  /** Members now (the source's member flag, otherwise an active package); = membersNow. */
  members: number;
  /** Visits in the last 30 local days, today included. */
  visitsLast30Days: number;
}

export class OverviewSourceDto {
  provider: string;
  lastSuccessAt: Date | null;
  stale: boolean;
}

/**
 * Members per risk status as the risk tables hold them (each from the member's latest
 * assessment: scheduled passes, and within seconds of new data); `unassessed`: members now
 * that no assessment has given a status yet (counted with membersNow).
 */
export class StatusCountsDto {
  in_trouble: number;
  at_risk: number;
  loving_it: number;
  raving_fan: number;
  suspended: number;
  unassessed: number;
}

/**
 * Scored members per health band (as of their latest score); `unscored`: members now without a
 * score (suspended, or not scored yet; counted with membersNow).
 */
export class OverviewHealthBandsDto {
  green: number;
  yellow: number;
  red: number;
  unscored: number;
}

/** Members At Risk or In Trouble now and 7 days ago (from the status history). */
export class AtRiskTrendDto {
  /** = statusCounts.at_risk + statusCounts.in_trouble */
  now: number;
  /** null when the status history does not reach back 7 days yet. */
  weekAgo: number | null;
  /** now - weekAgo; null with weekAgo. */
  change: number | null;
}

export class OverviewDto {
  /** A sync of stale data was queued by this call (or is already on its way). */
  refreshing: boolean;
  counts: OverviewCountsDto;
  sync: OverviewSourceDto[];
  /** Members now (= counts.members). */
  membersNow: number;
  /**
   * When membersNow (with counts.clients, statusCounts.unassessed and healthBands.unscored) was
   * counted: now for most businesses; for one whose count takes long (about 1M clients), up to
   * a minute or so earlier (docs/overview.md).
   */
  membersAsOf: Date;
  statusCounts: StatusCountsDto;
  healthBands: OverviewHealthBandsDto;
  atRisk: AtRiskTrendDto;
}
