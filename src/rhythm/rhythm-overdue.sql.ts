/**
 * "Overdue today" over a client_rhythm row `r`, given SQL for the business-local today: what the
 * overdue list, the categories' counts and the segment condition "overdue for reconnect" all mean.
 * `listed` (set when the row was written: no future booking in the category, not yet gone) keeps
 * the booked and the gone out of the partial indexes; the days decide the rest. due_on < today
 * follows from overdue_from <= today (the slack is never negative) and bounds the index range.
 */
export function overdueTodaySql(r: string, today: string): string {
  return `${r}.listed AND ${r}.due_on < ${today} AND ${r}.overdue_from <= ${today} AND ${r}.gone_from > ${today}`;
}

/** Whole days past the usual interval: today - last appointment - ceil(usual interval). */
export function daysOverdueSql(r: string, today: string): string {
  return `(${today} - ${r}.due_on)`;
}
