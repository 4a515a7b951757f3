import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CanonicalWriter } from './canonical-writer';
import { IngestEventsPublisher } from './ingest-events.publisher';
import { ClientChange, IngestBatch, WriteOptions, WriteResult } from './ingest.types';

const RETRYABLE = new Set(['40P01', '40001']); // deadlock, serialization failure
const MAX_TRIES = 4;

interface IngestOutcome {
  results: WriteResult[];
  changes: ClientChange[];
}

/** One ingest transaction: canonical writes, plus the caller's own statements on `manager`. */
export interface IngestTransaction {
  /** For the caller's statements that must commit with the data (inbox rows, a sync cursor). */
  readonly manager: EntityManager;
  /** Writes batches (in the order given: refs point backwards) under `source`. */
  write(source: string, batches: IngestBatch[], opts: WriteOptions): Promise<WriteResult[]>;
}

/**
 * The one entry point for writing canonical data. The clients module owns the transaction:
 * `ingest` writes batches in one, `transaction` lets a caller add its own statements to one
 * (the webhook drain marks its inbox rows, the sync saves its cursor); both retry on deadlock
 * and publish what changed (clients.changed, per source) only after the commit.
 */
@Injectable()
export class IngestService {
  constructor(
    private readonly ds: DataSource,
    private readonly publisher: IngestEventsPublisher,
  ) {}

  async ingest(businessId: string, source: string, batches: IngestBatch[], opts: WriteOptions): Promise<IngestOutcome> {
    const results = await this.transaction(businessId, (tx) => tx.write(source, batches, opts));
    return { results, changes: mergeChanges(results) };
  }

  async transaction<T>(businessId: string, work: (tx: IngestTransaction) => Promise<T>): Promise<T> {
    let written = new Map<string, WriteResult[]>();
    const out = await withDeadlockRetry(() => {
      // a retried attempt starts over: only the committed attempt's changes are published
      written = new Map();
      return this.ds.transaction((manager) => {
        const writer = new CanonicalWriter(manager);
        return work({
          manager,
          write: async (source, batches, opts) => {
            const results: WriteResult[] = [];
            for (const batch of batches) results.push(await writer.write(businessId, source, batch, opts));
            written.set(source, [...(written.get(source) ?? []), ...results]);
            return results;
          },
        });
      });
    });
    for (const [source, results] of written) await this.publisher.publish(businessId, source, mergeChanges(results));
    return out;
  }
}

/** Re-runs fn on deadlock / serialization failure: concurrent batches may touch the same clients. */
async function withDeadlockRetry<T>(fn: () => Promise<T>): Promise<T> {
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

function mergeChanges(results: WriteResult[]): ClientChange[] {
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
