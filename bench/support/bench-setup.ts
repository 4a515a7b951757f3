import { Client } from 'pg';

// What every benchmark starts with: its options, its own database on the bench server, and timing.

/** The server's maintenance database; each bench creates its own database next to it. */
export const ADMIN = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The number after `--name` on the command line, or fallback. */
export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Creates database `db` on the admin server unless it exists (generated data is reused); returns its URL. */
export async function ensureDatabase(db: string, adminUrl = ADMIN): Promise<string> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
  if (!rowCount) await admin.query(`CREATE DATABASE ${db}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${db}`;
  return u.toString();
}

/** fn's result and how long it took, in milliseconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = process.hrtime.bigint();
  const r = await fn();
  return [r, Number(process.hrtime.bigint() - t) / 1e6];
}

/** fn's result and how long it took, in seconds (for the passes measured in seconds). */
export async function timedSeconds<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const [r, ms] = await timed(fn);
  return [r, ms / 1000];
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)];

/** A progress line stamped with the UTC time of day. */
export const log = (msg: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);
