import { Logger } from '@nestjs/common';
import { IngestBatch } from '../../clients';
import { MindbodyApiError } from '../mindbody/mindbody-api.client';
import { mapClientContracts, mapClients, mapLocations } from '../mindbody/mindbody-api.mapper';
import { MbClientContract } from '../mindbody/mindbody-api.types';
import { MindbodySyncContext } from './mindbody-sync.context';
import { ClientsCursor, ContractsCursor, MINDBODY, OffsetCursor, shiftIso } from './mindbody-sync.types';

// Walkers of the non-windowed kinds. Each resumes from its stored cursor and commits the
// cursor with every page (MindbodySyncContext.commitPage). They return rows changed.

const logger = new Logger('MindbodySync');

/** A handful of rows: re-read in full every run. */
export async function syncLocations(ctx: MindbodySyncContext, stored: Partial<OffsetCursor> | null): Promise<number> {
  let offset = stored?.offset ?? 0;
  let changed = 0;
  for (;;) {
    const page = await ctx.api.getLocations({ offset, limit: ctx.tuning.pageSize });
    offset = page.nextOffset ?? 0;
    changed += await ctx.commitPage('locations', [mapLocations(page.items)], { offset });
    if (page.nextOffset === null) return changed;
  }
}

/**
 * Change feed: walk offsets with a fixed modifiedSince; only the last page moves
 * modifiedSince, to the walk's start minus an overlap, so an interrupted walk resumes with
 * the same filter and nothing modified during it is lost.
 */
export async function syncClients(ctx: MindbodySyncContext, stored: Partial<ClientsCursor> | null): Promise<number> {
  const cursor: ClientsCursor = {
    modifiedSince: stored?.modifiedSince ?? null,
    offset: stored?.walkStartedAt ? (stored.offset ?? 0) : 0,
    walkStartedAt: stored?.walkStartedAt ?? ctx.nowIso,
  };
  let changed = 0;
  for (;;) {
    const page = await ctx.api.getClients({
      offset: cursor.offset,
      limit: ctx.tuning.pageSize,
      modifiedSince: cursor.modifiedSince ?? undefined,
      includeInactive: true,
    });
    const next: ClientsCursor =
      page.nextOffset === null ? { modifiedSince: shiftIso(cursor.walkStartedAt!, -ctx.tuning.clientsOverlapMs), offset: 0, walkStartedAt: null } : { ...cursor, offset: page.nextOffset };
    changed += await ctx.commitPage('clients', [mapClients(page.items)], next);
    if (page.nextOffset === null) return changed;
    Object.assign(cursor, next);
  }
}

/**
 * No bulk or change feed for contracts: re-read the contracts of clients whose row changed
 * since the last pass (keyset over our client ids), and of every client on the first pass
 * and once a week (terminations don't always touch the client).
 */
export async function syncContracts(ctx: MindbodySyncContext, stored: Partial<ContractsCursor> | null): Promise<number> {
  const cursor: ContractsCursor = stored?.passStartedAt
    ? { since: null, afterId: '0', full: false, lastFullPassAt: null, ...stored, passStartedAt: stored.passStartedAt }
    : await newContractsPass(ctx, stored);
  let changed = 0;
  for (;;) {
    const clients: Array<{ id: string; ext: string; rssid: string }> = await ctx.ds.query(
      `SELECT id::text AS id, external_id AS ext, alt_external_id AS rssid FROM client
        WHERE business_id = $1 AND source = $2 AND alt_external_id IS NOT NULL AND id > $3::bigint
          AND ($4::boolean OR updated_at >= $5::timestamptz)
        ORDER BY id LIMIT $6`,
      [ctx.businessId, MINDBODY, cursor.afterId, cursor.full, cursor.since, ctx.tuning.contractClientBatch],
    );
    const batches: IngestBatch[] = [];
    for (const c of clients) batches.push(mapClientContracts(await contractsOf(ctx, c.rssid), c.ext));
    const last = clients.length < ctx.tuning.contractClientBatch;
    const next: ContractsCursor = last
      ? {
          since: cursor.passStartedAt,
          passStartedAt: null,
          afterId: '0',
          full: false,
          lastFullPassAt: cursor.full ? cursor.passStartedAt : cursor.lastFullPassAt,
        }
      : { ...cursor, afterId: clients[clients.length - 1].id };
    changed += await ctx.commitPage('contracts', batches, next);
    if (last) return changed;
    Object.assign(cursor, next);
  }
}

async function newContractsPass(ctx: MindbodySyncContext, prev: Partial<ContractsCursor> | null): Promise<ContractsCursor> {
  const passStartedAt = await ctx.dbNow();
  const lastFull = prev?.lastFullPassAt ?? null;
  const full = !prev?.since || !lastFull || Date.parse(passStartedAt) - Date.parse(lastFull) >= ctx.tuning.contractsFullPassMs;
  return { since: prev?.since ?? null, passStartedAt, afterId: '0', full, lastFullPassAt: lastFull };
}

async function contractsOf(ctx: MindbodySyncContext, rssid: string): Promise<MbClientContract[]> {
  const out: MbClientContract[] = [];
  let offset = 0;
  try {
    for (;;) {
      const page = await ctx.api.getClientContracts({ clientId: rssid, offset, limit: ctx.tuning.pageSize });
      out.push(...page.items);
      if (page.nextOffset === null) return out;
      offset = page.nextOffset;
    }
  } catch (e) {
    // One client Mindbody no longer knows (merged, RSSID edited) must not stall the pass.
    if (e instanceof MindbodyApiError && (e.status === 400 || e.status === 404)) {
      logger.warn(`business ${ctx.businessId}: contracts of client ${rssid} skipped: ${e.message}`);
      return out;
    }
    throw e;
  }
}
