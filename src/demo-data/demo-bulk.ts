import { QueryRunner } from 'typeorm';
import { attachable, attachSql, DroppedIndex, ident, rebuildOne, recordDropped } from '../database/demo-load-state';

// Bulk-load helpers. Dropped indexes are recorded in demo_load_state in the same commit as the
// drop, so a killed load never leaves the schema without them (demo-load-state.ts).

/**
 * Reserves `count` consecutive identity values of table.id and returns the first one. The
 * caller holds a SHARE ROW EXCLUSIVE lock on the table, so no one else draws from the sequence
 * in between. Rows are then inserted with OVERRIDING SYSTEM VALUE at base + offset, which lets
 * statements compute each other's ids (visit -> booking, freeze -> subscription) without joins.
 */
export async function reserveIds(runner: QueryRunner, table: string, count: number): Promise<string> {
  const [{ base }] = await runner.query(`SELECT nextval(pg_get_serial_sequence($1, 'id'))::text AS base`, [table]);
  await runner.query(`SELECT setval(pg_get_serial_sequence($1, 'id'), $2::bigint + $3::bigint)`, [table, base, Math.max(count, 1)]);
  return base as string;
}

/**
 * Drops the indexes (and the unique / primary-key constraints behind them) of those tables
 * that are completely empty, records them in demo_load_state (demo-load-state.ts) and returns
 * them so `buildIndexes` can build them again after the load: building a b-tree once from
 * sorted input is several times cheaper than maintaining it row by row (a visit's primary key
 * alone costs ~3 us per row). Call inside a transaction: the drop and its record commit
 * together. Tables holding any rows (another business's) keep their indexes untouched, and so
 * does any index a foreign key points at (client, subscription and booking primary keys).
 */
export async function dropIndexesOfEmptyTables(runner: QueryRunner, tables: string[], businessId: string | null): Promise<DroppedIndex[]> {
  const dropped: DroppedIndex[] = [];
  for (const table of tables) {
    const [{ empty }] = await runner.query(`SELECT NOT EXISTS (SELECT 1 FROM ${ident(table)}) AS empty`);
    if (!empty) continue;
    const rows: DroppedIndex[] = await runner.query(
      `SELECT t.relname AS table, i.relname AS name, pg_get_indexdef(x.indexrelid) AS "indexDef",
              CASE WHEN con.oid IS NOT NULL THEN pg_get_constraintdef(con.oid) END AS "constraintDef"
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class t ON t.oid = x.indrelid
         LEFT JOIN pg_constraint con ON con.conindid = x.indexrelid AND con.contype IN ('u', 'p') AND con.conrelid = t.oid
        WHERE t.oid = $1::regclass
          -- an index a foreign key depends on stays
          AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.conindid = x.indexrelid AND f.contype = 'f')
        ORDER BY i.relname`,
      [table],
    );
    for (const ix of rows) {
      if (ix.constraintDef) await runner.query(`ALTER TABLE ${ident(table)} DROP CONSTRAINT ${ident(ix.name)}`);
      else await runner.query(`DROP INDEX ${ident(ix.name)}`);
      dropped.push(ix);
    }
  }
  await recordDropped(runner, businessId, dropped);
  return dropped;
}

/**
 * Builds the dropped indexes again, each in its own transaction that also deletes its record,
 * spread over the given connections (largest tables first; each connection takes the next one
 * when it is done), then attaches the UNIQUE / PRIMARY KEY constraints to their indexes in one
 * short transaction on the first connection. Index builds on one table only take SHARE locks,
 * so two of them proceed at once; the attach needs ACCESS EXCLUSIVE, hence last.
 */
export async function buildIndexes(runners: QueryRunner[], dropped: DroppedIndex[], maintenanceWorkMem: string): Promise<void> {
  if (!dropped.length) return;
  const sizes: { table: string; bytes: string }[] = await runners[0].query(`SELECT t AS table, pg_relation_size(t::regclass)::text AS bytes FROM unnest($1::text[]) AS t`, [
    [...new Set(dropped.map((d) => d.table))],
  ]);
  const size = new Map(sizes.map((s) => [s.table, Number(s.bytes)]));
  // bigger tables first; within a table, wider keys first (the unique external-id key)
  const queue = [...dropped].sort((a, b) => size.get(b.table)! - size.get(a.table)! || keyWidth(b) - keyWidth(a));
  await Promise.all(
    runners.map(async (runner) => {
      // the other connections already keep the cores busy
      if (runners.length > 1) await runner.query(`SET max_parallel_maintenance_workers = 0`);
      try {
        for (let ix = queue.shift(); ix; ix = queue.shift()) await rebuildOne(runner, ix, maintenanceWorkMem, !attachable(ix));
      } finally {
        if (runners.length > 1) await runner.query(`RESET max_parallel_maintenance_workers`);
      }
    }),
  );
  const attach = dropped.filter(attachable);
  if (!attach.length) return;
  const runner = runners[0];
  await runner.startTransaction();
  try {
    for (const ix of attach) await runner.query(attachSql(ix));
    await runner.query(`DELETE FROM demo_load_state WHERE index_name = ANY($1::text[])`, [attach.map((a) => a.name)]);
    await runner.commitTransaction();
  } catch (e) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    throw e;
  }
}

function keyWidth(ix: DroppedIndex): number {
  return (ix.indexDef.match(/,/g) ?? []).length + (ix.constraintDef ? 1 : 0);
}
