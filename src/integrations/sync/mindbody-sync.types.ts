import { IngestBatch } from '../../clients';
import { MindbodyApiClientOptions } from '../mindbody/mindbody-api.client';

/** Data kinds in the order a run syncs them: references point backwards. */
export const MINDBODY_KINDS = ['locations', 'clients', 'contracts', 'classes', 'appointments', 'sales'] as const;
export type MindbodyKind = (typeof MINDBODY_KINDS)[number];

export const MINDBODY = 'mindbody';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** Page sizes and windows; run() takes overrides (tests use tiny pages). */
export interface SyncTuning {
  /** Limit of list calls; Mindbody's maximum is 200. */
  pageSize: number;
  /** Classes per committed page: each costs one classvisits call. */
  classPageSize: number;
  /** Clients per committed contracts page: each costs at least one call. */
  contractClientBatch: number;
  /** How far back windowed kinds reach on the first run. */
  initialLookbackMs: number;
  /** Re-read of classes and appointments before the last run (late sign-ins, no-shows). */
  bookingLookbackMs: number;
  /** Future classes and appointments (bookings) read each run. */
  bookingHorizonMs: number;
  /** Re-read of sales before the last run's end. */
  salesOverlapMs: number;
  /**
   * Subtracted from a client walk's start to form the next modifiedSince. A day, because
   * Mindbody may read LastModifiedDate as site-local time rather than UTC (up to 14 h apart).
   */
  clientsOverlapMs: number;
  /** Contracts of every client are re-read this often (there is no change feed for terminations). */
  contractsFullPassMs: number;
}

export const DEFAULT_TUNING: SyncTuning = {
  pageSize: 200,
  classPageSize: 50,
  contractClientBatch: 50,
  initialLookbackMs: 30 * DAY,
  bookingLookbackMs: 2 * DAY,
  bookingHorizonMs: 14 * DAY,
  salesOverlapMs: DAY,
  clientsOverlapMs: DAY,
  contractsFullPassMs: 7 * DAY,
};

export interface RunOptions {
  tuning?: Partial<SyncTuning>;
  /** The clock for Mindbody-facing windows (tests pin it to their data set). */
  now?: Date;
  /** Passed to MindbodyApiClient (tests: sleep, backoffBaseMs, maxRetries). */
  client?: Partial<Pick<MindbodyApiClientOptions, 'fetchImpl' | 'maxRetries' | 'sleep' | 'backoffBaseMs' | 'backoffMaxMs' | 'random'>>;
  /** Kinds that succeeded after this instant are not run again (a retried job resumes where it failed). */
  skipKindsSucceededAfter?: Date;
}

export type SyncRunResult = { status: 'ok'; records: Partial<Record<MindbodyKind, number>>; skippedKinds: MindbodyKind[] } | { status: 'skipped'; reason: 'locked' | 'not_connected' };

// Cursors, stored as sync_state.cursor (docs/sync.md). Instants are ISO UTC strings.
export interface OffsetCursor {
  offset: number;
}
export interface ClientsCursor {
  /** LastModifiedDate of the walk; null = everything (first run). */
  modifiedSince: string | null;
  offset: number;
  /** Set while a walk is in progress; the next modifiedSince derives from it. */
  walkStartedAt: string | null;
}
export interface ContractsCursor {
  /** Re-read contracts of clients whose row changed at or after this (DB clock); null = all. */
  since: string | null;
  /** Set while a pass is in progress (DB clock). */
  passStartedAt: string | null;
  /** Keyset position over client.id within the pass. */
  afterId: string;
  full: boolean;
  lastFullPassAt: string | null;
}
export interface WindowCursor {
  /** Set while a walk is in progress. */
  windowStart: string | null;
  windowEnd: string | null;
  offset: number;
  /** The next walk's window start (previous walk's anchor minus the look-back). */
  nextWindowStart: string | null;
}

/** Merges per-entity batches, keeping the order of first appearance (refs point backwards). */
export function mergeBatches(groups: IngestBatch[][]): IngestBatch[] {
  const byEntity = new Map<string, IngestBatch>();
  for (const group of groups) {
    for (const b of group) {
      const into = byEntity.get(b.entity);
      if (into) into.records.push(...b.records);
      else byEntity.set(b.entity, { entity: b.entity, records: [...b.records] });
    }
  }
  return [...byEntity.values()].filter((b) => b.records.length > 0);
}

/** An instant as the site's wall-clock time, YYYY-MM-DDTHH:mm:ss (how Mindbody reads date filters). */
export function siteLocal(iso: string, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}`;
}

export const shiftIso = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();
