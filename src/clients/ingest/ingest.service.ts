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
 * The one entry point for writing canonical data. `ingest` writes batches (in the order given:
 * refs point backwards) in one transaction and publishes what changed after the commit.
 * Callers that own a transaction use `writeWithin` and `publish` themselves.
 */
@Injectable()
export class IngestService {
  constructor(
    private readonly ds: DataSource,
    private readonly publisher: IngestEventsPublisher,
  ) {}

  async ingest(businessId: string, source: string, batches: IngestBatch[], opts: WriteOptions): Promise<IngestOutcome> {
    const results = await withDeadlockRetry(() => this.ds.transaction((m) => this.writeWithin(m, businessId, source, batches, opts)));
    const changes = mergeChanges(results);
    await this.publish(businessId, source, changes);
    return { results, changes };
  }

  async writeWithin(m: EntityManager, businessId: string, source: string, batches: IngestBatch[], opts: WriteOptions): Promise<WriteResult[]> {
    const writer = new CanonicalWriter(m);
    const out: WriteResult[] = [];
    for (const batch of batches) out.push(await writer.write(businessId, source, batch, opts));
    return out;
  }

  publish(businessId: string, source: string, changes: ClientChange[]): Promise<void> {
    return this.publisher.publish(businessId, source, changes);
  }
}

/** Re-runs fn on deadlock / serialization failure: concurrent batches may touch the same clients. */
export async function withDeadlockRetry<T>(fn: () => Promise<T>): Promise<T> {
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
