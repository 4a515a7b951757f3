import http from 'http';
import { BusinessRepository } from '../src/business/business.repository';
import { SecretBox } from '../src/common/secret-box';
import { validateEnv } from '../src/config/validate-env';
import { createDataSource } from '../src/database/data-source';
import { runMigrations } from '../src/database/migrate';
import { signComebackPayload } from '../src/common/payload-signing';
import { DEFAULT_ASSESSMENT_PARAMS } from '../src/risk/assessment/assessment-sql';
import { RiskAssessmentRepository } from '../src/risk/assessment/risk-assessment.repository';
import { recreateDb, startProcess, waitHttp } from './ingest-webhooks';

// Latency from an accepted visit webhook to the client's new status being committed (quality.md:
// p95 < 1 s while ingesting 500 events/s). Every event is a visit of an At Risk member, which
// makes them Loving it; the status_change row (reason event) carries the commit's time.
export async function benchRiskLatency(opts: { rate: number; seconds: number; adminUrl: string; port: number }): Promise<Record<string, number>> {
  const total = opts.rate * opts.seconds;
  const url = await recreateDb(opts.adminUrl, 'comeback_bench_risk_latency');
  await runMigrations(url);
  const ds = createDataSource(url);
  await ds.initialize();
  const { businessId } = await new BusinessRepository(ds).create({ name: 'Latency', timezone: 'UTC' });
  const secret = 'whsec_bench_latency_secret_0123456789';
  await ds.query(`INSERT INTO integration_connection (business_id, provider, config, secrets_enc) VALUES ($1, 'generic', '{"auth":"hmac"}', $2)`, [
    businessId,
    new SecretBox(validateEnv().SECRETS_KEY).seal({ signingSecret: secret }),
  ]);
  // members since a year, last visit 12 days ago: At Risk (50 + 50)
  await ds.query(
    `WITH c AS (INSERT INTO client (business_id, source, external_id, registered_at, first_visit_on, last_visit_on)
                SELECT $1, 'generic', 'c' || g, now() - interval '365 days', current_date - 300, current_date - 12 FROM generate_series(1, $2) g RETURNING id)
     INSERT INTO subscription (business_id, source, external_id, client_id, starts_on, billed)
     SELECT $1, 'generic', 's' || id, id, current_date - 365, true FROM c`,
    [businessId, total],
  );
  const assessed = await new RiskAssessmentRepository(ds).assess(businessId, { fromId: '0', toId: '9223372036854775807' }, DEFAULT_ASSESSMENT_PARAMS);
  const env = { DATABASE_URL: url, PORT: String(opts.port), QUEUE_PREFIX: `bench-latency-${Date.now()}` };
  const api = startProcess('main.ts', env);
  const worker = startProcess('worker.ts', env);
  try {
    await waitHttp(opts.port);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    const acceptedAt = new Map<string, number>();
    const send = (n: number) =>
      new Promise<void>((resolve) => {
        const at = new Date().toISOString();
        const body = JSON.stringify({ id: `e${n}`, type: 'visit.created', occurredAt: at, data: { externalId: `v${n}`, clientExternalId: `c${n}`, visitedAt: at } });
        const req = http.request(
          {
            host: '127.0.0.1',
            port: opts.port,
            path: `/webhooks/generic/${businessId}`,
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-comeback-signature': signComebackPayload(body, secret, Math.floor(Date.now() / 1000)) },
          },
          (res) => {
            res.resume();
            res.on('end', () => {
              if (res.statusCode === 202) acceptedAt.set(`c${n}`, Date.now());
              resolve();
            });
          },
        );
        req.on('error', () => resolve());
        req.end(body);
      });
    const inflight: Promise<void>[] = [];
    const t0 = Date.now();
    let sent = 0;
    while (sent < total) {
      const due = Math.min(total, Math.floor(((Date.now() - t0) / 1000) * opts.rate));
      while (sent < due) inflight.push(send(++sent));
      await new Promise((r) => setTimeout(r, 10));
    }
    await Promise.all(inflight);
    const deadline = Date.now() + 120_000;
    let rows: Array<{ ext: string; at: Date }> = [];
    while (Date.now() < deadline) {
      rows = await ds.query(
        `SELECT c.external_id AS ext, sc.changed_at AS at FROM status_change sc JOIN client c ON c.id = sc.client_id
          WHERE sc.business_id = $1 AND sc.reason = 'event' AND sc.to_status = 'loving_it'`,
        [businessId],
      );
      if (rows.length >= acceptedAt.size) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const lat = rows
      .filter((r) => acceptedAt.has(r.ext))
      .map((r) => Math.max(0, new Date(r.at).getTime() - acceptedAt.get(r.ext)!))
      .sort((a, b) => a - b);
    const pct = (p: number) => lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))];
    agent.destroy();
    return {
      members: total,
      atRiskBefore: assessed.changes.filter((c) => c.to === 'at_risk').length,
      rate: opts.rate,
      accepted: acceptedAt.size,
      changedToLovingIt: lat.length,
      p50Ms: pct(50),
      p95Ms: pct(95),
      p99Ms: pct(99),
      maxMs: lat[lat.length - 1],
    };
  } finally {
    api.kill('SIGTERM');
    worker.kill('SIGTERM');
    await ds.destroy();
  }
}
