import 'reflect-metadata';
import http from 'node:http';
import { ChildProcess } from 'node:child_process';
import { BusinessRepository } from '../src/business/business.repository';
import { createDataSource } from '../src/database/data-source';
import { runMigrations } from '../src/database/migrate';
import { recreateDb, startProcess, waitHttp } from './ingest-webhooks';
import { ADMIN, arg, log } from './support/bench-setup';

// npm run bench:presend [-- --members 100000 --runs 10]
// The campaign composer's pre-send check (POST /api/v1/campaigns/pre-send-check) over a saved
// segment of `members` members (default 100,000) in a business twice that size, through the real
// API process: the audience read from segment_member, then per step the claim's own guard SQL
// (consent ledger, booking-system consent, address, sleeping, the frequency cap over recent
// touches) counted in one statement. Two steps (email, SMS). Target: under 2 s.
function post(port: number, path: string, apiKey: string, body: object): Promise<{ status: number; body: string; ms: number }> {
  const t = process.hrtime.bigint();
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method: 'POST', headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } },
      (res) => {
        let b = '';
        res.on('data', (c) => (b += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: b, ms: Number(process.hrtime.bigint() - t) / 1e6 }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

async function main(): Promise<void> {
  const members = arg('members', 100_000);
  const runs = arg('runs', 10);
  const url = await recreateDb(ADMIN, 'comeback_bench_presend');
  await runMigrations(url);
  const ds = createDataSource(url);
  await ds.initialize();
  let api: ChildProcess | undefined;
  try {
    const { businessId, apiKey } = await new BusinessRepository(ds).create({ name: 'Bench Gym', timezone: 'Europe/Stockholm' });
    log(`generating ${members * 2} clients (${members} in the audience), consent, sleeping flags and recent touches`);
    // every other client is in the audience; 3 % no email, 5 % booking-system email consent false, half with a phone
    await ds.query(
      `INSERT INTO client (business_id, source, external_id, first_name, last_name, email, phone, email_consent, sms_consent, customer_type)
       SELECT $1, 'bench', 'c' || n, 'First' || n, 'Last' || n,
              CASE WHEN n % 33 = 0 THEN NULL ELSE 'c' || n || '@example.test' END,
              CASE WHEN n % 2 = 0 THEN '+4670' || lpad(n::text, 7, '0') END,
              CASE WHEN n % 20 = 0 THEN false WHEN n % 7 = 0 THEN NULL ELSE true END,
              n % 3 <> 0,
              CASE WHEN n % 2 = 0 THEN 'lapsed' ELSE 'active' END
         FROM generate_series(1, $2::int) n`,
      [businessId, members * 2],
    );
    // the ledger: 3 % unsubscribed by link, 2 % granted by form (several events for some)
    await ds.query(
      `INSERT INTO consent_event (business_id, client_id, channel, granted, source, recorded_at)
       SELECT $1, c.id, 'email', (c.id % 100) >= 3, CASE WHEN (c.id % 100) < 3 THEN 'unsubscribe_link' ELSE 'form' END, now() - (c.id % 50) * interval '1 day'
         FROM client c WHERE c.business_id = $1 AND (c.id % 100) < 5`,
      [businessId],
    );
    await ds.query(`INSERT INTO client_contact_pref (client_id, business_id, sleeping) SELECT c.id, $1, true FROM client c WHERE c.business_id = $1 AND c.id % 50 = 2`, [businessId]);
    // recent marketing contacts: 30 % of clients with 1-3 emails in the last week (the cap is 2 in 7 days)
    await ds.query(
      `INSERT INTO touch (business_id, client_id, channel, origin, marketing, status, claimed_at, sent_at)
       SELECT $1, c.id, 'email', 'bench:' || k, true, 'sent', now() - (k + c.id % 5) * interval '1 day', now() - (k + c.id % 5) * interval '1 day'
         FROM client c CROSS JOIN generate_series(1, 3) k
        WHERE c.business_id = $1 AND c.id % 10 < 3 AND k <= 1 + c.id % 3`,
      [businessId],
    );
    const [seg] = await ds.query(
      `INSERT INTO segment (business_id, name, conditions, member_count, evaluated_at) VALUES ($1, 'Lapsed', '{"condition": "customer_type", "values": ["lapsed"]}', $2, now()) RETURNING id::text`,
      [businessId, members],
    );
    await ds.query(`INSERT INTO segment_member (segment_id, client_id, business_id) SELECT $2, c.id, $1 FROM client c WHERE c.business_id = $1 AND c.customer_type = 'lapsed'`, [businessId, seg.id]);
    await ds.query('ANALYZE');
    const [counts] = await ds.query(
      `SELECT (SELECT count(*) FROM segment_member WHERE segment_id = $1)::int AS audience, (SELECT count(*) FROM touch)::int AS touches, (SELECT count(*) FROM consent_event)::int AS consent`,
      [seg.id],
    );
    log(`audience ${counts.audience}, ${counts.touches} touches, ${counts.consent} consent events`);

    const port = 3900 + Math.floor(Math.random() * 90);
    api = startProcess('main.ts', { DATABASE_URL: url, PORT: String(port), QUEUE_PREFIX: `bench-presend-${Date.now()}` });
    await waitHttp(port, 120_000);
    const body = {
      segmentId: seg.id,
      steps: [
        { key: 'hello', channel: 'email', template: { subject: 'We miss you', text: 'Come back {{unsubscribe_url}}' } },
        { key: 'nudge', channel: 'sms', delayMinutes: 2880, template: { body: 'Your spot is waiting' } },
      ],
    };
    const warm = await post(port, '/api/v1/campaigns/pre-send-check', apiKey, body);
    if (warm.status !== 200) throw new Error(`pre-send check answered ${warm.status}: ${warm.body}`);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) times.push((await post(port, '/api/v1/campaigns/pre-send-check', apiKey, body)).ms);
    const sorted = [...times].sort((a, b) => a - b);
    const result = JSON.parse(warm.body);
    console.log(
      JSON.stringify(
        {
          audience: result.audience,
          steps: result.steps.map((s: { key: string; reachable: number; heldBack: object }) => ({ key: s.key, reachable: s.reachable, heldBack: s.heldBack })),
          notSetUp: result.notSetUp,
          coldMs: Math.round(warm.ms),
          medianMs: Math.round(sorted[Math.floor(sorted.length / 2)]),
          p95Ms: Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]),
          runsMs: times.map(Math.round),
          target: '< 2000 ms',
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
