import { DataSource, QueryRunner } from 'typeorm';

// Crash safety of the demo bulk load (src/demo-data/demo-data.generator.ts). The load runs in several
// transactions on several connections, so a killed run cannot roll everything back the way
// the old single transaction did. What must never survive a kill is a schema without its
// indexes, so:
//   - indexes dropped for the load are recorded in demo_load_state in the same commit as
//     the drop (src/demo-data/demo-bulk.ts), and each record is deleted in the same commit that builds
//     its index again (for a constraint: the commit that attaches it);
//   - a live load holds the session advisory lock DEMO_LOAD_LOCK on its coordinating
//     connection for its whole run; PostgreSQL releases it when that connection dies;
//   - recoverDroppedIndexes() runs, under that lock, first thing at every generator start and
//     in `npm run migrate` before the migrations: every record is rebuilt and deleted.
// Advisory locks are per database, so loads into different databases do not wait on each other.

/** Session advisory lock key held by a running demo load (arbitrary constant: "demoload"). */
export const DEMO_LOAD_LOCK = '7234316089451094884';

export interface DroppedIndex {
  table: string;
  name: string;
  /** Set when the index backs a UNIQUE or PRIMARY KEY constraint. */
  constraintDef: string | null;
  indexDef: string;
}

export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Records dropped indexes; call inside the transaction that drops them. */
export async function recordDropped(runner: QueryRunner, businessId: string | null, ixs: DroppedIndex[]): Promise<void> {
  if (!ixs.length) return;
  await runner.query(
    `INSERT INTO demo_load_state (index_name, table_name, index_def, constraint_def, business_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::uuid[])`,
    [ixs.map((i) => i.name), ixs.map((i) => i.table), ixs.map((i) => i.indexDef), ixs.map((i) => i.constraintDef), ixs.map(() => businessId)],
  );
}

// A UNIQUE / PRIMARY KEY constraint can be attached to an index built beforehand with
// CREATE UNIQUE INDEX (SHARE lock: several builds on one table run at once), unless it has
// options USING INDEX cannot carry.
export function attachable(ix: DroppedIndex): boolean {
  return !!ix.constraintDef && /^(UNIQUE|PRIMARY KEY)\b/.test(ix.constraintDef) && !/DEFERRABLE|EXCLUDE/i.test(ix.constraintDef);
}

export function attachSql(ix: DroppedIndex): string {
  const kind = ix.constraintDef!.startsWith('PRIMARY KEY') ? 'PRIMARY KEY' : 'UNIQUE';
  return `ALTER TABLE ${ident(ix.table)} ADD CONSTRAINT ${ident(ix.name)} ${kind} USING INDEX ${ident(ix.name)}`;
}

/** Builds one recorded index (and its constraint) in its own transaction and deletes the record. */
export async function rebuildOne(runner: QueryRunner, ix: DroppedIndex, maintenanceWorkMem: string, attachNow: boolean): Promise<void> {
  await runner.startTransaction();
  try {
    await runner.query(`SET LOCAL maintenance_work_mem = '${maintenanceWorkMem}'`);
    const [state] = await runner.query(
      `SELECT to_regclass(quote_ident($2)) IS NOT NULL AS has_table,
              to_regclass(quote_ident($1)) IS NOT NULL AS has_index,
              EXISTS (SELECT 1 FROM pg_constraint WHERE conname = $1 AND conrelid = to_regclass(quote_ident($2))) AS has_constraint`,
      [ix.name, ix.table],
    );
    if (!state.has_table) {
      // a later migration dropped the table: nothing to rebuild
    } else if (ix.constraintDef && !attachable(ix)) {
      if (!state.has_constraint) await runner.query(`ALTER TABLE ${ident(ix.table)} ADD CONSTRAINT ${ident(ix.name)} ${ix.constraintDef}`);
    } else {
      if (!state.has_index) await runner.query(ix.indexDef);
      if (ix.constraintDef && !state.has_constraint && attachNow) await runner.query(attachSql(ix));
    }
    if (!state.has_table || !ix.constraintDef || attachNow) await runner.query(`DELETE FROM demo_load_state WHERE index_name = $1`, [ix.name]);
    await runner.commitTransaction();
  } catch (e) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw e;
  }
}

/**
 * Rebuilds every recorded-but-missing index (see above). The caller must hold DEMO_LOAD_LOCK
 * on `runner`'s connection. Returns the names rebuilt (or whose record was cleared).
 */
export async function recoverDroppedIndexesLocked(runner: QueryRunner): Promise<string[]> {
  const [{ present }] = await runner.query(`SELECT to_regclass('demo_load_state') IS NOT NULL AS present`);
  if (!present) return [];
  const rows: DroppedIndex[] = await runner.query(
    `SELECT table_name AS table, index_name AS name, index_def AS "indexDef", constraint_def AS "constraintDef"
       FROM demo_load_state ORDER BY recorded_at, index_name`,
  );
  for (const ix of rows) await rebuildOne(runner, ix, '1GB', true);
  return rows.map((r) => r.name);
}

/**
 * Takes DEMO_LOAD_LOCK (waiting for a running load to finish), rebuilds what a killed load
 * left dropped, releases the lock. Used by `npm run migrate` before the migrations.
 */
export async function recoverDroppedIndexes(ds: DataSource, log: (line: string) => void = () => undefined): Promise<string[]> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    const [{ got }] = await runner.query(`SELECT pg_try_advisory_lock(${DEMO_LOAD_LOCK}) AS got`);
    if (!got) {
      log('waiting for the demo data load running on this database to finish');
      await runner.query(`SELECT pg_advisory_lock(${DEMO_LOAD_LOCK})`);
    }
    try {
      const rebuilt = await recoverDroppedIndexesLocked(runner);
      if (rebuilt.length) log(`rebuilt ${rebuilt.length} index(es) an interrupted demo data load had dropped: ${rebuilt.join(', ')}`);
      return rebuilt;
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(${DEMO_LOAD_LOCK})`);
    }
  } finally {
    await runner.release();
  }
}
