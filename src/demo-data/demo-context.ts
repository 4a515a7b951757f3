import { DemoRandom } from './demo-random';

// Everything the SQL builders need. Dates are validated YYYY-MM-DD strings and counts are
// validated integers, so they are inlined as typed literals (the planner folds them); the
// business id and time zone always travel as bound parameters $1 and $2.
export interface DemoContext {
  r: DemoRandom;
  clients: number;
  /** Client indexes [from, to) this statement set covers; each connection of the load gets one range. */
  from: number;
  to: number;
  /** First day of the history window (today minus `months`). */
  start: string;
  /** Monday of the week containing `start`: week index 0. */
  week0: string;
  today: string;
  /** Last day future bookings are generated for. */
  horizon: string;
  /** Weeks from week0 through the horizon's week; sizes the booking id space. */
  weeks: number;
  /** Reserved identity bases (see demo-bulk.ts reserveIds). */
  clientBase: string;
  subscriptionBase: string;
  bookingBase: string;
}

export const date = (d: string): string => `'${d}'::date`;

// A client's draws use key = client index; a week's use client * 1024 + week; a day's use
// week key * 8 + slot. 1024 weeks (~19 years) bounds the history window.
export const MAX_WEEKS = 1024;
export const SUBSCRIPTION_SLOTS = 8;
export const BOOKING_SLOTS = 8;
