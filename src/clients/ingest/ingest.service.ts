import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CanonicalWriter } from './canonical-writer';
import { IngestEventsPublisher } from './ingest-events.publisher';
import { ClientChange, IngestBatch, WriteOptions, WriteResult } from './ingest.types';

const RETRYABLE = new Set(['40P01', '40001']); // deadlock, serialization failure
const MAX_TRIES = 4;

export interface IngestOutcome {
  results: WriteResult[];
  changes: ClientChange[];
}

/**
 * Writes batches (in the order given: refs point backwards) in one transaction, then
 * publishes what changed. `within` runs in the same transaction, e.g. marking an inbox row
 * processed, so processing and its bookkeeping commit together or not at all.
 */
@Injectable()
export class IngestService {
  constructor(
    private readonly ds: DataSource,
    private readonly publisher: IngestEventsPublisher,
  ) {}

  async ingest(
    businessId: string,
    source: string,
    batches: IngestBatch[],
    opts: WriteOptions,
    within?: (m: EntityManager, results: WriteResult[]) => Promise<void>,
  ): Promise<IngestOutcome> {
    const results = await this.withRetry(() =>
      this.ds.transaction(async (m) => {
        const writer = new CanonicalWriter(m);
        const out: WriteResult[] = [];
        for (const batch of batches) out.push(await writer.write(businessId, source, batch, opts));
        if (within) await within(m, out);
        return out;
      }),
    );
    const changes = mergeChanges(results);
    await this.publisher.publish(businessId, source, changes);
    return { results, changes };
  }

  private async withRetry<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (e) {
        const code = (e as { code?: string }).code;
        if (!code || !RETRYABLE.has(code) || attempt >= MAX_TRIES) throw e;
        await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 30));
      }
    }
  }
}

export function mergeChanges(results: WriteResult[]): ClientChange[] {
  const byClient = new Map<string, Set<ClientChange['kinds'][number]>>();
  for (const r of results) {
    for (const c of r.changes) {
      let kinds = byClient.get(c.clientId);
      if (!kinds) byClient.set(c.clientId, (kinds = new Set()));
      c.kinds.forEach((k) => kinds!.add(k));
    }
  }
  return [...byClient].map(([clientId, kinds]) => ({ clientId, kinds: [...kinds] }));
}
