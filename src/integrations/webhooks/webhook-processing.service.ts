import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IngestBatch, IngestService, IngestTransaction, LOAD_ORDER } from '../../clients';
import { ConnectionRepository } from '../connections/connection.repository';
import { EventInboxRepository, InboxRow } from './event-inbox.repository';
import { MapContext } from './webhook-connector';
import { WEBHOOK_CONNECTORS } from './webhook-connectors';

const DRAIN_BATCH = 500;
const MAX_BATCHES_PER_DRAIN = 20;

interface Origin {
  row: number;
  index: number;
}

/** A merged batch: the records of many events for one entity, each remembering its event. */
interface MergedBatch {
  source: string;
  batch: IngestBatch;
  origins: Origin[];
}

interface DrainResult {
  processed: number;
  written: number;
  ignored: number;
  invalid: number;
  failed: number;
}

/**
 * Turns stored inbox rows into canonical writes, many events per transaction: the rows are
 * locked, mapped, written as merged set-based batches and marked processed in one commit,
 * so an event is applied exactly once however often its job runs. A batch that fails is
 * retried event by event, so one poisonous event cannot hold back the others.
 */
@Injectable()
export class WebhookProcessingService {
  private readonly logger = new Logger(WebhookProcessingService.name);

  constructor(
    private readonly ds: DataSource,
    private readonly inbox: EventInboxRepository,
    private readonly ingest: IngestService,
    private readonly connections: ConnectionRepository,
  ) {}

  async drain(businessId: string): Promise<DrainResult> {
    const total: DrainResult = { processed: 0, written: 0, ignored: 0, invalid: 0, failed: 0 };
    const timezone = await this.inbox.timezoneOf(businessId);
    if (!timezone) return total;
    const contexts = new Map<string, { map: MapContext; recordSource: string }>();
    for (let i = 0; i < MAX_BATCHES_PER_DRAIN; i++) {
      const r = await this.drainOnce(businessId, timezone, contexts);
      (Object.keys(total) as Array<keyof DrainResult>).forEach((k) => (total[k] += r[k]));
      if (r.processed + r.failed < DRAIN_BATCH) break;
    }
    if (total.processed) this.logger.debug(`business ${businessId}: processed ${total.processed} event(s)`);
    return total;
  }

  private async drainOnce(businessId: string, timezone: string, contexts: Map<string, { map: MapContext; recordSource: string }>): Promise<DrainResult> {
    try {
      return await this.ingest.transaction(businessId, async (tx) => this.processLocked(tx, businessId, timezone, contexts, await this.inbox.lockBatch(tx.manager, businessId, DRAIN_BATCH)));
    } catch (e) {
      this.logger.warn(`business ${businessId}: batch failed (${(e as Error).message}); retrying event by event`);
      return this.drainOneByOne(businessId, timezone, contexts);
    }
  }

  private async drainOneByOne(businessId: string, timezone: string, contexts: Map<string, { map: MapContext; recordSource: string }>): Promise<DrainResult> {
    const total: DrainResult = { processed: 0, written: 0, ignored: 0, invalid: 0, failed: 0 };
    const ids: string[] = await this.ds
      .query(`SELECT id::text AS id FROM event_inbox WHERE business_id = $1 AND processed_at IS NULL AND signature_ok ORDER BY id LIMIT $2`, [businessId, DRAIN_BATCH])
      .then((rows: Array<{ id: string }>) => rows.map((r) => r.id));
    for (const id of ids) {
      try {
        const result = await this.ingest.transaction(businessId, async (tx) => this.processLocked(tx, businessId, timezone, contexts, await this.inbox.lockBatch(tx.manager, businessId, 1, id)));
        (Object.keys(total) as Array<keyof DrainResult>).forEach((k) => (total[k] += result[k]));
      } catch (e) {
        total.failed++;
        await this.inbox.recordFailure(id, (e as Error).message);
      }
    }
    return total;
  }

  private async processLocked(tx: IngestTransaction, businessId: string, timezone: string, contexts: Map<string, { map: MapContext; recordSource: string }>, rows: InboxRow[]): Promise<DrainResult> {
    const result: DrainResult = { processed: rows.length, written: 0, ignored: 0, invalid: 0, failed: 0 };
    const notes: Array<string | null> = rows.map(() => null);
    const merged = new Map<string, MergedBatch>();

    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      const connector = WEBHOOK_CONNECTORS.get(row.source);
      if (!connector) {
        notes[r] = `ignored: no connector for ${row.source}`;
        result.ignored++;
        continue;
      }
      const ctx = await this.context(businessId, row.source, timezone, contexts);
      const mapped = connector.map({ externalEventId: row.externalEventId, eventType: row.eventType, payload: row.payload }, ctx.map);
      if (mapped.kind !== 'mapped') {
        notes[r] = `${mapped.kind}: ${mapped.reason}`;
        result[mapped.kind]++;
        continue;
      }
      result.written++;
      for (const batch of mapped.batches) {
        // full records and update-only changes of one entity are written as separate batches
        const key = `${ctx.recordSource}\u0000${batch.entity}\u0000${batch.updateOnly ? 'update' : 'upsert'}`;
        let mb = merged.get(key);
        if (!mb) {
          merged.set(key, (mb = { source: ctx.recordSource, batch: { entity: batch.entity, records: [], updateOnly: batch.updateOnly }, origins: [] }));
        }
        batch.records.forEach((rec, index) => {
          mb!.batch.records.push(rec);
          mb!.origins.push({ row: r, index });
        });
      }
    }

    // refs point backwards in LOAD_ORDER, so writing entities in that order resolves them;
    // within an entity, upserts go first so a change can land on a row created in this drain
    const rank = (mb: MergedBatch) => LOAD_ORDER.indexOf(mb.batch.entity) * 2 + (mb.batch.updateOnly ? 1 : 0);
    const ordered = [...merged.values()].sort((a, b) => rank(a) - rank(b));
    for (const mb of ordered) {
      const [res] = await tx.write(mb.source, [mb.batch], { mode: 'lenient' });
      for (const rej of res.rejected) {
        const origin = mb.origins[rej.index];
        const note = `rejected: ${mb.batch.entity}[${origin.index}].${rej.field}: ${rej.reason}`;
        notes[origin.row] = notes[origin.row] ? `${notes[origin.row]}; ${note}` : note;
      }
    }
    if (rows.length)
      await this.inbox.markProcessed(
        tx.manager,
        rows.map((x) => x.id),
        notes,
      );
    return result;
  }

  // Connection settings per source, read once per drain. The generic webhook may store
  // records under the integrator's own source name (e.g. hapana).
  private async context(businessId: string, source: string, timezone: string, cache: Map<string, { map: MapContext; recordSource: string }>): Promise<{ map: MapContext; recordSource: string }> {
    let ctx = cache.get(source);
    if (!ctx) {
      const c = await this.connections.find(businessId, source);
      const config = c?.config ?? {};
      const recordSource = source === 'generic' && typeof config.recordSource === 'string' ? config.recordSource : source;
      cache.set(source, (ctx = { map: { timezone, config }, recordSource }));
    }
    return ctx;
  }
}
