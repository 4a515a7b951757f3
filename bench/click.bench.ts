import { ChildProcess, spawn } from 'child_process';
import http from 'http';
import { join } from 'path';
import { performance } from 'perf_hooks';
import { Client } from 'pg';
import { BusinessRepository } from '../src/business/business.repository';
import { clickKey, dayOf, signClickToken } from '../src/actions/engagement/click-token';
import { validateEnv } from '../src/config/validate-env';
import { createDataSource } from '../src/database/data-source';
import { runMigrations } from '../src/database/migrate';
import { recreateDb, waitHttp } from './ingest-webhooks';
import { arg } from './support/bench-setup';
import { LoopDelay, phasedLoopDelay } from './support/loop-delay-probe';

// npm run bench:click [-- --rate 500 --seconds 20 --block 2 --api-root <checkout>]
// The click redirect GET /c/<token>: the API as its own process on a fresh database with 10,000
// sent email touches of two links each. Requests leave open-loop on a fixed schedule (request i
// at t0 + i/rate) over keep-alive connections, and each latency is measured from the time the
// request was due, not from when it left (a late sender or a full connection pool counts
// against the server, no coordinated omission).
// Two kinds of blocks alternate (--block seconds each, --seconds of each in all), so both see the
// same machine: "baseline", the same route with a well-formed token whose signature is wrong
// (the whole HTTP stack and the HMAC check, 404, no database), and "click", valid tokens (302
// after the click's row is committed). Also measured per kind: the API's and this process's
// event-loop delay, the API's CPU time per request (less its idle CPU, measured first), how late
// this process sent, and the latency of one durable single-row
// commit on the same PostgreSQL (a probe, 20/s). At the end: clicks recorded vs redirected.
// --api-root runs the API of another checkout (same database schema), to compare before/after.

const KINDS = ['baseline', 'click'] as const;
type Kind = (typeof KINDS)[number];

const ms = (x: number | undefined) => (x === undefined ? null : +x.toFixed(2));
function pct(sorted: number[], p: number): number | undefined {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : undefined;
}
const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50Ms: ms(pct(s, 50)), p95Ms: ms(pct(s, 95)), p99Ms: ms(pct(s, 99)), maxMs: ms(s[s.length - 1]) };
};
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

