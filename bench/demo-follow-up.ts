import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createHttpApp } from '../src/bootstrap';
import { BusinessRepository } from '../src/business/business.repository';
import { ConfigError, validateEnv } from '../src/config/validate-env';
import { checkRedis, redact } from '../src/database/connection-check';
import { createDataSource } from '../src/database/data-source';
import { runMigrations } from '../src/database/migrate';
import { SmtpSink, startSmtpSink } from '../test/fakes/smtp-sink';
import { prng } from '../test/support/prng';

// npm run demo:follow-up [-- --seed 20261201]
// Issue #6 "the note shows one report from the demo data": the follow-up report of a win-back
// campaign on the demo business of `npm run demo` (database `comeback`), through the real paths:
//  1. API and worker in this process (queue prefix `demo-follow-up`), email to a local SMTP sink
//     (test/fakes/smtp-sink.ts);
//  2. a risk pass, a saved segment "Slipping away, no visit in 3 weeks (demo follow-up)" (status
//     At Risk or In Trouble, no visit in the last 22 local days), a campaign "Win-back (demo)"
//     (email, A/B variants, 20 % holdout, goal: a visit within 14 days), sent; quiet hours and
//     the frequency cap are off while it runs (restored at the end);
//  3. the campaign's exposures and touches are moved 21 days into the past (the columns the
//     simulated-month test moves), then the returning visits are written through the import API
//     by a seeded generator (mulberry32): within 14 days a control member returns with p = 0.25,
//     a contacted one with p = 0.35 (true lift 0.10);
//  4. a follow-up pass, then the campaign report and the top of the ranking, printed as JSON, and
//     a one-line summary that checks the report against the generated returns.
//
// Why not the At Risk status alone: At Risk demo members still come, only less often; 90 % of
// them have a check-in in the demo history inside the 14 days after "21 days ago", which would
// convert both arms and hide any effect. The shift cannot go further back either: a follow-up
// pass only judges windows that closed at most FOLLOW_UP_GRACE_DAYS before its previous pass. So
// the segment keeps the slipping members with no visit since the shifted send, whose windows the
// history leaves empty. Should the history still hold a visit in some windows (share q), the
// generator only tops up the others, with p' = (p - q) / (1 - q), so each arm returns with p in
// expectation.
//
// Re-runnable: every run sends a new campaign ("Win-back (demo) #2", ...) to the members who
// match at that moment (the returns of earlier runs are recent visits, so those members drop
// out) and adds its own visits (external ids `demo-follow-up-<campaign>-<n>`, source `demo`);
// earlier demo campaigns stay and show in the ranking too. The segment is reused by name.

const DEFAULT_DB = 'postgres://postgres@127.0.0.1:5432/comeback';
const QUEUE_PREFIX = 'demo-follow-up';
const SEGMENT_NAME = 'Slipping away, no visit in 3 weeks (demo follow-up)';
const SEGMENT = {
  and: [
    { condition: 'status', statuses: ['at_risk', 'in_trouble'] },
    { condition: 'visits', operator: '=', value: 0, window: { last: 22 } },
  ],
};
const CAMPAIGN_NAME = 'Win-back (demo)';
const SHIFT_DAYS = 21;
const WITHIN_DAYS = 14;
const HOLDOUT = 20;
const P_CONTROL = 0.25;
const P_CONTACTED = 0.35;
const TRUE_LIFT = P_CONTACTED - P_CONTROL;
const DAY = 86_400_000;

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

class Exit extends Error {}

async function until<T>(what: string, check: () => Promise<T | undefined | null | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The demo business, or a clear "run npm run demo first". */
async function findDemoBusiness(url: string): Promise<{ id: string; name: string; timezone: string }> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  const missing = (why: string) => new Exit(`${why}: run \`npm run demo\` first (it builds the demo business in ${redact(url)}), then run this again`);
  try {
    await c.connect();
  } catch (e) {
    const msg = (e as Error).message;
    if (/database ".*" does not exist/.test(msg)) throw missing(`no database (${msg})`);
    throw new Exit(`PostgreSQL unreachable at ${redact(url)} (${msg}); start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`);
  }
  try {
    const [{ ok }] = (await c.query(`SELECT to_regclass('business') IS NOT NULL AS ok`)).rows;
    if (!ok) throw missing('the database has no schema');
    const [b] = (await c.query(`SELECT id, name, timezone FROM business WHERE settings->>'demo' = 'true' ORDER BY created_at LIMIT 1`)).rows;
    if (!b) throw missing('no demo business');
    const [{ n }] = (await c.query(`SELECT count(*)::int AS n FROM client WHERE business_id = $1`, [b.id])).rows;
    if (!n) throw missing(`the demo business ${b.id} has no clients`);
    return b;
  } finally {
    await c.end();
  }
}

