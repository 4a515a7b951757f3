import { Client } from 'pg';
import { ADMIN_URL, RUN_PREFIX } from './test-env';

export default async function globalTeardown(): Promise<void> {
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    const dbs = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${RUN_PREFIX}%`]);
    for (const { datname } of dbs.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
