import { join } from 'path';
import { DataSource, DataSourceOptions } from 'typeorm';

/** How one pool is set up: its size, the statement timeout of every session in it, its name. */
interface PoolOptions {
  /** Connections at most (default 20). */
  poolSize?: number;
  /** statement_timeout of every session, in ms; 0 or unset: none (migrations, CLI loads). */
  statementTimeoutMs?: number;
  /** application_name, so pg_stat_activity tells the pools apart (default 'comeback'). */
  applicationName?: string;
}

// One definition for the app, the CLI and the tests. Migrations are raw SQL classes in
// top-level migrations/; schema is never synchronised.
export function dataSourceOptions(url: string, pool: PoolOptions = {}): DataSourceOptions {
  // JIT compilation of our large set-based statements costs seconds to minutes per execution
  // (measured: 50 s of LLVM optimisation for one health batch) and never pays off here
  const options = ['-c jit=off', pool.statementTimeoutMs ? `-c statement_timeout=${Math.trunc(pool.statementTimeoutMs)}` : ''].filter(Boolean).join(' ');
  return {
    type: 'postgres',
    url,
    entities: [],
    migrations: [join(__dirname, '..', '..', 'migrations', '*.{ts,js}')],
    migrationsTableName: 'schema_migration',
    synchronize: false,
    logging: false,
    extra: { max: pool.poolSize ?? 20, connectionTimeoutMillis: 5000, application_name: pool.applicationName ?? 'comeback', options },
  };
}

export function createDataSource(url: string, pool: PoolOptions = {}): DataSource {
  return new DataSource(dataSourceOptions(url, pool));
}