function startApi(root: string, env: NodeJS.ProcessEnv): ChildProcess {
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  return spawn(process.execPath, [...profile, '-r', 'ts-node/register/transpile-only', '-r', join(__dirname, 'support', 'loop-delay-probe.ts'), join(root, 'src', 'main.ts')], {
    cwd: root,
    env: { ...process.env, ...env, LOG_LEVEL: 'warn', TS_NODE_TRANSPILE_ONLY: 'true', LOOP_DELAY_PROBE: '1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

async function main(): Promise<void> {
  const adminUrl = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const rate = arg('rate', 500);
  const seconds = arg('seconds', 20);
  const block = arg('block', 2);
  const port = arg('port', 3931);
  const rootAt = process.argv.indexOf('--api-root');
  const apiRoot = rootAt > 0 ? process.argv[rootAt + 1] : join(__dirname, '..');
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
  await ds.query(`CREATE TABLE bench_commit_probe (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())`);
  // the API process gets the same SECRETS_KEY (env, else this checkout's key)
  const secretsKey = validateEnv().SECRETS_KEY;
  const key = clickKey(secretsKey);
  const day = dayOf(new Date());
  const tokens = ids.flatMap(({ id }) => [0, 1].map((index) => signClickToken(key, 'click', { businessId, touchId: id, index, day })));
  // well formed, signed with another key: the route does everything but the database
  const wrongKey = clickKey('cd'.repeat(32));
  const forged = ids.flatMap(({ id }) => [0, 1].map((index) => signClickToken(wrongKey, 'click', { businessId, touchId: id, index, day })));

  const api = startApi(apiRoot, { DATABASE_URL: url, PORT: String(port), QUEUE_PREFIX: `bench-click-${Date.now()}`, SECRETS_KEY: secretsKey });
  const probeClient = new Client({ connectionString: url });
  try {
    await waitHttp(port, 300_000);
    await probeClient.connect();
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    const lat: Record<Kind, number[]> = { baseline: [], click: [] };
    const sendLag: Record<Kind, number[]> = { baseline: [], click: [] };
    const commitProbe: Record<Kind, number[]> = { baseline: [], click: [] };
    const wrong: Record<Kind, number> = { baseline: 0, click: 0 };
    const sent: Record<Kind, number> = { baseline: 0, click: 0 };
    const elapsed: Record<Kind, number> = { baseline: 0, click: 0 };
    let n = 0;

    const get = (path: string, expect: number, due: number, kind: Kind | undefined): Promise<void> =>
      new Promise((resolve) => {
        if (kind) sendLag[kind].push(performance.now() - due);
        const req = http.request({ host: '127.0.0.1', port, path, method: 'GET', agent }, (res) => {
          res.resume();
          res.on('end', () => {
            if (kind) {
              if (res.statusCode === expect) lat[kind].push(performance.now() - due);
              else wrong[kind]++;
            }
            resolve();
          });
        });
        req.on('error', () => {
          if (kind) wrong[kind]++;
          resolve();
        });
        req.end();
      });

    // one block: `count` requests on the schedule t0 + i/rate; kind undefined: warm-up, not counted
    async function openLoop(kind: Kind | undefined, count: number, path: (i: number) => [string, number]): Promise<void> {
      const inflight: Promise<void>[] = [];
      const t0 = performance.now();
      let i = 0;
      while (i < count) {
        const now = performance.now();
        for (let due = t0 + (i * 1000) / rate; i < count && due <= now; due = t0 + (++i * 1000) / rate) {
          const [p, expect] = path(i);
          inflight.push(get(p, expect, due, kind));
        }
        await sleep(1);
      }
      await Promise.all(inflight);
      if (kind) {
        elapsed[kind] += (performance.now() - t0) / 1000;
        sent[kind] += count;
      }
    }

    let probing: Kind | undefined;
    let probeStop = false;
    const probeLoop = (async () => {
      while (!probeStop) {
        await sleep(50);
        const kind = probing;
        const t = performance.now();
        await probeClient.query('INSERT INTO bench_commit_probe DEFAULT VALUES');
        if (kind) commitProbe[kind].push(performance.now() - t);
      }
    })();

    const nextToken = () => tokens[(n++ * 7919) % tokens.length];
    const paths: Record<Kind, () => [string, number]> = {
      baseline: () => [`/c/${forged[(n++ * 7919) % forged.length]}`, 404],
      click: () => [`/c/${nextToken()}`, 302],
    };
    // warm-up (JIT, the pool's connections): both kinds mixed, not counted
    await openLoop(undefined, Math.min(2 * rate, 2000), (i) => (i % 2 ? paths.click() : paths.baseline()));
    const [{ n: warm }] = await ds.query(`SELECT count(*)::int AS n FROM touch_click`);

    const self = phasedLoopDelay();
    // the API's own CPU with no requests (timers, queue and pool housekeeping), to tell apart from the requests'
    api.send({ phase: 'idle' });
    self.phase('idle');
    await sleep(block * 1000);
    const perBlock = Math.round(rate * block);
    const blocks = Math.ceil((rate * seconds) / perBlock);
    for (let b = 0; b < 2 * blocks; b++) {
      const kind = KINDS[b % 2];
      api.send({ phase: kind });
      self.phase(kind);
      probing = kind;
      await openLoop(kind, perBlock, paths[kind]);
      probing = undefined;
    }
    api.send({ phase: 'end' });
    self.phase('end');
    const serverLoop = await new Promise<Record<string, LoopDelay>>((resolve) => {
      api.once('message', (m: { loopDelay: Record<string, LoopDelay> }) => resolve(m.loopDelay));
      api.send({ report: true });
    });
    probeStop = true;
    await probeLoop;
    const [{ n: recorded }] = await ds.query(`SELECT count(*)::int AS n FROM touch_click`);
    agent.destroy();
    const clientLoop = self.report();
    const report = (kind: Kind) => ({
      sent: sent[kind],
      ok: lat[kind].length,
      failed: wrong[kind],
      achievedPerSecond: Math.round(lat[kind].length / elapsed[kind]),
      latency: summary(lat[kind]),
      apiEventLoopDelay: serverLoop[kind],
      // less what the API spends idle in the same time
      apiCpuMsPerRequest: +((serverLoop[kind].cpuMs - (serverLoop.idle.cpuMs / block) * elapsed[kind]) / sent[kind]).toFixed(3),
      benchEventLoopDelay: clientLoop[kind],
      benchSendLateP99Ms: summary(sendLag[kind]).p99Ms,
      singleRowCommitProbe: summary(commitProbe[kind]),
    });
    const click = report('click');
    const baseline = report('baseline');
    const apiIdleCpuMsPerSecond = Math.round(serverLoop.idle.cpuMs / block);
    console.log(JSON.stringify({ targetRate: rate, secondsEach: seconds, blockSeconds: block, apiIdleCpuMsPerSecond, click, baseline }, null, 1));
    console.log(
      `click p50/p95/p99 ${click.latency.p50Ms}/${click.latency.p95Ms}/${click.latency.p99Ms} ms at ${click.achievedPerSecond}/s of ${rate}/s; ` +
        `baseline (404, no database) p50/p99 ${baseline.latency.p50Ms}/${baseline.latency.p99Ms} ms; ` +
        `API event-loop delay p99 click ${click.apiEventLoopDelay?.p99Ms} ms, baseline ${baseline.apiEventLoopDelay?.p99Ms} ms; ` +
        `API CPU per request click ${click.apiCpuMsPerRequest} ms, baseline ${baseline.apiCpuMsPerRequest} ms; ` +
        `clicks recorded ${recorded - warm} of ${click.sent} sent, ${click.ok} redirected (${recorded - warm === click.ok ? 'every redirect recorded' : 'MISMATCH'})`,
    );
  } finally {
    api.kill('SIGTERM');
    await probeClient.end().catch(() => undefined);
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
