import http from 'http';
import { BusinessRepository } from '../src/business/business.repository';
import { clickKey, dayOf, signClickToken } from '../src/actions/engagement/click-token';
import { validateEnv } from '../src/config/validate-env';
import { createDataSource } from '../src/database/data-source';
import { runMigrations } from '../src/database/migrate';
import { recreateDb, startProcess, waitHttp } from './ingest-webhooks';
import { arg } from './support/bench-setup';

// npm run bench:click [-- --rate 500 --seconds 20]
// The click redirect GET /c/<token>: the API as its own process on a fresh database with 10,000
// sent email touches of two links each; signed tokens requested open-loop at --rate over
// loopback (keep-alive). Prints answered/s, p50, p99 and max, and checks that every 302 left
// its touch_click row (durable: the INSERT commits before the answer).

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main(): Promise<void> {
  const adminUrl = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const rate = arg('rate', 500);
  const seconds = arg('seconds', 20);
  const port = arg('port', 3931);
  const touches = 10_000;
  const url = await recreateDb(adminUrl, 'comeback_bench_click');
  await runMigrations(url);
  const ds = createDataSource(url);
  await ds.initialize();
  const { businessId } = await new BusinessRepository(ds).create({ name: 'Bench', timezone: 'Europe/Stockholm' });
  await ds.query(`INSERT INTO client (business_id, source, external_id, first_name, email) SELECT $1, 'bench', 'c' || g, 'C' || g, 'c' || g || '@example.test' FROM generate_series(1, $2) g`, [
    businessId,
    touches,
  ]);
  const ids: Array<{ id: string }> = await ds.query(
    `INSERT INTO touch (business_id, client_id, channel, origin, status) SELECT $1, id, 'email', 'campaign:1:step:1', 'sent' FROM client WHERE business_id = $1 RETURNING id::text AS id`,
    [businessId],
  );
  await ds.query(
    `INSERT INTO touch_link (touch_id, idx, business_id, client_id, url)
     SELECT t.id, i, t.business_id, t.client_id, 'https://gym.example/book?slot=' || i FROM touch t CROSS JOIN generate_series(0, 1) i WHERE t.business_id = $1`,
    [businessId],
  );
  // the API process resolves the same SECRETS_KEY (env, else the checkout's key)
  const key = clickKey(validateEnv().SECRETS_KEY);
  const day = dayOf(new Date());
  const tokens = ids.flatMap(({ id }) => [0, 1].map((index) => signClickToken(key, 'click', { businessId, touchId: id, index, day })));

  const api = startProcess('main.ts', { DATABASE_URL: url, PORT: String(port), QUEUE_PREFIX: `bench-click-${Date.now()}` });
  try {
    await waitHttp(port);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    const get = (token: string): Promise<number | null> =>
      new Promise((resolve) => {
        const started = process.hrtime.bigint();
        const req = http.request({ host: '127.0.0.1', port, path: `/c/${token}`, method: 'GET', agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode === 302 ? Number(process.hrtime.bigint() - started) / 1e6 : null));
        });
        req.on('error', () => resolve(null));
        req.end();
      });
    // warm-up (JIT, pool), not measured and not counted
    for (let i = 0; i < 200; i++) await get(tokens[i]);
    const [{ n: warm }] = await ds.query(`SELECT count(*)::int AS n FROM touch_click`);

    const total = rate * seconds;
    const latencies: number[] = [];
    let failed = 0;
    const inflight: Promise<void>[] = [];
    const t0 = Date.now();
    let sent = 0;
    // open-loop: requests leave on schedule whatever the answers
    while (sent < total) {
      const due = Math.min(total, Math.floor(((Date.now() - t0) / 1000) * rate));
      while (sent < due) {
        const token = tokens[(sent * 7919) % tokens.length];
        inflight.push(get(token).then((ms) => void (ms === null ? failed++ : latencies.push(ms))));
        sent++;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await Promise.all(inflight);
    const elapsed = (Date.now() - t0) / 1000;
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM touch_click`);
    latencies.sort((a, b) => a - b);
    agent.destroy();
    console.log(
      JSON.stringify({
        targetRate: rate,
        sent: total,
        redirected: latencies.length,
        failed,
        answeredPerSecond: Math.round(latencies.length / elapsed),
        p50Ms: +percentile(latencies, 50).toFixed(2),
        p99Ms: +percentile(latencies, 99).toFixed(2),
        maxMs: +latencies[latencies.length - 1].toFixed(2),
        clicksRecorded: n - warm,
        everyRedirectRecorded: n - warm === latencies.length,
      }),
    );
  } finally {
    api.kill('SIGTERM');
    await ds.destroy();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
