/** Members per risk status at the end of the month. */
export class RetentionStatusMixDto {
  in_trouble: number;
  at_risk: number;
  loving_it: number;
  raving_fan: number;
  suspended: number;
}

/** One month of membership and churn. */
export class RetentionMonthDto {
  /** YYYY-MM */
  month: string;
  membersAtStart: number;
  membersAtEnd: number;
  newMembers: number;
  cancelled: number;
  /** cancelled / membersAtStart; null when nobody was a member at the start. */
  churnRate: number | null;
  retentionRate: number | null;
  statusMix: RetentionStatusMixDto;
}

/** A cohort's members `after` months. */
export class RetentionCohortPointDto {
  after: number;
  members: number;
  /** members / cohort size; null for an empty cohort. */
  share: number | null;
}

/** Members who joined in one month, and how many are still members later. */
export class RetentionCohortDto {
  /** YYYY-MM */
  month: string;
  size: number;
  retention: RetentionCohortPointDto[];
}

/** Monthly retention of the business (docs/reports.md). */
export class RetentionReportDto {
  /** YYYY-MM */
  from: string;
  /** YYYY-MM */
  to: string;
  location: string | null;
  /** The business-local date the report was computed for (YYYY-MM-DD). */
  asOf: string;
  months: RetentionMonthDto[];
  cohorts: RetentionCohortDto[];
}
