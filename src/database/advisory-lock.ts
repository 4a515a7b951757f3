import { createHash } from 'crypto';
import { DataSource } from 'typeorm';

// Two 32-bit keys from a name, so unrelated locks cannot collide on small integers.
export function lockKeys(name: string): [number, number] {
  const h = createHash('sha256').update(name).digest();
  return [h.readInt32BE(0), h.readInt32BE(4)];
}

// Runs fn while holding a transaction-scoped advisory lock; returns undefined when another
// process holds it. The lock dies with the transaction, so a crashed holder never wedges it.
export async function withTryLock<T>(ds: DataSource, name: string, fn: () => Promise<T>): Promise<T | undefined> {
  const [k1, k2] = lockKeys(name);
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    const [{ ok }] = await runner.query('SELECT pg_try_advisory_xact_lock($1, $2) AS ok', [k1, k2]);
    if (!ok) {
      await runner.rollbackTransaction();
      return undefined;
    }
    try {
      const result = await fn();
      await runner.commitTransaction();
      return result;
    } catch (e) {
      await runner.rollbackTransaction();
      throw e;
    }
  } finally {
    await runner.release();
  }
}