async function main(): Promise<void> {
  const seed = arg('seed', 20261201);
  const started = Date.now();
  const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DB;
  const biz = await findDemoBusiness(databaseUrl);
  const redisProblem = await checkRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  if (redisProblem) throw new Exit(redisProblem);
  await runMigrations(databaseUrl);

  const sink: SmtpSink = await startSmtpSink({ keep: false });
  const config = validateEnv({
    ...process.env,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    DATABASE_URL: databaseUrl,
    QUEUE_PREFIX,
    SMTP_URL: sink.url,
    // no scheduled pass between the send and the time shift; this script asks for the pass itself
    FOLLOW_UP_CRON: '0 0 1 1 *',
  });
  const ds: DataSource = createDataSource(databaseUrl);
  await ds.initialize();
  let app: INestApplication | undefined;
  let restoreMessaging: (() => Promise<unknown>) | undefined;
  try {
    const apiKey = await new BusinessRepository(ds).createApiKey(biz.id, 'demo-follow-up');
    app = await createHttpApp('all', config); // API and worker roles in one process
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const call = async (method: string, path: string, body?: unknown, expect = [200, 201, 202]): Promise<any> => {
      const res = await fetch(base + path, {
        method,
        headers: { Authorization: `Bearer ${apiKey}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!expect.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 500)}`);
      return text ? JSON.parse(text) : undefined;
    };
    const log = (s: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${s}`);
    log(`demo business ${biz.id} (${biz.name}, ${biz.timezone}); API and worker on ${base}, email to ${sink.url}, queue prefix ${QUEUE_PREFIX}`);

    // --- 2. statuses now, the segment, the campaign, the send
    const assessed = await call('POST', '/api/v1/risk/assess');
    log(`risk pass: ${JSON.stringify(assessed)}`);
    const messaging = await call('GET', '/api/v1/settings/messaging');
    restoreMessaging = () => call('PUT', '/api/v1/settings/messaging', { quietHours: messaging.quietHours, frequencyCap: messaging.frequencyCap });
    await call('PUT', '/api/v1/settings/messaging', { quietHours: null, frequencyCap: null });

    const conditions = SEGMENT;
    const [existing] = await ds.query(`SELECT id FROM segment WHERE business_id = $1 AND lower(name) = lower($2) AND archived_at IS NULL`, [biz.id, SEGMENT_NAME]);
    const segmentId: string = existing ? String(existing.id) : (await call('POST', '/api/v1/segments', { name: SEGMENT_NAME, conditions })).id;
    if (existing) await call('PATCH', `/api/v1/segments/${segmentId}`, { conditions });
    const [{ n: earlier }] = await ds.query(`SELECT count(*)::int AS n FROM campaign WHERE business_id = $1 AND name LIKE $2`, [biz.id, `${CAMPAIGN_NAME}%`]);
    const name = earlier ? `${CAMPAIGN_NAME} #${earlier + 1}` : CAMPAIGN_NAME;
    const template = (subject: string) => ({
      subject,
      text: 'Hi {{client.first_name | friend}}, {{business.name}} has not seen you in a while. Your spot is waiting this week. Unsubscribe: {{unsubscribe_url}}',
    });
    const campaign = await call('POST', '/api/v1/campaigns', {
      name,
      segmentId,
      holdoutPercent: HOLDOUT,
      goal: { kind: 'visit', withinDays: WITHIN_DAYS },
      steps: [
        {
          key: 'winback',
          channel: 'email',
          variants: [
            { key: 'A', template: template('We miss you, {{client.first_name | friend}}') },
            { key: 'B', template: template('Your spot is waiting, {{client.first_name | friend}}') },
          ],
        },
      ],
    });
    const campaignId: string = campaign.id;
    await call('POST', `/api/v1/campaigns/${campaignId}/send`);
    log(`campaign ${campaignId} "${name}" on segment ${segmentId} (At Risk or In Trouble, no visit in 22 days), holdout ${HOLDOUT} %, sent`);

    // every recipient selected, every contacted one has its touch, none still on its way
    const settled = await until(
      'the campaign to settle',
      async () => {
        const [r] = await ds.query(
          `SELECT c.state, c.error,
                  (SELECT count(*) FROM campaign_recipient WHERE campaign_id = c.id)::int AS targeted,
                  (SELECT count(*) FROM campaign_recipient WHERE campaign_id = c.id AND NOT holdout)::int AS contacted,
                  (SELECT count(*) FROM touch WHERE campaign_id = c.id)::int AS touches,
                  (SELECT count(*) FROM touch WHERE campaign_id = c.id AND status IN ('queued', 'deferred', 'sending'))::int AS pending,
                  (SELECT count(*) FROM touch WHERE campaign_id = c.id AND status = 'sent')::int AS sent,
                  (SELECT count(*) FROM touch WHERE campaign_id = c.id AND status = 'blocked')::int AS blocked,
                  (SELECT count(*) FROM touch WHERE campaign_id = c.id AND status = 'failed')::int AS failed
             FROM campaign c WHERE c.id = $1`,
          [campaignId],
        );
        if (r.state === 'failed' || r.state === 'cancelled') throw new Error(`campaign ${r.state}: ${r.error}`);
        return r.state === 'sent' && r.pending === 0 && r.touches === r.contacted && r;
      },
      120_000,
    );
    if (!settled.targeted) throw new Exit('no demo member is At Risk or In Trouble without a visit in 22 days (earlier runs brought them back?); nothing to send to');
    log(
      `settled: ${settled.targeted} targeted, ${settled.contacted} contacted, ${settled.targeted - settled.contacted} held out; ` +
        `touches ${settled.sent} sent, ${settled.blocked} blocked, ${settled.failed} failed; the SMTP sink received ${sink.count()}`,
    );

    // --- 3. three weeks pass: this campaign's exposures and touches move 21 days into the past
    const shift = `interval '${SHIFT_DAYS} days'`;
    await ds.transaction(async (m) => {
      await m.query(`UPDATE campaign SET recipients_selected_at = recipients_selected_at - ${shift}, started_at = started_at - ${shift}, finished_at = finished_at - ${shift} WHERE id = $1`, [
        campaignId,
      ]);
      await m.query(`UPDATE campaign_recipient SET selected_at = selected_at - ${shift} WHERE campaign_id = $1`, [campaignId]);
      await m.query(
        `UPDATE touch SET queued_at = queued_at - ${shift}, due_at = due_at - ${shift}, claimed_at = claimed_at - ${shift}, sent_at = sent_at - ${shift},
                delivered_at = delivered_at - ${shift}, failed_at = failed_at - ${shift} WHERE campaign_id = $1`,
        [campaignId],
      );
    });

    // each exposure, with whether the demo history already brings the member back in the window
    // (after the exposure, up to local midnight after its local day + 14)
    const exposures: Array<{ external_id: string; source: string; holdout: boolean; at: Date; already: boolean }> = await ds.query(
      `SELECT c.external_id, c.source, r.holdout, r.selected_at AS at,
              EXISTS (SELECT 1 FROM visit v
                       WHERE v.client_id = r.client_id AND v.visited_at > r.selected_at
                         AND v.visited_at < ((r.selected_at AT TIME ZONE $2)::date + $3::int + 1)::timestamp AT TIME ZONE $2) AS already
         FROM campaign_recipient r JOIN client c ON c.id = r.client_id
        WHERE r.campaign_id = $1
        ORDER BY c.external_id`,
      [campaignId, biz.timezone, WITHIN_DAYS],
    );
    const q = exposures.filter((x) => x.already).length / exposures.length;
    if (q >= P_CONTROL) throw new Error(`the demo history already brings back ${(q * 100).toFixed(1)} % within the window; the generator cannot reach p = ${P_CONTROL}`);
    const topUp = (p: number) => (p - q) / (1 - q);
    const random = prng(seed);
    const truth = { contacted: 0, contactedReturned: 0, control: 0, controlReturned: 0, history: 0, generated: 0, late: 0 };
    const visits = new Map<string, Array<{ externalId: string; clientExternalId: string; visitedAt: string }>>();
    let written = 0;
    const visit = (source: string, client: string, at: number) => {
      const list = visits.get(source) ?? visits.set(source, []).get(source)!;
      list.push({ externalId: `demo-follow-up-${campaignId}-${written++}`, clientExternalId: client, visitedAt: new Date(at).toISOString() });
    };
    for (const x of exposures) {
      const at = x.at.getTime();
      let returned = x.already;
      if (x.already) truth.history++;
      else if (random() < topUp(x.holdout ? P_CONTROL : P_CONTACTED)) {
        returned = true;
        truth.generated++;
        visit(x.source, x.external_id, at + 3_600_000 + random() * 12.5 * DAY);
      } else if (random() < 0.2) {
        // some come back too late: day 16 or later is outside the window
        truth.late++;
        visit(x.source, x.external_id, at + (15.5 + random() * 4.5) * DAY);
      }
      if (x.holdout) {
        truth.control++;
        if (returned) truth.controlReturned++;
      } else {
        truth.contacted++;
        if (returned) truth.contactedReturned++;
      }
    }
    for (const [source, all] of visits)
      for (let i = 0; i < all.length; i += 5000) {
        const list = all.slice(i, i + 5000);
        const answer = await call('POST', `/api/v1/import/visits?source=${encodeURIComponent(source)}`, list, [200]);
        if (answer.rejected?.length) throw new Error(`import rejected ${answer.rejected.length} visits: ${JSON.stringify(answer.rejected.slice(0, 3))}`);
      }
    log(
      `moved ${SHIFT_DAYS} days back; ${(q * 100).toFixed(1)} % (${truth.history}) already had a visit in their window in the demo history; ` +
        `imported ${truth.generated} returns within ${WITHIN_DAYS} days and ${truth.late} late ones (seed ${seed})`,
    );

    // --- 4. the pass, the report, the ranking
    const pass = await call('POST', '/api/v1/follow-up/recompute');
    log(`follow-up pass: ${JSON.stringify(pass)}`);
    const report = await call('GET', `/api/v1/reports/campaigns/${campaignId}`);
    const actions = await call('GET', '/api/v1/reports/actions');
    console.log(`\nGET /api/v1/reports/campaigns/${campaignId}\n${JSON.stringify(report, null, 2)}`);
    const top = { ...actions, overall: actions.overall?.slice(0, 3), byChannel: Object.fromEntries(Object.entries(actions.byChannel ?? {}).map(([k, v]) => [k, (v as unknown[]).slice(0, 3)])) };
    delete top.staffTasks;
    console.log(`\nGET /api/v1/reports/actions (top 3 overall and per channel; staffTasks left out)\n${JSON.stringify(top, null, 2)}`);

    const r = report.summary ?? report;
    const matches = r.contacted === truth.contacted && r.converted === truth.contactedReturned && r.control === truth.control && r.controlConverted === truth.controlReturned;
    const l = r.lift;
    console.log(
      `\n${name}: contacted ${r.converted}/${r.contacted} = ${r.conversionRate}, control ${r.controlConverted}/${r.control} = ${r.controlConversionRate}, ` +
        `lift ${l ? `${l.estimate} [${l.lower}, ${l.upper}] (95 %, Newcombe)` : 'n/a'}, true lift ${TRUE_LIFT.toFixed(2)}` +
        `${l ? (l.lower <= TRUE_LIFT && TRUE_LIFT <= l.upper ? ' (inside the interval)' : ' (OUTSIDE the interval)') : ''}; ` +
        `report ${matches ? 'matches' : 'DOES NOT match'} the generated returns (${truth.contactedReturned}/${truth.contacted} vs ${truth.controlReturned}/${truth.control}); ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    if (!matches) process.exitCode = 1;
  } finally {
    if (restoreMessaging) await restoreMessaging().catch((e) => console.error(`could not restore the messaging settings: ${(e as Error).message}`));
    await app?.close();
    await ds.destroy();
    await sink.close();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (e) => {
    if (e instanceof Exit || e instanceof ConfigError) console.error(e.message);
    else console.error((e as Error).stack ?? String(e));
    process.exit(1);
  },
);
