import { join } from 'path';
import { DataSource, DataSourceOptions } from 'typeorm';

// One definition for the app, the CLI and the tests. Migrations are raw SQL classes in
// top-level migrations/; schema is never synchronised.
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [],
    migrations: [join(__dirname, '..', '..', 'migrations', '*.{ts,js}')],
    migrationsTableName: 'schema_migration',
    synchronize: false,
    logging: false,
    // JIT compilation of our large set-based statements costs seconds to minutes per execution
    // (measured: 50 s of LLVM optimisation for one health batch) and never pays off here
    extra: { max: 20, connectionTimeoutMillis: 5000, application_name: 'comeback', options: '-c jit=off' },
  };
}

export function createDataSource(url: string): DataSource {
  return new DataSource(dataSourceOptions(url));
}
