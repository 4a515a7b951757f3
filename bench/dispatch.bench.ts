import { NestFactory } from '@nestjs/core';
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ActionsService } from '../src/actions/actions.service';
import { EmailProvider } from '../src/actions/channels/email/email.provider';
import { createPooledTransport } from '../src/actions/channels/email/smtp-transport';
import { AppModule } from '../src/app.module';
import { validateEnv } from '../src/config/validate-env';
import { JobQueue } from '../src/queue/job-queue.service';
import { QueueName } from '../src/queue/queue-names';
import { createDataSource } from '../src/database/data-source';
import { runMigrations } from '../src/database/migrate';
import { startSmtpSink } from '../test/fakes/smtp-sink';
import { arg } from './support/bench-setup';

// npm run bench:dispatch [-- --clients 100000 --rounds 4 --pool 5 --skip-baseline]
// A campaign email to N clients through the whole path — dispatch (touches claimed with the
// guards in one statement per 5,000 clients, delivery jobs of 500), a worker process (guards
// re-checked, chunks claimed, rendered, rate-limited, sent over the pooled SMTP transport,
// outcomes recorded) — to a local smtp-server sink that counts messages; next to the baseline:
// nodemailer's pooled transport sending the same N rendered messages in a plain loop to the same
// sink. Both in the same run, same pool size.

const ROOT = join(__dirname, '..');
const DB = 'comeback_bench_dispatch';
const TEMPLATE = {
  subject: 'We miss you, {{client.first_name | friend}}',
  html: '<p>Hi {{client.first_name | friend}},</p><p>{{business.name}} has not seen you in a while. Your usual 7 am class has spots this week.</p><p><a href="{{unsubscribe_url}}">Unsubscribe</a></p>',
  text: 'Hi {{client.first_name | friend}}, {{business.name}} has not seen you in a while. Your usual 7 am class has spots this week. Unsubscribe: {{unsubscribe_url}}',
};

