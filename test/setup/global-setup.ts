import { Client } from 'pg';
import { runMigrations } from '../../src/database/migrate';
import { ensureWebBuilt } from './web-build';
import { ADMIN_URL, RUN_ID, TEMPLATE_DB, TEST_DB_PREFIX, dbUrl, pidAlive } from './test-env';

// Migrates a template database once per run; each test file clones it (test/support/test-db.ts).
export default async function globalSetup(): Promise<void> {
  process.env.COMEBACK_TEST_RUN = RUN_ID; // test files (and workers) derive the same names
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    // leftovers of runs that died without their teardown
    const all = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${TEST_DB_PREFIX}%`]);
    for (const { datname } of all.rows) {
      const pid = Number(/^comeback_test_(\d+)_/.exec(datname)?.[1]);
      if (!pid || !pidAlive(pid)) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    await admin.query(`CREATE DATABASE "${TEMPLATE_DB}"`);
  } finally {
    await admin.end();
  }
  await runMigrations(dbUrl(TEMPLATE_DB));
  ensureWebBuilt();
}
