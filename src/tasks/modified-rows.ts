import { DataSource } from 'typeorm';

/**
 * The RETURNING rows of a top-level UPDATE or DELETE. TypeORM's DataSource.query answers those
 * two commands with [rows, affectedCount], unlike every other command, so `rows.length` of the
 * raw answer is always 2.
 */
export async function modifiedRows<T = Record<string, unknown>>(ds: DataSource, sql: string, params: unknown[]): Promise<T[]> {
  const [rows] = (await ds.query(sql, params)) as [T[], number];
  return rows;
}
