import { Client } from 'pg';
import { runMigrations } from '../../src/database/migrate';
import { ADMIN_URL, TEMPLATE_DB, TEST_DB_PREFIX, dbUrl } from './test-env';

// Migrates a template database once per run; each test file clones it (test/support/test-db.ts).
export default async function globalSetup(): Promise<void> {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    const stale = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${TEST_DB_PREFIX}%`]);
    for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${TEMPLATE_DB}"`);
  } finally {
    await admin.end();
  }
  await runMigrations(dbUrl(TEMPLATE_DB));
}
