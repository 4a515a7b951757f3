import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Anything that runs a query: the DataSource, or an EntityManager inside a transaction. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<any>;
}

export interface SyncStateRow {
  provider: string;
  kind: string;
  cursor: Record<string, unknown> | null;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastSuccessAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  recordsUpserted: number;
}

/** The pseudo-kind whose row records a whole run (start, finish, success, error). */
export const RUN_KIND = 'run';

const MAX_ERROR_CHARS = 2000;

const COLUMNS = `provider, kind, cursor, last_started_at AS "lastStartedAt", last_finished_at AS "lastFinishedAt",
  last_success_at AS "lastSuccessAt", last_error AS "lastError", last_error_at AS "lastErrorAt",
  records_upserted::float8 AS "recordsUpserted"`;

/** sync_state rows: one per business, provider and kind, plus one per run (kind 'run'). */
@Injectable()
export class SyncStateRepository {
  constructor(private readonly ds: DataSource) {}

  async get(businessId: string, provider: string, kind: string): Promise<SyncStateRow | undefined> {
    const [row] = await this.ds.query(`SELECT ${COLUMNS} FROM sync_state WHERE business_id = $1 AND provider = $2 AND kind = $3`, [businessId, provider, kind]);
    return row;
  }

  async listForBusiness(businessId: string): Promise<SyncStateRow[]> {
    return this.ds.query(`SELECT ${COLUMNS} FROM sync_state WHERE business_id = $1 ORDER BY provider, kind`, [businessId]);
  }

  /** Last successful whole run per provider. */
  async lastRunSuccess(businessId: string, provider: string): Promise<Date | null> {
    const row = await this.get(businessId, provider, RUN_KIND);
    return row?.lastSuccessAt ?? null;
  }

  async start(businessId: string, provider: string, kind: string): Promise<void> {
    await this.ds.query(
      `INSERT INTO sync_state (business_id, provider, kind, last_started_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (business_id, provider, kind) DO UPDATE SET last_started_at = now()`,
      [businessId, provider, kind],
    );
  }

  /**
   * After a committed page: the cursor to resume from, and how many rows it changed. Pass the
   * ingest transaction's manager as q so page and cursor commit together.
   */
  async savePage(businessId: string, provider: string, kind: string, cursor: object, records: number, q: Queryable = this.ds): Promise<void> {
    await q.query(
      `INSERT INTO sync_state (business_id, provider, kind, cursor, records_upserted) VALUES ($1, $2, $3, $4::jsonb, $5)
       ON CONFLICT (business_id, provider, kind)
       DO UPDATE SET cursor = EXCLUDED.cursor, records_upserted = sync_state.records_upserted + EXCLUDED.records_upserted`,
      [businessId, provider, kind, JSON.stringify(cursor), records],
    );
  }

  // The last error stays for history; lastErrorAt < lastSuccessAt tells it was recovered.
  async finishOk(businessId: string, provider: string, kind: string): Promise<void> {
    await this.ds.query(
      `INSERT INTO sync_state (business_id, provider, kind, last_finished_at, last_success_at) VALUES ($1, $2, $3, now(), now())
       ON CONFLICT (business_id, provider, kind) DO UPDATE SET last_finished_at = now(), last_success_at = now()`,
      [businessId, provider, kind],
    );
  }

  async finishFailed(businessId: string, provider: string, kind: string, error: string): Promise<void> {
    await this.ds.query(
      `INSERT INTO sync_state (business_id, provider, kind, last_finished_at, last_error, last_error_at) VALUES ($1, $2, $3, now(), $4, now())
       ON CONFLICT (business_id, provider, kind) DO UPDATE SET last_finished_at = now(), last_error = EXCLUDED.last_error, last_error_at = now()`,
      [businessId, provider, kind, error.slice(0, MAX_ERROR_CHARS)],
    );
  }

  /** The database clock, so comparisons with updated_at columns never mix clocks. */
  async dbNow(): Promise<string> {
    const [{ now }] = await this.ds.query(`SELECT clock_timestamp() AS now`);
    return (now as Date).toISOString();
  }
}
