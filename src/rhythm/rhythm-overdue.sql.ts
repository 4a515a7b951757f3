/**
 * "Overdue today" over a client_rhythm row `r`, given SQL for the business-local today: what the
 * overdue list, the categories' counts and the segment condition "overdue for reconnect" all mean.
 * The listed flag (no future booking, not gone on the day it was computed) keeps the gone out of
 * the partial indexes; the dates decide.
 */
export function overdueTodaySql(r: string, today: string): string {
  return `${r}.listed AND NOT ${r}.has_future_booking AND ${r}.overdue_from <= ${today} AND ${r}.gone_from > ${today}`;
}

/** Whole days past the usual interval: today - last appointment - ceil(usual interval). */
export function daysOverdueSql(r: string, today: string): string {
  return `(${today} - ${r}.due_on)`;
}
