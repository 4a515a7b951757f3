import { writeFileSync } from 'fs';
import { Client } from 'pg';
import { join, resolve } from 'path';
import { createHttpApp, preflight } from '../bootstrap';
import { ConfigError, validateEnv } from '../config/validate-env';
import { ensureDatabase, redact } from '../database/connection-check';
import { runMigrations } from '../database/migrate';
import { buildOpenApiDocument } from './openapi-document';
import { renderSchemaTypes, SCHEMA_TYPES_FILE } from './schema-types';

// npm run openapi:types: builds the API's OpenAPI document in-process (no port, no worker)
// and writes the web app's types with openapi-typescript. The app runs against a scratch
// database created and migrated on DATABASE_URL's server and dropped afterwards, so nothing
// else is touched and a fresh machine needs only PostgreSQL and Redis up.

const ROOT = resolve(__dirname, '../..');

async function withScratchDatabase<T>(serverUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `comeback_openapi_${process.pid}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await ensureDatabase(url.toString());
  try {
    await runMigrations(url.toString());
    return await fn(url.toString());
  } finally {
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).finally(() => admin.end());
  }
}

async function fromApp(): Promise<void> {
  // check the server, not the named database: that one may not exist on a fresh machine
  const server = new URL(validateEnv().DATABASE_URL);
  server.pathname = '/postgres';
  await preflight({ ...process.env, DATABASE_URL: server.toString() });
  const types = await withScratchDatabase(server.toString(), async (url) => {
    const app = await createHttpApp('api', validateEnv({ ...process.env, DATABASE_URL: url, LOG_LEVEL: 'error' }));
    try {
      return await renderSchemaTypes(await buildOpenApiDocument(app));
    } finally {
      await app.close();
    }
  });
  writeFileSync(join(ROOT, SCHEMA_TYPES_FILE), types);
  console.log(`wrote ${SCHEMA_TYPES_FILE} (scratch database on ${redact(server.toString())}, dropped)`);
}

fromApp().catch((e) => {
  console.error(e instanceof ConfigError ? e.message : ((e as Error).stack ?? String(e)));
  process.exit(1);
});
