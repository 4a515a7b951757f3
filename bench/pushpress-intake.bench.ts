import { BusinessRepository } from '../src/business/business.repository';
import { signComebackPayload } from '../src/common/payload-signing';
import { SecretBox } from '../src/common/secret-box';
import { validateEnv } from '../src/config/validate-env';
import { createDataSource } from '../src/database/data-source';
import { runMigrations } from '../src/database/migrate';
import { computePushPressSignature } from '../src/integrations/pushpress/pushpress-signature';
import { recreateDb, startProcess, waitHttp } from './ingest-webhooks';
import { arg } from './support/bench-setup';
import { postOpenLoop } from './support/webhook-load';

// npx ts-node --transpile-only bench/pushpress-intake.bench.ts [-- --rate 1000 --seconds 10]
// PushPress intake against the generic webhook's, in the same run on the same machine: the API
// and (after the load) one worker as separate processes, signed deliveries sent open-loop over
// loopback, 80 % check-ins / 20 % customer changes of 10,000 clients. Prints accepted/s, p50,
// p99, then how fast the worker drains them, and the PushPress/generic ratios.

type Kind = 'generic' | 'pushpress';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const SECRET = 'whsec_bench_secret_value_0123456789';

/** One delivery of either kind: the body and its signature header. */
function delivery(kind: Kind, n: number, clients: number): { body: string; headers: Record<string, string> } {
  const c = 1 + (n % clients);
  const ms = Date.UTC(2026, 2, 1) + n * 60_000;
  if (kind === 'generic') {
    const at = new Date(ms).toISOString();
    const event =
      n % 5 === 0
        ? { id: `e${n}`, type: 'client.upserted', occurredAt: at, data: { externalId: `c${c}`, lastName: `L${n}` } }
        : { id: `e${n}`, type: 'visit.created', occurredAt: at, data: { externalId: `v${n}`, clientExternalId: `c${c}`, visitedAt: at, kind: 'gym' } };
    const body = JSON.stringify(event);
    return { body, headers: { 'x-comeback-signature': signComebackPayload(body, SECRET, Math.floor(Date.now() / 1000)) } };
  }
  const data =
    n % 5 === 0
      ? { id: `c${c}`, companyId: 'cli_bench', name: { first: 'Client', last: `L${n}` }, email: `c${c}@example.test`, role: 'member' }
      : { id: `chk_${n}`, customer: `c${c}`, company: 'cli_bench', timestamp: ms, source: 'kiosk', result: 'success', kind: 'open' };
  const body = JSON.stringify({ data, created: Math.floor(ms / 1000), event: n % 5 === 0 ? 'customer.details.changed' : 'checkin.created' });
  return { body, headers: { 'webhook-signature': computePushPressSignature(data, SECRET) } };
}

async function bench(kind: Kind, rate: number, seconds: number, clients: number, port: number, adminUrl: string): Promise<Record<string, number | string>> {
  const url = await recreateDb(adminUrl, `comeback_bench_${kind}`);
  await runMigrations(url);
  const ds = createDataSource(url);
  await ds.initialize();
  const { businessId } = await new BusinessRepository(ds).create({ name: 'Bench', timezone: 'Europe/Stockholm' });
  const box = new SecretBox(validateEnv().SECRETS_KEY);
  await ds.query(`INSERT INTO integration_connection (business_id, provider, config, secrets_enc) VALUES ($1, $2, $3, $4)`, [
    businessId,
    kind,
    kind === 'generic' ? { auth: 'hmac' } : {},
    box.seal({ signingSecret: SECRET }),
  ]);
  await ds.query(`INSERT INTO client (business_id, source, external_id, first_name) SELECT $1, $2, 'c' || g, 'Client ' || g FROM generate_series(1, $3) g`, [businessId, kind, clients]);

  const env = { DATABASE_URL: url, PORT: String(port), QUEUE_PREFIX: `bench-${kind}-${Date.now()}` };
  const api = startProcess('main.ts', env);
  let worker: ReturnType<typeof startProcess> | undefined;
  try {
    await waitHttp(port);
    const total = rate * seconds;
    const { latencies, failed, acceptSeconds } = await postOpenLoop({ port, path: `/webhooks/${kind}/${businessId}`, rate, total, delivery: (n) => delivery(kind, n, clients) });

    const drainStart = Date.now();
    worker = startProcess('worker.ts', env);
    let processed = 0;
    const deadline = Date.now() + 600_000;
    while (Date.now() < deadline) {
      processed = (await ds.query(`SELECT count(*)::int AS n FROM event_inbox WHERE processed_at IS NOT NULL`))[0].n;
      if (processed >= latencies.length) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const processSeconds = (Date.now() - drainStart) / 1000;
    const [{ notes, visits }] = await ds.query(`SELECT (SELECT count(*) FILTER (WHERE error IS NOT NULL) FROM event_inbox)::int AS notes, (SELECT count(*) FROM visit)::int AS visits`);
    latencies.sort((a, b) => a - b);
    return {
      kind,
      targetRate: rate,
      sent: total,
      accepted: latencies.length,
      failed,
      acceptedPerSecond: Math.round(latencies.length / acceptSeconds),
      p50Ms: +percentile(latencies, 50).toFixed(1),
      p99Ms: +percentile(latencies, 99).toFixed(1),
      processed,
      processedPerSecond: Math.round(processed / processSeconds),
      inboxNotes: notes,
      visitsWritten: visits,
    };
  } finally {
    api.kill('SIGTERM');
    worker?.kill('SIGTERM');
    await ds.destroy();
  }
}

async function main(): Promise<void> {
  const adminUrl = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const rate = arg('rate', 1000);
  const seconds = arg('seconds', 10);
  const port = arg('port', 3927);
  const generic = await bench('generic', rate, seconds, 10_000, port, adminUrl);
  console.log(JSON.stringify(generic));
  const pushpress = await bench('pushpress', rate, seconds, 10_000, port, adminUrl);
  console.log(JSON.stringify(pushpress));
  const ratio = (k: string) => +(Number(pushpress[k]) / Number(generic[k])).toFixed(2);
  console.log(JSON.stringify({ pushpressToGeneric: { acceptedPerSecond: ratio('acceptedPerSecond'), p99Ms: ratio('p99Ms'), processedPerSecond: ratio('processedPerSecond') } }));
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
