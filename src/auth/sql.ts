// TypeORM's query() answers a top-level UPDATE or DELETE with [rows, affectedCount] and every
// other command with the rows; this returns the RETURNING rows of either.
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export async function modified<T>(db: Queryable, sql: string, params: unknown[]): Promise<T[]> {
  const raw = (await db.query(sql, params)) as [T[], number];
  return raw[0];
}
