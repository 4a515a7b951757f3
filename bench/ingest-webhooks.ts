import { ChildProcess, spawn } from 'child_process';
import http from 'http';
import { Client } from 'pg';
import { join } from 'path';
import { BusinessRepository } from '../src/business/business.repository';
import { SecretBox } from '../src/common/secret-box';
import { validateEnv } from '../src/config/validate-env';
import { createDataSource } from '../src/database/data-source';
import { runMigrations } from '../src/database/migrate';
import { signComebackPayload } from '../src/common/payload-signing';
import { postOpenLoop } from './support/webhook-load';

// Webhook ingest benchmark: the API and one worker run as separate processes on this
// machine; this process sends signed generic-webhook deliveries at a fixed rate over loopback
// and measures accept latency, then how fast the worker drains them into canonical tables.

export interface WebhookBenchOptions {
  rate: number;
  seconds: number;
  clients: number;
  port: number;
  adminUrl: string;
  /** false: the worker starts after the load, so intake and processing are measured apart */
  workerDuringLoad: boolean;
}

const ROOT = join(__dirname, '..');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export async function recreateDb(adminUrl: string, DB = 'comeback_bench_webhooks'): Promise<string> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${DB}`;
  return u.toString();
}

export function startProcess(entry: string, env: NodeJS.ProcessEnv): ChildProcess {
  // BENCH_PROFILE_DIR=<dir> writes a V8 CPU profile of each process there
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, '-r', 'ts-node/register/transpile-only', join(ROOT, 'src', entry)], {
    cwd: ROOT,
    env: { ...process.env, ...env, LOG_LEVEL: 'warn', TS_NODE_TRANSPILE_ONLY: 'true' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return child;
}

export async function waitHttp(port: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/webhooks/generic/x', method: 'HEAD' }, (res) => {
        res.resume();
        resolve(true);
      });
      req.on('error', () => resolve(false));
      req.end();
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error('API did not start');
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function benchWebhooks(opts: WebhookBenchOptions): Promise<Record<string, number>> {
  const url = await recreateDb(opts.adminUrl);
  await runMigrations(url);
  const ds = createDataSource(url);
  await ds.initialize();
  const { businessId } = await new BusinessRepository(ds).create({ name: 'Bench', timezone: 'Europe/Stockholm' });
  const secret = 'whsec_bench_secret_value_0123456789';
  // the key the API process spawned below resolves too (SECRETS_KEY, else the checkout's key)
  const box = new SecretBox(validateEnv().SECRETS_KEY);
  await ds.query(`INSERT INTO integration_connection (business_id, provider, config, secrets_enc) VALUES ($1, 'generic', '{"auth":"hmac"}', $2)`, [businessId, box.seal({ signingSecret: secret })]);
  await ds.query(`INSERT INTO client (business_id, source, external_id, first_name) SELECT $1, 'generic', 'c' || g, 'Client ' || g FROM generate_series(1, $2) g`, [businessId, opts.clients]);

  const env = { DATABASE_URL: url, PORT: String(opts.port), QUEUE_PREFIX: `bench-${Date.now()}` };
  const api = startProcess('main.ts', env);
  let worker = opts.workerDuringLoad ? startProcess('worker.ts', env) : undefined;
  try {
    await waitHttp(opts.port);
    const total = opts.rate * opts.seconds;
    const t0 = Date.now(); // the load's start: with workerDuringLoad, processing is timed from it
    const { latencies, failed, acceptSeconds } = await postOpenLoop({
      port: opts.port,
      path: `/webhooks/generic/${businessId}`,
      rate: opts.rate,
      total,
      delivery: (n) => {
        const c = 1 + (n % opts.clients);
        const at = new Date(Date.UTC(2026, 2, 1) + n * 60_000).toISOString();
        const event =
          n % 5 === 0
            ? { id: `e${n}`, type: 'client.upserted', occurredAt: at, data: { externalId: `c${c}`, lastName: `L${n}` } }
            : { id: `e${n}`, type: 'visit.created', occurredAt: at, data: { externalId: `v${n}`, clientExternalId: `c${c}`, visitedAt: at, kind: 'gym' } };
        const body = JSON.stringify(event);
        return { body, headers: { 'x-comeback-signature': signComebackPayload(body, secret, Math.floor(Date.now() / 1000)) } };
      },
    });

    const expected = latencies.length;
    let processed = 0;
    const drainStart = Date.now();
    if (!worker) worker = startProcess('worker.ts', env);
    const deadline = Date.now() + 600_000;
    while (Date.now() < deadline) {
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM event_inbox WHERE processed_at IS NOT NULL`);
      processed = n;
      if (processed >= expected) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    // processing alone is timed from the worker's start (its boot included)
    const processSeconds = (Date.now() - (opts.workerDuringLoad ? t0 : drainStart)) / 1000;
    const [{ errors }] = await ds.query(`SELECT count(*) FILTER (WHERE error IS NOT NULL)::int AS errors FROM event_inbox`);
    const [{ visits }] = await ds.query(`SELECT count(*)::int AS visits FROM visit`);
    latencies.sort((a, b) => a - b);
    return {
      targetRate: opts.rate,
      sent: total,
      accepted: expected,
      failed,
      acceptedPerSecond: Math.round(expected / acceptSeconds),
      p50Ms: +percentile(latencies, 50).toFixed(1),
      p99Ms: +percentile(latencies, 99).toFixed(1),
      maxMs: +latencies[latencies.length - 1].toFixed(1),
      processed,
      processedPerSecond: Math.round(processed / processSeconds),
      processingErrors: errors,
      visitsWritten: visits,
    };
  } finally {
    api.kill('SIGTERM');
    worker?.kill('SIGTERM');
    await ds.destroy();
  }
}
