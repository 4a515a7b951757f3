import 'reflect-metadata';
import { ChildProcess } from 'node:child_process';
import http from 'node:http';
import { BusinessRepository } from '../src/business/business.repository';
import { createDataSource } from '../src/database/data-source';
import { runMigrations } from '../src/database/migrate';
import { generateDemoData } from '../src/demo-data/demo-data.generator';
import { DEFAULT_ASSESSMENT_PARAMS } from '../src/risk/assessment/assessment-sql';
import { RiskAssessmentRepository } from '../src/risk/assessment/risk-assessment.repository';
import { RiskRunRepository } from '../src/risk/assessment/risk-run.repository';
import { startProcess, waitHttp } from './ingest-webhooks';
import { arg, ensureDatabase, log, quantile } from './support/bench-setup';

// npm run bench:builder [-- --clients 100000 --edits 20 --port 3941]
// The segment builder's round trip (web.md page 4): the page sends POST /api/v1/segments/preview
// 300 ms after the last edit and shows the count when it answers. This sends the tree after each
// of `edits` edits of a five-condition segment (status, visits in the last 30 days, payment
// method, overdue invoice, age; one parameter changed per edit, so no answer is a repeat) to a
// running API process over HTTP, one after the other as a person edits, and prints the median and
// p95 of the round trips, and of edit-to-count-on-screen (round trip + the 300 ms debounce).
// Target (issue #11): under 1.5 s p95 at 1M clients. Data: its own database
// (comeback_bench_builder), generated once at --clients, with today's statuses from a risk pass.

const DB = process.env.BENCH_BUILDER_DATABASE ?? 'comeback_bench_builder';
const DEBOUNCE_MS = 300;

/** The five-condition segment after edit `i`: each edit changes one parameter. */
function treeAfterEdit(i: number) {
  const statuses = [['at_risk', 'in_trouble'], ['at_risk', 'in_trouble', 'loving_it'], ['at_risk']][i % 3];
  return {
    and: [
      { condition: 'status', statuses },
      { condition: 'visits', operator: '<=', value: 1 + (i % 5), window: { last: 30 } },
      { condition: 'subscription_payment_method', methods: i % 4 === 3 ? ['direct_debit', 'recurring_card'] : ['direct_debit'] },
      { or: [{ condition: 'days_since_overdue_invoice', operator: '>=', value: 1 + (i % 7) }, { not: { condition: 'member', value: true } }] },
      { condition: 'age', operator: '>=', value: 20 + i },
    ],
  };
}

function post(port: number, path: string, apiKey: string, body: unknown): Promise<{ status: number; body: string }> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

async function main(): Promise<void> {
  const clients = arg('clients', 100_000);
  const edits = arg('edits', 20);
  const port = arg('port', 3941);
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
      log(`generated in ${g.seconds.toFixed(0)} s: ${g.visits} visits`);
      biz = { id: businessId };
    }
    const businessId: string = biz.id;
    const [{ n: size }] = await ds.query(`SELECT count(*)::int AS n FROM client WHERE business_id = $1`, [businessId]);
    const [{ fresh }] = await ds.query(`SELECT EXISTS (SELECT 1 FROM client_status WHERE business_id = $1 AND inputs_at > now() - interval '1 day') AS fresh`, [businessId]);
    if (!fresh) {
      const started = Date.now();
      const repo = new RiskAssessmentRepository(ds);
      const ranges = await new RiskRunRepository(ds).ranges(businessId, 5000);
      for (const r of ranges) await repo.assess(businessId, r, DEFAULT_ASSESSMENT_PARAMS);
      await ds.query(`VACUUM (ANALYZE) client, client_status, subscription, invoice, visit`);
      log(`today's statuses and analyze in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    const apiKey = await new BusinessRepository(ds).createApiKey(businessId, 'bench-builder');

    api = startProcess('main.ts', { DATABASE_URL: url, PORT: String(port), QUEUE_PREFIX: `bench-builder-${Date.now()}`, STALE_SYNC_MINUTES: '100000' });
    await waitHttp(port, 120_000);
    // the page is open and has counted once before the first edit
    const warm = await post(port, '/api/v1/segments/preview', apiKey, { conditions: treeAfterEdit(-1 + edits * 2) });
    if (warm.status !== 200) throw new Error(`preview answered ${warm.status}: ${warm.body.slice(0, 300)}`);

    const roundTrips: number[] = [];
    const counts: number[] = [];
    for (let i = 0; i < edits; i++) {
      const t = process.hrtime.bigint();
      const res = await post(port, '/api/v1/segments/preview', apiKey, { conditions: treeAfterEdit(i) });
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      if (res.status !== 200) throw new Error(`edit ${i}: ${res.status} ${res.body.slice(0, 300)}`);
      roundTrips.push(Math.round(ms));
      counts.push(JSON.parse(res.body).count);
    }
    const onScreen = roundTrips.map((ms) => ms + DEBOUNCE_MS);
    console.log(
      JSON.stringify(
        {
          clients: size,
          edits,
          targetP95Ms: 1500,
          roundTripMs: { median: quantile(roundTrips, 0.5), p95: quantile(roundTrips, 0.95), max: Math.max(...roundTrips) },
          editToCountOnScreenMs: { median: quantile(onScreen, 0.5), p95: quantile(onScreen, 0.95), debounceMs: DEBOUNCE_MS },
          roundTripsMs: roundTrips,
          counts,
        },
        null,
        2,
      ),
    );
  } finally {
    api?.kill('SIGTERM');
    await ds.destroy();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
