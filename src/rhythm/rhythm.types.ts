/** The per-business rules of rhythm (docs/rhythm.md); every number is a setting. */
export interface RhythmSettings {
  /** attended days in a category before a rhythm is known (3 = 2 intervals) */
  minAppointments: number;
  /** the usual interval is the median of at most this many of the latest intervals */
  maxIntervals: number;
  /** overdue once days since the last appointment > interval x tolerance ... */
  tolerance: number;
  /** ... and at least this many days past the interval */
  minSlackDays: number;
  /** gone (off the overdue list) once days since the last > interval x this */
  goneFactor: number;
}

export const RHYTHM_DEFAULTS: Readonly<RhythmSettings> = { minAppointments: 3, maxIntervals: 6, tolerance: 1.25, minSlackDays: 7, goneFactor: 4 };

/** Bounds shared by the DTO and the table's CHECKs (migrations/1766100000000-ClientRhythm.ts). */
export const RHYTHM_BOUNDS = {
  minAppointments: [2, 50],
  maxIntervals: [1, 50],
  tolerance: [1, 10],
  minSlackDays: [0, 365],
  goneFactor: [1, 50],
} as const satisfies Record<keyof RhythmSettings, readonly [number, number]>;

export const OVERDUE_SORTS = ['days_overdue', 'last_appointment', 'name', 'usual_interval'] as const;
export type OverdueSort = (typeof OVERDUE_SORTS)[number];

export interface CategoryCount {
  serviceCategory: string;
  /** clients overdue in the category today */
  overdue: number;
  /** clients whose rhythm in the category is known */
  known: number;
}

export interface OverdueClientRow {
  clientId: string;
  name: string;
  serviceCategory: string;
  /** the business-local day of the last attended appointment in the category */
  lastAppointmentOn: string;
  usualIntervalDays: number;
  /** whole days past the usual interval: today - last appointment - ceil(usual interval) */
  daysOverdue: number;
}

export interface OverdueQuery {
  serviceCategory?: string;
  sort?: OverdueSort;
  order?: 'asc' | 'desc';
  limit: number;
  offset: number;
}

export interface OverdueTarget {
  clientId: string;
  serviceCategory: string;
  usualIntervalDays: number;
}
