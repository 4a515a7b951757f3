import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Queryable } from '../../database/modified-rows';
import { lockPhasesShared } from '../entries/phase-lock';
import { AUTO_LOST_SQL, CANCELLED_CLIENTS_SQL, createEntriesSql, REGAINED_SQL, SOURCE_KINDS, SourceKind, WITHDRAWN_SQL } from './recovery-intake.sql';

export interface CreatedEntry {
  entryId: string;
  clientId: string;
  sourceKind: SourceKind;
}

export interface IntakeResult {
  created: CreatedEntry[];
  withdrawn: number;
  regained: number;
  lost: number;
}

export interface IntakeOptions {
  /** The clients to look at; null: the whole business. */
  clientIds: string[] | null;
  /** The sources that may enter (record existing: cancellations only). */
  kinds?: readonly SourceKind[];
  /** Automatic Lost after N days: the daily pass only. */
  autoLost?: boolean;
  /** Withdrawn and regained first (default); record existing only creates. */
  outcomes?: boolean;
  now?: Date;
}

const ALL = createEntriesSql(SOURCE_KINDS);
const CANCELLATIONS = createEntriesSql(['cancellation']);

/**
 * One intake pass in one transaction: outcomes first (a withdrawn cancellation, a regained
 * member, entries past the automatic Lost), then the new entries. Each step is one statement for
 * the whole scope, never one per client.
 */
@Injectable()
export class RecoveryIntakeRepository {
  constructor(private readonly ds: DataSource) {}

  async run(businessId: string, opts: IntakeOptions): Promise<IntakeResult> {
    const now = opts.now ?? new Date();
    const kinds = opts.kinds ?? SOURCE_KINDS;
    const params = [businessId, now, opts.clientIds];
    return this.ds.transaction(async (tx) => {
      // first, before any entry is read or placed: an activation (exclusive) waits for this pass,
      // or this pass waits for it and then reads the new active group's first phase
      await lockPhasesShared(tx, businessId);
      const outcomes = opts.outcomes ?? true;
      const withdrawn = outcomes ? await count(tx, WITHDRAWN_SQL, params) : 0;
      const regained = outcomes ? await count(tx, REGAINED_SQL, params) : 0;
      const lost = opts.autoLost ? await count(tx, AUTO_LOST_SQL, params) : 0;
      const sql = kinds.length === SOURCE_KINDS.length ? ALL : kinds.length === 1 && kinds[0] === 'cancellation' ? CANCELLATIONS : createEntriesSql(kinds);
      const created: CreatedEntry[] = await tx.query(sql, params);
      return { created, withdrawn, regained, lost };
    });
  }

  /** Clients with a cancelled subscription still running (record existing walks them in batches). */
  async cancelledClients(businessId: string, now = new Date()): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.ds.query(CANCELLED_CLIENTS_SQL, [businessId, now]);
    return rows.map((r) => r.id);
  }

  /** Businesses the daily pass visits: those with subscriptions or quotas or open entries. */
  async businessIds(): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.ds.query(
      `SELECT b.id::text AS id FROM business b
        WHERE EXISTS (SELECT 1 FROM subscription s WHERE s.business_id = b.id)
           OR EXISTS (SELECT 1 FROM quota q WHERE q.business_id = b.id)
           OR EXISTS (SELECT 1 FROM recovery_entry e WHERE e.business_id = b.id AND e.outcome IS NULL)
        ORDER BY 1`,
    );
    return rows.map((r) => r.id);
  }
}

async function count(db: Queryable, sql: string, params: unknown[]): Promise<number> {
  const [row] = (await db.query(sql, params)) as Array<{ n: number }>;
  return row?.n ?? 0;
}
