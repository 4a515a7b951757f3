import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IngestBatch, IngestService, WriteResult } from '../../clients';
import { chunk } from '../../database/chunk';
import { MindbodyApiClient } from '../mindbody/mindbody-api.client';
import { clientResolver, indexClients, mapClients, MbClientResolver, MbMapResult } from '../mindbody/mindbody-api.mapper';
import { MbClient } from '../mindbody/mindbody-api.types';
import { MINDBODY, MindbodyKind, mergeBatches, SyncTuning } from './mindbody-sync.types';
import { SyncStateRepository } from './sync-state.repository';

const MAX_IDS_PER_LOOKUP = 20; // Mindbody's ClientIds limit

/** What one run's kind walkers share: the API, the clock, and the page commit. */
export class MindbodySyncContext {
  private readonly logger = new Logger('MindbodySync');

  constructor(
    readonly businessId: string,
    readonly timezone: string,
    readonly api: MindbodyApiClient,
    readonly now: Date,
    readonly tuning: SyncTuning,
    readonly ds: DataSource,
    private readonly state: SyncStateRepository,
    private readonly ingestService: IngestService,
  ) {}

  get nowIso(): string {
    return this.now.toISOString();
  }

  /** The database clock, for comparisons with our own updated_at columns. */
  dbNow(): Promise<string> {
    return this.state.dbNow();
  }

  /**
   * Writes one page and its cursor in one transaction: after a crash the run resumes at the
   * next page, and re-writing a page is harmless (upserts). Returns rows inserted or updated.
   */
  async commitPage(kind: MindbodyKind, batches: IngestBatch[], cursor: object): Promise<number> {
    const nonEmpty = batches.filter((b) => b.records.length > 0);
    if (!nonEmpty.length) {
      await this.state.savePage(this.businessId, MINDBODY, kind, cursor, 0);
      return 0;
    }
    const results = await this.ingestService.transaction(this.businessId, async (tx) => {
      const out = await tx.write(MINDBODY, nonEmpty, { mode: 'lenient' });
      await this.state.savePage(this.businessId, MINDBODY, kind, cursor, changedRows(out), tx.manager);
      return out;
    });
    const changed = changedRows(results);
    const rejected = results.reduce((n, r) => n + r.rejected.length, 0);
    if (rejected) {
      const first = results.flatMap((r) => r.rejected)[0];
      this.logger.warn(`business ${this.businessId} ${kind}: ${rejected} records rejected (e.g. ${first.field}: ${first.reason})`);
    }
    return changed;
  }

  /**
   * Maps rows that reference clients by RSSID. RSSIDs the mapper can't resolve are looked up
   * in our clients (alt_external_id), then fetched from Mindbody; fetched clients are written
   * first in the same page so the references land.
   */
  async mapWithClients(map: (resolve: MbClientResolver) => MbMapResult): Promise<IngestBatch[]> {
    const first = map(clientResolver());
    if (!first.unresolvedClientIds.length) return first.batches;
    const index = await this.knownRssids(first.unresolvedClientIds);
    const missing = first.unresolvedClientIds.filter((id) => !index.has(id));
    const fetched: MbClient[] = [];
    for (const ids of chunk(missing, MAX_IDS_PER_LOOKUP)) fetched.push(...(await this.api.getClientsByIds(ids)));
    indexClients(fetched, index);
    const second = map(clientResolver(index));
    if (second.unresolvedClientIds.length) {
      this.logger.warn(`business ${this.businessId}: ${second.unresolvedClientIds.length} Mindbody client ids not found; their rows were skipped`);
    }
    return mergeBatches([fetched.length ? [mapClients(fetched)] : [], second.batches]);
  }

  /** RSSID -> client externalId for the clients we already have. */
  private async knownRssids(rssids: string[]): Promise<Map<string, string>> {
    const rows: Array<{ alt: string; ext: string }> = await this.ds.query(
      `SELECT alt_external_id AS alt, external_id AS ext FROM client
        WHERE business_id = $1 AND source = $2 AND alt_external_id = ANY($3)
          AND NOT (is_stub AND starts_with(external_id, 'alt:'))`, // a placeholder: fetch the real client, which absorbs it
      [this.businessId, MINDBODY, rssids],
    );
    return new Map(rows.map((r) => [r.alt, r.ext]));
  }
}

const changedRows = (results: WriteResult[]) => results.reduce((n, r) => n + r.inserted + r.updated, 0);
