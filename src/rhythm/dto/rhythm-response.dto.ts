/** A service category with known rhythms. */
export class RhythmCategoryDto {
  serviceCategory: string;
  /** Clients overdue in the category today. */
  overdue: number;
  /** Clients whose rhythm in the category is known (3 attended appointments or more by default). */
  known: number;
}

export class RhythmCategoryListDto {
  items: RhythmCategoryDto[];
}

/** A client overdue against their own rhythm in one category. */
export class OverdueClientDto {
  clientId: string;
  name: string;
  serviceCategory: string;
  /** The business-local day of the last attended appointment in the category (YYYY-MM-DD). */
  lastAppointmentOn: string;
  /** Median of the latest intervals between attended appointments, in days. */
  usualIntervalDays: number;
  /** Whole days past the usual interval. */
  daysOverdue: number;
}

export class OverdueClientListDto {
  total: number;
  limit: number;
  offset: number;
  items: OverdueClientDto[];
}

/** The rhythm rules of the business. */
export class RhythmSettingsValuesDto {
  /** Attended appointments (distinct days) before a rhythm is known. */
  minAppointments: number;
  /** The usual interval is the median of at most this many latest intervals. */
  maxIntervals: number;
  /** Overdue once days since the last appointment exceed the interval times this... */
  tolerance: number;
  /** ...and at least this many days past the interval. */
  minSlackDays: number;
  /** Gone (off the overdue list) once days since the last exceed the interval times this. */
  goneFactor: number;
}
