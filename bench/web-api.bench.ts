import 'reflect-metadata';
import { ChildProcess } from 'node:child_process';
import http from 'node:http';
import { DataSource } from 'typeorm';
import { BusinessRepository } from '../src/business/business.repository';
import { createDataSource } from '../src/database/data-source';
import { runMigrations } from '../src/database/migrate';
import { generateDemoData } from '../src/demo-data/demo-data.generator';
import { DEFAULT_ASSESSMENT_PARAMS } from '../src/risk/assessment/assessment-sql';
import { RiskAssessmentRepository } from '../src/risk/assessment/risk-assessment.repository';
import { RiskRunRepository } from '../src/risk/assessment/risk-run.repository';
import { replayStatusHistory } from '../src/risk/assessment/status-history-replay';
import { EstimationRepository } from '../src/risk/estimation-runs/estimation.repository';
import { EstimationService } from '../src/risk/estimation-runs/estimation.service';
import { HealthRepository } from '../src/risk/health/health.repository';
import { DEFAULT_RISK_SETTINGS } from '../src/risk/rules/risk-settings';
import { startProcess, waitHttp } from './ingest-webhooks';
import { arg, ensureDatabase, log, median, timed } from './support/bench-setup';

// npm run bench:web-api [-- --clients 1000000 --runs 5 --port 3931] (--prepare-only: data only)
// The two calls the daily pages open with, at 1M clients, through HTTP on a running API
// process (src/main.ts), each warm (one call first) and the median of `runs`:
//   1. GET /api/v1/overview (counts, status mix, health bands, at-risk now and a week ago);
//   2. GET /api/v1/clients, a page of 50 members with filters: status at_risk + health band +
//      joined range, and the same with a name search (q).
// Goal (quality.md / web.md): under 1 s each. It reuses the generated business of the other
// benchmarks (comeback_bench_generate, npm run bench:generate) and gives it, once, what the pages
// read: a replayed 12-month status history and today's statuses, health scores and the BG/NBD
// estimate.

const DB = process.env.BENCH_WEB_DATABASE ?? 'comeback_bench_generate';

/** Runs fn over the business's id ranges on `connections` connections at once. */
async function overRanges(ds: DataSource, businessId: string, connections: number, fn: (r: { fromId: string; toId: string }) => Promise<unknown>): Promise<void> {
  const ranges = await new RiskRunRepository(ds).ranges(businessId, 5000);
  let next = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (let r = ranges[next++]; r; r = ranges[next++]) await fn(r);
    }),
  );
}

/** What the pages read, made once: status history and statuses, health, estimate. */
async function prepare(ds: DataSource, businessId: string): Promise<void> {
  const [s] = await ds.query(
    `SELECT to_char((now() AT TIME ZONE b.timezone)::date, 'YYYY-MM-DD') AS today,
            to_char(((now() AT TIME ZONE b.timezone)::date - interval '12 months')::date, 'YYYY-MM-DD') AS from,
            EXISTS (SELECT 1 FROM status_change x WHERE x.business_id = b.id AND x.changed_at < now() - interval '60 days') AS history,
            EXISTS (SELECT 1 FROM client_health h WHERE h.business_id = b.id) AS health,
            EXISTS (SELECT 1 FROM bgnbd_fit f WHERE f.business_id = b.id) AS fit
       FROM business b WHERE b.id = $1`,
    [businessId],
  );
  let changed = false;
  if (!s.history) {
    // bench:risk clears the statuses it measures; the pages need a history behind them
    log('no status history: replaying 12 months of it (the rules as of every 7th day and each month end)');
    await ds.query(`DELETE FROM status_change WHERE business_id = $1`, [businessId]);
    await ds.query(`DELETE FROM client_status WHERE business_id = $1`, [businessId]);
    await ds.query(`VACUUM client_status, status_change`);
    const replay = await replayStatusHistory(ds, { businessId, from: s.from, to: s.today, connections: 2 });
    log(`replayed ${replay.days.length} days: ${replay.changes} status changes in ${replay.seconds} s`);
    // 63 passes rewrote the status rows in place; with autovacuum off (this server) the table is
    // left at several times its size, which a live system's autovacuum would have kept in check
    await ds.query(`VACUUM FULL client_status`);
    changed = true;
  }
  // today's pass (the live statement), as the scheduled pass would have made it
  const [{ stale }] = await ds.query(`SELECT NOT EXISTS (SELECT 1 FROM client_status cs WHERE cs.business_id = $1 AND cs.inputs_at > now() - interval '6 hours') AS stale`, [businessId]);
  if (stale || changed) {
    const repo = new RiskAssessmentRepository(ds);
    const [, ms] = await timed(() => overRanges(ds, businessId, 2, (r) => repo.assess(businessId, r, DEFAULT_ASSESSMENT_PARAMS)));
    log(`risk pass for today in ${(ms / 1000).toFixed(1)} s`);
    changed = true;
  }
  if (!s.health) {
    const health = new HealthRepository(ds);
    const settings = DEFAULT_RISK_SETTINGS.health;
    const [, ms] = await timed(async () => {
      const m = await health.median(businessId, settings);
      await overRanges(ds, businessId, 2, (r) => health.compute(businessId, r, settings, { median: m ?? 0 }));
    });
    log(`health scores in ${(ms / 1000).toFixed(1)} s`);
    changed = true;
  }
  if (!s.fit) {
    const fit = await new EstimationService(new EstimationRepository(ds)).refit(businessId);
    log(`BG/NBD refit: ${fit.fitted ? `${fit.estimatesWritten} estimates in ${fit.seconds.toFixed(1)} s` : fit.reason}`);
    changed = true;
  }
  if (changed) {
    // as autovacuum would long before anyone opens the page: visibility maps and statistics
    const [, ms] = await timed(() => ds.query(`VACUUM (ANALYZE) client, subscription, quota, visit, client_status, status_change, client_health, client_estimate`));
    log(`vacuum and analyze in ${(ms / 1000).toFixed(1)} s`);
  }
}

