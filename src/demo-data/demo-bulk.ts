import { QueryRunner } from 'typeorm';

// Bulk-load helpers. They run inside the generator's single transaction, so a failure rolls
// every one of them back (dropped indexes included).

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

interface SecondaryIndex {
  table: string;
  name: string;
  /** Set when the index backs a UNIQUE or PRIMARY KEY constraint. */
  constraintDef: string | null;
  indexDef: string;
}

/**
 * Drops the indexes (and the unique / primary-key constraints behind them) of those tables
 * that are completely empty, and returns them so `recreateIndexes` can build them again after
 * the load: building a b-tree once from sorted input is several times cheaper than maintaining
 * it row by row (a visit's primary key alone costs ~3 us per row). Tables holding any rows
 * (another business's) keep their indexes untouched, and so does any index a foreign key
 * points at (client, subscription and booking primary keys).
 */
export async function dropIndexesOfEmptyTables(runner: QueryRunner, tables: string[]): Promise<SecondaryIndex[]> {
  const dropped: SecondaryIndex[] = [];
  for (const table of tables) {
    const [{ empty }] = await runner.query(`SELECT NOT EXISTS (SELECT 1 FROM ${ident(table)}) AS empty`);
    if (!empty) continue;
    const rows: SecondaryIndex[] = await runner.query(
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
  return dropped;
}

export async function recreateIndexes(runner: QueryRunner, dropped: SecondaryIndex[]): Promise<void> {
  for (const ix of dropped) {
    if (ix.constraintDef) await runner.query(`ALTER TABLE ${ident(ix.table)} ADD CONSTRAINT ${ident(ix.name)} ${ix.constraintDef}`);
    else await runner.query(ix.indexDef);
  }
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
