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
    extra: { max: 20, connectionTimeoutMillis: 5000, application_name: 'comeback' },
  };
}

export function createDataSource(url: string): DataSource {
  return new DataSource(dataSourceOptions(url));
}
