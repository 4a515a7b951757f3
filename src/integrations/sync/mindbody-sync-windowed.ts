import { IngestBatch } from '../../clients';
import { MbPage } from '../mindbody/mindbody-api.client';
import { mapAppointments, mapSales, mapVisits } from '../mindbody/mindbody-api.mapper';
import { MindbodySyncContext } from './mindbody-sync.context';
import { MindbodyKind, mergeBatches, shiftIso, siteLocal, WindowCursor } from './mindbody-sync.types';

// Kinds read by date window, not by change: classes (+ rosters), appointments, sales. A walk
// covers [previous walk's anchor - look-back, anchor + horizon], offset by offset; the cursor
// keeps the window so an interrupted walk resumes on the same window at the next page.

interface WindowSpec<T> {
  kind: MindbodyKind;
  lookbackMs: number;
  horizonMs: number;
  limit: number;
  fetch(ctx: MindbodySyncContext, range: { start: string; end: string }, offset: number, limit: number): Promise<MbPage<T>>;
  toBatches(ctx: MindbodySyncContext, items: T[]): Promise<IngestBatch[]>;
}

async function walkWindow<T>(ctx: MindbodySyncContext, spec: WindowSpec<T>, stored: Partial<WindowCursor> | null): Promise<number> {
  const anchor = ctx.nowIso;
  const cursor: WindowCursor =
    stored?.windowStart && stored.windowEnd
      ? { windowStart: stored.windowStart, windowEnd: stored.windowEnd, offset: stored.offset ?? 0, nextWindowStart: stored.nextWindowStart ?? null }
      : {
          windowStart: stored?.nextWindowStart ?? shiftIso(anchor, -ctx.tuning.initialLookbackMs),
          windowEnd: shiftIso(anchor, spec.horizonMs),
          offset: 0,
          nextWindowStart: stored?.nextWindowStart ?? null,
        };
  // The window end minus the horizon is the anchor the walk began with.
  const walkAnchor = shiftIso(cursor.windowEnd!, -spec.horizonMs);
  const range = { start: siteLocal(cursor.windowStart!, ctx.timezone), end: siteLocal(cursor.windowEnd!, ctx.timezone) };
  let changed = 0;
  for (;;) {
    const page = await spec.fetch(ctx, range, cursor.offset, spec.limit);
    const next: WindowCursor =
      page.nextOffset === null ? { windowStart: null, windowEnd: null, offset: 0, nextWindowStart: shiftIso(walkAnchor, -spec.lookbackMs) } : { ...cursor, offset: page.nextOffset };
    changed += await ctx.commitPage(spec.kind, await spec.toBatches(ctx, page.items), next);
    if (page.nextOffset === null) return changed;
    Object.assign(cursor, next);
  }
}

/** Classes in the window, then each class's roster: bookings, and visits for sign-ins. */
export function syncClasses(ctx: MindbodySyncContext, stored: Partial<WindowCursor> | null): Promise<number> {
  return walkWindow(
    ctx,
    {
      kind: 'classes',
      lookbackMs: ctx.tuning.bookingLookbackMs,
      horizonMs: ctx.tuning.bookingHorizonMs,
      limit: ctx.tuning.classPageSize,
      fetch: (c, r, offset, limit) => c.api.getClasses({ startDateTime: r.start, endDateTime: r.end, offset, limit }),
      async toBatches(c, classes) {
        const groups: IngestBatch[][] = [];
        // Full rosters, not LastModifiedDate-filtered: a booking made weeks ahead was last
        // modified before the class entered the window and would otherwise never arrive.
        for (const cls of classes) {
          const { class: full, visits } = await c.api.getClassVisits({ classId: cls.Id });
          groups.push(await c.mapWithClients((resolve) => mapVisits(visits, resolve, { ...cls, ...full })));
        }
        return mergeBatches(groups);
      },
    },
    stored,
  );
}

/** All staff's appointments in the window: bookings, and visits once arrived or completed. */
export function syncAppointments(ctx: MindbodySyncContext, stored: Partial<WindowCursor> | null): Promise<number> {
  return walkWindow(
    ctx,
    {
      kind: 'appointments',
      lookbackMs: ctx.tuning.bookingLookbackMs,
      horizonMs: ctx.tuning.bookingHorizonMs,
      limit: ctx.tuning.pageSize,
      fetch: (c, r, offset, limit) => c.api.getStaffAppointments({ startDate: r.start, endDate: r.end, offset, limit }),
      toBatches: (c, items) => c.mapWithClients((resolve) => mapAppointments(items, resolve)),
    },
    stored,
  );
}

/** Sales up to now (immutable once written; returns arrive as new lines). */
export function syncSales(ctx: MindbodySyncContext, stored: Partial<WindowCursor> | null): Promise<number> {
  return walkWindow(
    ctx,
    {
      kind: 'sales',
      lookbackMs: ctx.tuning.salesOverlapMs,
      horizonMs: 0,
      limit: ctx.tuning.pageSize,
      fetch: (c, r, offset, limit) => c.api.getSales({ startSaleDateTime: r.start, endSaleDateTime: r.end, offset, limit }),
      toBatches: (c, items) => c.mapWithClients((resolve) => mapSales(items, resolve)),
    },
    stored,
  );
}