async function recreateDb(adminUrl: string): Promise<string> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${DB}`;
  return u.toString();
}

function startWorker(env: Record<string, string>): ChildProcess {
  // BENCH_PROFILE_DIR=<dir> writes a V8 CPU profile of the worker there
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  return spawn(process.execPath, [...profile, '-r', 'ts-node/register/transpile-only', join(ROOT, 'src', 'worker.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env, LOG_LEVEL: 'warn', TS_NODE_TRANSPILE_ONLY: 'true' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function main(): Promise<void> {
  const n = arg('clients', 100_000);
  const pool = arg('pool', 5);
  const adminUrl = process.env.BENCH_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const url = await recreateDb(adminUrl);
  await runMigrations(url);

  const sink = await startSmtpSink({ keep: false });
  const seen = new Map<string, number>();
  sink.onMessage = ({ envelopeTo }) => {
    for (const to of envelopeTo) seen.set(to, (seen.get(to) ?? 0) + 1);
  };
  const env = { DATABASE_URL: url, QUEUE_PREFIX: `bench-dispatch-${Date.now()}`, SMTP_URL: sink.url, SMTP_POOL_SIZE: String(pool), PUBLIC_BASE_URL: 'https://comeback.example' };
  const config = validateEnv({ ...process.env, ...env, LOG_LEVEL: 'warn' });
  const ctx = await NestFactory.createApplicationContext(AppModule.forRole('api', config), { logger: ['error', 'warn'] });
  const ds = createDataSource(url);
  await ds.initialize();

  const [{ id: businessId }] = await ds.query(`INSERT INTO business (name, timezone, settings) VALUES ('Bench Gym', 'UTC', '{"messaging": {"quietHours": null}}') RETURNING id`);
  const t = Date.now();
  await ds.query(
    `INSERT INTO client (business_id, source, external_id, first_name, last_name, email, email_consent)
     SELECT $1, 'bench', 'c' || g, 'First' || g, 'Last' || g, 'member-' || g || '@bench.test', true FROM generate_series(1, $2) g`,
    [businessId, n],
  );
  await ds.query('ANALYZE client');
  const [{ ids }] = await ds.query(`SELECT array_agg(id::text ORDER BY id) AS ids FROM client WHERE business_id = $1`, [businessId]);
  console.log(`${n} clients in ${Date.now() - t} ms`);

  // The two are measured in alternating rounds over quarters of the clients (baseline, path,
  // path, baseline, ...) and summed, so load from anything else on the machine falls on both.
  const rounds = arg('rounds', 4);
  const skipBaseline = process.argv.includes('--skip-baseline');
  const provider = ctx.get(EmailProvider);
  const template = provider.validateTemplate(TEMPLATE);
  const worker = startWorker(env);
  // the clock starts once the worker consumes the email queue (ts-node boot is not measured)
  const emailQueue = ctx.get(JobQueue).queue(QueueName.DeliverEmail);
  await until(async () => (await emailQueue.getWorkers()).length > 0, 120_000);

  const baselineRound = async (slice: string[]): Promise<number> => {
    const sendCtx = { businessId, businessName: 'Bench Gym', timezone: 'UTC', runId: '0', origin: 'baseline', account: undefined, concurrency: 1 };
    const clients: Array<{ id: string; first_name: string; last_name: string; email: string; external_id: string }> = await ds.query(
      `SELECT id::text AS id, first_name, last_name, email, external_id FROM client WHERE business_id = $1 AND id = ANY($2::bigint[]) ORDER BY id`,
      [businessId, slice],
    );
    const messages = clients.map((c) =>
      provider.render(template, { touchId: c.id, clientId: c.id, externalId: c.external_id, firstName: c.first_name, lastName: c.last_name, email: c.email, phone: null, pushTokens: [] }, sendCtx),
    );
    // the sender runs in its own process, as the worker does on the whole path, so the sink
    // and the sender do not share one event loop in either measurement
    const file = join(tmpdir(), `comeback-dispatch-baseline-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(messages));
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', __filename, '--baseline-child', file, sink.url, String(pool)], {
      cwd: ROOT,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise((r) => child.once('message', r)); // loaded
    const exited = new Promise((r) => child.once('exit', r));
    const before = sink.count();
    const t0 = Date.now();
    child.send('go');
    await until(() => sink.count() - before >= slice.length, 30 * 60_000);
    const ms = Date.now() - t0;
    await exited;
    unlinkSync(file);
    return ms;
  };

  const pathRound = async (slice: string[], round: number): Promise<{ ms: number; dispatchMs: number; jobs: number }> => {
    const before = sink.count();
    const t0 = Date.now();
    const r = await ctx.get(ActionsService).dispatch({ businessId, origin: `campaign:1:step:1:round:${round}`, channel: 'email', clientIds: slice, template: TEMPLATE });
    const dispatchMs = Date.now() - t0;
    await until(() => sink.count() - before >= slice.length, 30 * 60_000);
    return { ms: Date.now() - t0, dispatchMs, jobs: r.jobs };
  };

  const q = Math.ceil(n / rounds);
  let baselineMs = 0;
  let pathMs = 0;
  for (let r = 0; r < rounds; r++) {
    const slice = ids.slice(r * q, (r + 1) * q);
    const b = !skipBaseline && r % 2 === 0 ? await baselineRound(slice) : 0;
    const p = await pathRound(slice, r);
    const b2 = !skipBaseline && r % 2 === 1 ? await baselineRound(slice) : 0;
    baselineMs += b + b2;
    pathMs += p.ms;
    const rate = (ms: number) => Math.round((slice.length / ms) * 1000);
    console.log(
      `round ${r + 1}/${rounds}, ${slice.length} messages: ` + (skipBaseline ? '' : `baseline ${rate(b + b2)}/s, `) + `whole path ${rate(p.ms)}/s (dispatch ${p.dispatchMs} ms, ${p.jobs} jobs)`,
    );
  }
  const perSecond = Math.round((n / pathMs) * 1000);
  const [row] = await ds.query(`SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*)::int AS touches FROM touch WHERE business_id = $1`, [businessId]);
  const pathDupes = [...seen.entries()].filter(([, k]) => k > (skipBaseline ? 1 : 2)).length;
  console.log(`whole path: ${n} messages in ${pathMs} ms = ${perSecond}/s; touches sent ${row.sent}/${row.touches}; addresses over-delivered ${pathDupes}`);
  if (!skipBaseline) {
    const base = Math.round((n / baselineMs) * 1000);
    console.log(`baseline: nodemailer pool of ${pool}, plain loop: ${n} messages in ${baselineMs} ms = ${base}/s`);
    console.log(`ratio whole path / baseline: ${(perSecond / base).toFixed(2)}x (target >= 0.7x)`);
  }

  worker.kill('SIGTERM');
  await new Promise((r) => worker.once('exit', r));
  await ctx.close();
  await ds.destroy();
  await sink.close();
}

/** The baseline sender: the rendered messages, nodemailer's pooled transport, a plain loop. */
async function baselineChild(file: string, smtpUrl: string, pool: number): Promise<void> {
  const messages: Array<{ to: string; subject: string; html: string | null; text: string | null; unsubscribeUrl: string; messageId: string }> = JSON.parse(readFileSync(file, 'utf8'));
  const transport = createPooledTransport(smtpUrl, pool);
  process.send!('ready');
  await new Promise((r) => process.once('message', r));
  const inflight = new Set<Promise<unknown>>();
  for (const m of messages) {
    const p: Promise<unknown> = transport
      .sendMail({
        from: { name: 'Bench Gym', address: 'no-reply@comeback.local' },
        to: m.to,
        subject: m.subject,
        html: m.html ?? undefined,
        text: m.text ?? undefined,
        messageId: m.messageId,
        headers: { 'List-Unsubscribe': `<${m.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click', 'X-Comeback-Origin': 'baseline' },
      })
      .finally(() => inflight.delete(p));
    inflight.add(p);
    if (inflight.size >= 200) await Promise.race(inflight);
  }
  await Promise.all(inflight);
  transport.close();
}

const childAt = process.argv.indexOf('--baseline-child');
(childAt > 0 ? baselineChild(process.argv[childAt + 1], process.argv[childAt + 2], Number(process.argv[childAt + 3])) : main()).then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
