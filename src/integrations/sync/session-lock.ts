import { DataSource, QueryRunner } from 'typeorm';
import { lockKeys } from '../../database/advisory-lock';

/**
 * A session-level advisory lock held on its own connection for as long as a run lasts (a sync
 * commits many transactions, so a transaction-scoped lock can't cover it). If the process dies
 * the connection closes and PostgreSQL frees the lock.
 */
export class SessionLock {
  private constructor(
    private readonly runner: QueryRunner,
    private readonly keys: [number, number],
  ) {}

  /** The lock, or undefined when another session holds it. */
  static async tryAcquire(ds: DataSource, name: string): Promise<SessionLock | undefined> {
    const keys = lockKeys(name);
    const runner = ds.createQueryRunner();
    await runner.connect();
    try {
      const [{ ok }] = await runner.query('SELECT pg_try_advisory_lock($1, $2) AS ok', keys);
      if (ok) return new SessionLock(runner, keys);
    } catch (e) {
      await runner.release();
      throw e;
    }
    await runner.release();
    return undefined;
  }

  async release(): Promise<void> {
    try {
      await this.runner.query('SELECT pg_advisory_unlock($1, $2)', this.keys);
    } finally {
      await this.runner.release();
    }
  }
}
