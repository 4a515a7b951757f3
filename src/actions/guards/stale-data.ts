// The stale-data hold (actions.md): automated sends of a business whose booking-system data is
// older than the setting are held, and the hold lifts itself once fresh data arrives.

export interface DataFreshness {
  /** The business has a connected booking system (webhooks or sync). */
  connected: boolean;
  /** Latest successful sync run or verified webhook. */
  lastDataAt: Date | null;
}

/**
 * True when automated sends must wait. A business without a connected source (data only
 * through the import API) has no freshness signal and is never held; a connected one that
 * never delivered anything is.
 */
export function isDataStale(f: DataFreshness, now: Date, holdHours: number | null): boolean {
  if (holdHours === null || !f.connected) return false;
  if (!f.lastDataAt) return true;
  return now.getTime() - f.lastDataAt.getTime() > holdHours * 3_600_000;
}