function get(port: number, path: string, apiKey: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method: 'GET', headers: { authorization: `Bearer ${apiKey}` } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function main(): Promise<void> {
  const clients = arg('clients', 1_000_000);
  const runs = arg('runs', 5);
  const port = arg('port', 3931);
  const url = await ensureDatabase(DB);
  await runMigrations(url);
  const ds = createDataSource(url);
  await ds.initialize();
  let api: ChildProcess | undefined;
  try {
    let [biz] = await ds.query(`SELECT b.id FROM business b WHERE (SELECT count(*) FROM client c WHERE c.business_id = b.id) >= $1 ORDER BY b.created_at LIMIT 1`, [clients]);
    if (!biz) {
      log(`generating ${clients} clients (12 months) into ${DB}...`);
      const { businessId } = await new BusinessRepository(ds).create({ name: 'Bench Gym', timezone: 'Europe/Stockholm' });
      const g = await generateDemoData(ds, { businessId, clients, months: 12, seed: 42 });
      log(`generated in ${g.seconds.toFixed(0)} s: ${g.visits} visits, ${g.statusChanges} status changes (phases ${JSON.stringify(g.phases)})`);
      biz = { id: businessId };
    }
    const businessId: string = biz.id;
    await prepare(ds, businessId);
    if (process.argv.includes('--prepare-only')) return;

    const apiKey = await new BusinessRepository(ds).createApiKey(businessId, 'bench-web-api');
    // filters that select: a joined range around the middle of the members' registrations
    const [f] = await ds.query(
      `SELECT to_char(((now() AT TIME ZONE b.timezone)::date - 300), 'YYYY-MM-DD') AS joined_from,
              to_char(((now() AT TIME ZONE b.timezone)::date - 30), 'YYYY-MM-DD') AS joined_to,
              (SELECT count(*) FROM client_status WHERE business_id = b.id AND status = 'at_risk')::int AS at_risk,
              (SELECT count(*) FROM status_change WHERE business_id = b.id)::int AS history
         FROM business b WHERE b.id = $1`,
      [businessId],
    );
    log(`business ${businessId}: ${f.at_risk} At Risk now, ${f.history} status changes in its history`);

    api = startProcess('main.ts', { DATABASE_URL: url, PORT: String(port), QUEUE_PREFIX: `bench-web-${Date.now()}`, STALE_SYNC_MINUTES: '100000' });
    await waitHttp(port, 120_000);

    const cases: Array<[string, string]> = [
      ['overview', '/api/v1/overview'],
      ['members: at_risk + red/yellow band + joined range, 50', `/api/v1/clients?status=at_risk&band=red,yellow&joinedFrom=${f.joined_from}&joinedTo=${f.joined_to}&limit=50`],
      ['members: same + search q=an', `/api/v1/clients?status=at_risk&band=red,yellow&joinedFrom=${f.joined_from}&joinedTo=${f.joined_to}&q=an&limit=50`],
      ['members: in_trouble, search q=lind (rarer), 50', `/api/v1/clients?status=in_trouble&q=lind&limit=50`],
      ['members: next page (after cursor) of the first filter', ''],
    ];
    const results: Record<string, { medianMs: number; runsMs: number[]; items?: number }> = {};
    let cursor: string | null = null;
    for (const [name, path0] of cases) {
      const path = path0 || `${cases[1][1]}&after=${cursor}`;
      if (!path0 && !cursor) continue;
      const [first, firstMs] = await timed(() => get(port, path, apiKey)); // warm
      if (first.status !== 200) throw new Error(`${path}: ${first.status} ${first.body.slice(0, 300)}`);
      log(`${name}: first call ${Math.round(firstMs)} ms`);
      const body = JSON.parse(first.body);
      if (name.startsWith('members: at_risk')) cursor = body.nextCursor;
      if (name === 'overview') {
        // a count older than a minute makes that first call start a recount in the background;
        // measure with it finished (it runs at most once a minute), and say what it cost
        const deadline = Date.now() + 300_000;
        for (;;) {
          const [row] = await ds.query(`SELECT refreshing_since IS NULL AS idle, took_ms, computed_at FROM overview_member_count WHERE business_id = $1`, [businessId]);
          if (row?.idle || Date.now() > deadline) {
            log(`members now last counted at ${row?.computed_at?.toISOString()} in ${row?.took_ms} ms`);
            break;
          }
          await new Promise((r) => setTimeout(r, 500));
        }
      }
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push((await timed(() => get(port, path, apiKey)))[1]);
      results[name] = { medianMs: Math.round(median(times)), runsMs: times.map(Math.round), ...(Array.isArray(body.items) ? { items: body.items.length } : {}) };
      if (name === 'overview')
        log(`overview: ${JSON.stringify({ membersNow: body.membersNow, membersAsOf: body.membersAsOf, statusCounts: body.statusCounts, healthBands: body.healthBands, atRisk: body.atRisk })}`);
    }
    console.log(JSON.stringify({ clients, runs, goalMs: 1000, results }, null, 2));
  } finally {
    api?.kill('SIGTERM');
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
