import 'reflect-metadata';
import { execFile } from 'child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'fs';
import { once } from 'events';
import { tmpdir } from 'os';
import { join } from 'path';
import { AddressInfo } from 'net';
import { Client } from 'pg';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { createCliContext, createHttpApp } from '../src/bootstrap';
import { BusinessRepository } from '../src/business/business.repository';
import { IngestService } from '../src/clients/ingest/ingest.service';
import { CanonicalRecord } from '../src/clients/records/record-specs';
import { validateEnv } from '../src/config/validate-env';
import { runMigrations } from '../src/database/migrate';
import { importCsvFile } from '../src/integrations/import/csv/csv-import';

// Import half of the ingest benchmark (quality.md: import API / CSV import >= 20,000 rows/s,
// reported as a ratio to a plain COPY of the same rows into the same indexed table).
//
// On its own database: generates N visits (and their clients) as CSV, then loads the visits
// three ways into an emptied visit table, clients already present:
//   csv   importCsvFile (the `npm run cli -- import` path), batches of 5,000
//   http  POST /api/v1/import/visits, requests of 10,000 records, one at a time
//   copy  psql \copy of the same rows (resolved client ids, local visit day) FROM a file
// csv and http do everything an import does (validation, reference lookup, upsert with
// change detection, client_visit_week and last/first visit maintenance, change events);
// COPY only appends rows and updates the indexes.

export interface BenchImportOptions {
  /** Visit rows (default 200,000). */
  rows?: number;
  /** Clients the visits belong to (default rows / 20). */
  clients?: number;
  batchSize?: number;
  requestSize?: number;
  adminUrl?: string;
  database?: string;
  log?: (line: string) => void;
}

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const QUEUE_PREFIX = 'bench-ingest';
const KINDS = ['gym', 'gym', 'gym', 'class', 'appointment'];

