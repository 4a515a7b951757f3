import { Client } from 'pg';
import Redis from 'ioredis';

// One clear line per unreachable service instead of a stack trace.
export async function checkPostgres(url: string): Promise<string | undefined> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return undefined;
  } catch (e) {
    const msg = (e as Error).message;
    if (/database ".*" does not exist/.test(msg)) {
      return `PostgreSQL database missing at ${redact(url)} (${msg}); create it or run \`npm run migrate\`, which creates it`;
    }
    return `PostgreSQL unreachable at ${redact(url)} (${msg}); start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export async function checkRedis(url: string): Promise<string | undefined> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3000, retryStrategy: () => null });
  r.on('error', () => undefined);
  try {
    await r.connect();
    await r.ping();
    return undefined;
  } catch (e) {
    return `Redis unreachable at ${redact(url)} (${(e as Error).message || 'connection refused'}); start it with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no`;
  } finally {
    r.disconnect();
  }
}

/** Creates the database named in url if it does not exist (for a fresh machine). */
export async function ensureDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  u.pathname = '/postgres';
  const c = new Client({ connectionString: u.toString(), connectionTimeoutMillis: 3000 });
  await c.connect();
  try {
    const { rowCount } = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await c.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
  } finally {
    await c.end();
  }
}

export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
