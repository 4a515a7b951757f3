/** Anything that runs SQL the way TypeORM does (a DataSource, an EntityManager, a QueryRunner). */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * The RETURNING rows of a top-level UPDATE or DELETE. TypeORM's query() answers those two
 * commands with [rows, affectedCount], unlike every other command, so `rows.length` of the
 * raw answer is always 2.
 */
export async function modifiedRows<T = Record<string, unknown>>(db: Queryable, sql: string, params: unknown[]): Promise<T[]> {
  const [rows] = (await db.query(sql, params)) as [T[], number];
  return rows;
}