export async function benchImport(opts: BenchImportOptions = {}): Promise<Record<string, number>> {
  const rows = opts.rows ?? 200_000;
  const clients = opts.clients ?? Math.max(1, Math.round(rows / 20));
  const batchSize = opts.batchSize ?? 5000;
  const requestSize = opts.requestSize ?? 10_000;
  const log = opts.log ?? ((l: string) => console.error(l));
  const url = await freshDatabase(opts.adminUrl ?? DEFAULT_ADMIN_URL, opts.database ?? 'comeback_bench_ingest');
  const config = validateEnv({ ...process.env, DATABASE_URL: url, QUEUE_PREFIX, LOG_LEVEL: 'error', NODE_ENV: 'development' });
  const dir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
  const out: Record<string, number> = { rows, clients };

  const ctx = await createCliContext(config);
  const app = await createHttpApp('api', config);
  try {
    const ds = ctx.get(DataSource);
    const ingest = ctx.get(IngestService);
    const { businessId, apiKey } = await new BusinessRepository(ds).create({ name: 'Bench Gym', timezone: 'Europe/Stockholm' });

    log(`generating ${rows.toLocaleString('en-US')} visits of ${clients.toLocaleString('en-US')} clients`);
    const data = generate(rows, clients);
    const clientsCsv = join(dir, 'clients.csv');
    const visitsCsv = join(dir, 'visits.csv');
    await writeCsv(clientsCsv, ['externalId', 'firstName', 'lastName', 'email', 'gender', 'isMember'], data.clients);
    await writeCsv(visitsCsv, ['externalId', 'clientExternalId', 'visitedAt', 'kind'], data.visits);

    const csv = (entity: 'clients' | 'visits', file: string) => importCsvFile(ingest, file, { businessId, entity, source: 'import', batchSize, delimiter: ',' });

    // (b) CSV
    const c = await csv('clients', clientsCsv);
    out.csvClientsRowsPerSec = c.rowsPerSecond;
    log(`csv clients: ${fmt(c.rowsPerSecond)} rows/s (${c.inserted} inserted)`);
    await vacuum(ds);
    const v = await csv('visits', visitsCsv);
    check(v.inserted === rows && v.rejected === 0, `csv visits: inserted ${v.inserted}, rejected ${v.rejected}`);
    out.csvSeconds = v.seconds;
    out.csvRowsPerSec = v.rowsPerSecond;
    log(`csv visits: ${fmt(v.rowsPerSecond)} rows/s (${v.seconds} s)`);
    const again = await csv('visits', visitsCsv);
    check(again.unchanged === rows, `csv re-import: unchanged ${again.unchanged}`);
    out.csvReimportRowsPerSec = again.rowsPerSecond;
    log(`csv visits again (all unchanged): ${fmt(again.rowsPerSecond)} rows/s`);

    // the COPY input: exactly the rows the import stored
    const copyFile = join(dir, 'visits.copy.csv');
    const cols = 'business_id, source, external_id, client_id, visited_at, visited_on, kind';
    await psql(url, `\\copy (SELECT ${cols} FROM visit ORDER BY id) TO '${copyFile}' WITH (FORMAT csv)`);

    // (c) HTTP import API
    await resetVisits(ds);
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const httpStart = process.hrtime.bigint();
    for (let i = 0; i < data.visitRecords.length; i += requestSize) {
      const res = await fetch(`${base}/api/v1/import/visits`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        body: JSON.stringify(data.visitRecords.slice(i, i + requestSize)),
      });
      const body = (await res.json()) as { inserted?: number; rejected?: unknown[]; message?: string };
      check(res.status === 200 && body.rejected?.length === 0, `http import: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    }
    const httpSeconds = seconds(httpStart);
    check((await count(ds)) === rows, 'http import: row count');
    out.httpSeconds = round(httpSeconds);
    out.httpRowsPerSec = Math.round(rows / httpSeconds);
    log(`http visits: ${fmt(out.httpRowsPerSec)} rows/s (${out.httpSeconds} s)`);

    // (d) baseline: plain COPY into the same indexed table
    await resetVisits(ds);
    const copyStart = process.hrtime.bigint();
    await psql(url, `\\copy visit (${cols}) FROM '${copyFile}' WITH (FORMAT csv)`);
    const copySeconds = seconds(copyStart);
    check((await count(ds)) === rows, 'copy: row count');
    out.copySeconds = round(copySeconds);
    out.copyRowsPerSec = Math.round(rows / copySeconds);
    log(`copy visits: ${fmt(out.copyRowsPerSec)} rows/s (${out.copySeconds} s)`);

    out.csvToCopy = round(out.csvRowsPerSec / out.copyRowsPerSec);
    out.httpToCopy = round(out.httpRowsPerSec / out.copyRowsPerSec);
    log(`ratio import/COPY: csv ${out.csvToCopy}, http ${out.httpToCopy} (target: >= 20,000 rows/s)`);
    return out;
  } finally {
    await app.close();
    await ctx.close();
    rmSync(dir, { recursive: true, force: true });
    await dropQueueKeys(config.REDIS_URL);
  }
}

interface Generated {
  clients: string[][];
  visits: string[][];
  visitRecords: CanonicalRecord[];
}

function generate(rows: number, clients: number): Generated {
  const rnd = mulberry32(20260301);
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const clientRows: string[][] = [];
  for (let i = 1; i <= clients; i++) {
    const g = rnd() < 0.5 ? 'female' : 'male';
    clientRows.push([`c${pad(i, 7)}`, `First${i}`, `Last${i}`, `member${i}@example.com`, g, rnd() < 0.8 ? 'true' : 'false']);
  }
  const visits: string[][] = [];
  const visitRecords: CanonicalRecord[] = [];
  const start = Date.UTC(2025, 2, 1);
  for (let i = 1; i <= rows; i++) {
    const client = `c${pad(1 + Math.floor(rnd() * clients), 7)}`;
    const at = new Date(start + Math.floor(rnd() * 365 * 86_400) * 1000).toISOString().replace('.000Z', 'Z');
    const kind = KINDS[Math.floor(rnd() * KINDS.length)];
    const id = `v${pad(i, 8)}`;
    visits.push([id, client, at, kind]);
    visitRecords.push({ externalId: id, clientExternalId: client, visitedAt: at, kind });
  }
  return { clients: clientRows, visits, visitRecords };
}

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function writeCsv(path: string, header: string[], rows: string[][]): Promise<void> {
  const s = createWriteStream(path);
  s.write(header.join(',') + '\n');
  for (const r of rows) if (!s.write(r.join(',') + '\n')) await once(s, 'drain');
  s.end();
  await once(s, 'close');
}

async function freshDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  await runMigrations(u.toString());
  return u.toString();
}

async function resetVisits(ds: DataSource): Promise<void> {
  await ds.query(`TRUNCATE visit, client_visit_week`);
  await ds.query(`UPDATE client SET last_visit_on = NULL, first_visit_on = NULL`);
  await vacuum(ds);
}

async function vacuum(ds: DataSource): Promise<void> {
  await ds.query(`VACUUM ANALYZE client`);
  await ds.query(`CHECKPOINT`);
}

async function count(ds: DataSource): Promise<number> {
  return Number((await ds.query(`SELECT count(*) AS n FROM visit`))[0].n);
}

function psql(url: string, command: string): Promise<void> {
  return new Promise((done, fail) => execFile('psql', [url, '-v', 'ON_ERROR_STOP=1', '-q', '-c', command], (err, _out, stderr) => (err ? fail(new Error(`psql: ${stderr || err.message}`)) : done())));
}

async function dropQueueKeys(redisUrl: string): Promise<void> {
  const r = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${QUEUE_PREFIX}:*`, 'COUNT', 1000);
      if (keys.length) await r.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`benchmark sanity check failed: ${what}`);
}

const seconds = (from: bigint): number => Number(process.hrtime.bigint() - from) / 1e9;
const round = (n: number): number => Math.round(n * 100) / 100;
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

if (require.main === module) {
  const rows = Number(process.argv[2] ?? process.env.BENCH_ROWS ?? 200_000);
  benchImport({ rows }).then(
    (r) => {
      console.log(JSON.stringify(r, null, 2));
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
