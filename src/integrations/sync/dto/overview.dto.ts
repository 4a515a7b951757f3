// GET /api/v1/overview (docs/overview.md).

export class OverviewCountsDto {
  /** Clients of the business (not deleted). */
  clients: number;
  /** Members now (the source's member flag, otherwise an active package). */
  members: number;
  /** Visits in the last 30 local days, today included. */
  visitsLast30Days: number;
}

export class OverviewSourceDto {
  provider: string;
  lastSuccessAt: Date | null;
  stale: boolean;
}

/** Members now per risk status; `unassessed`: members no pass has given a status yet. */
export class StatusCountsDto {
  in_trouble: number;
  at_risk: number;
  loving_it: number;
  raving_fan: number;
  suspended: number;
  unassessed: number;
}

/** Members now per health band; `unscored`: members without a health score (suspended, not yet scored). */
export class OverviewHealthBandsDto {
  green: number;
  yellow: number;
  red: number;
  unscored: number;
}

/** Members At Risk or In Trouble now and 7 days ago (from the status history). */
export class AtRiskTrendDto {
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
  statusCounts: StatusCountsDto;
  healthBands: OverviewHealthBandsDto;
  atRisk: AtRiskTrendDto;
}
