// Deterministic job ids (STYLE.md rule 6): duplicates collapse in Redis while a job exists.

/** One plan per schedule window, however many workers tick. */
export const syncPlanJobId = (window: string) => `sync-plan:${window}`;

/** One scheduled sync per business and window. */
export const syncWindowJobId = (businessId: string, window: string) => `sync:mindbody:${businessId}:${window}`;

/** At most one on-demand (manual or stale) sync waits per business. */
export const syncPendingJobId = (businessId: string) => `sync:mindbody:${businessId}:pending`;

/** The schedule window of a tick: its minute, so ticks of one cron firing on N workers agree. */
export function scheduleWindow(at: Date): string {
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000).toISOString();
}

// Scheduled jobs stay a day after completing, so a late duplicate tick still collapses.
export const KEEP_SCHEDULED = { age: 24 * 3600 };
