import { Matches } from 'class-validator';

/** GET /api/v1/recovery/reports?from=&to=: entries created on these business-local days (inclusive). */
export class RecoveryReportQueryDto {
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date (YYYY-MM-DD)' })
  from!: string;

  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a date (YYYY-MM-DD)' })
  to!: string;
}

/** The figures of a set of entries (those created in the range, in a month, with a reason...). */
export class RecoveryStatsDto {
  entries: number;
  open: number;
  regained: number;
  lost: number;
  notEdited: number;
  /** regained / entries (0 when there are none). */
  regainedRate: number;
  /** Median days from entry to Regained; null when none was regained. */
  medianDaysToRegain: number | null;
  /** Sum of the regained entries' monthly values (minor units). */
  regainedMonthlyValue: number;
}

export class RecoveryMonthStatsDto extends RecoveryStatsDto {
  /** YYYY-MM (business-local month of the entry's creation). */
  month: string;
}

export class RecoveryReasonStatsDto extends RecoveryStatsDto {
  /** The cancellation reason; null: none given. */
  reason: string | null;
}

export class RecoveryStaffStatsDto extends RecoveryStatsDto {
  /** The assignee; null: unassigned. */
  staffId: string | null;
  staffName: string | null;
}

export class RecoveryReportDto {
  from: string;
  to: string;
  totals: RecoveryStatsDto;
  months: RecoveryMonthStatsDto[];
  byReason: RecoveryReasonStatsDto[];
  byStaff: RecoveryStaffStatsDto[];
}
