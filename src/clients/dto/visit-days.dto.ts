import { IsOptional, Matches } from 'class-validator';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** GET /api/v1/clients/:id/visit-days: business-local days, both inclusive (default: the last 12 months up to today). */
export class VisitDaysQuery {
  @IsOptional()
  @Matches(DAY, { message: 'from must be a date (YYYY-MM-DD)' })
  from?: string;

  @IsOptional()
  @Matches(DAY, { message: 'to must be a date (YYYY-MM-DD)' })
  to?: string;
}

/** One local day on which the client visited. */
export class VisitDayDto {
  /** The business-local day (YYYY-MM-DD). */
  day: string;
  /** Visits recorded that day (gym, class, appointment). */
  visits: number;
}

/** Visit days and visits in one calendar month of the range (the calendar's text alternative). */
export class VisitMonthDto {
  /** YYYY-MM */
  month: string;
  /** Distinct days with a visit in the month (within the range). */
  days: number;
  visits: number;
}

/** The days a client visited in a range of business-local days (the profile's visit calendar). */
export class VisitDaysDto {
  clientId: string;
  from: string;
  to: string;
  /** Days with at least one visit, oldest first. */
  days: VisitDayDto[];
  /** Every calendar month the range touches, oldest first, with its totals (0 when no visit). */
  months: VisitMonthDto[];
  /** Distinct days with a visit in the range. */
  totalDays: number;
  /** Visits in the range. */
  totalVisits: number;
}
