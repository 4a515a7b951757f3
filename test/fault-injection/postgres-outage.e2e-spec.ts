import request from 'supertest';
import { JobQueue } from '../../src/queue/job-queue.service';
import { JobName, QueueName } from '../../src/queue/queue-names';
import { newBusiness } from '../support/factories';
import { FaultProxy, startFaultProxy } from '../support/fault-proxy';
import { createTestDb, TestDb } from '../support/test-db';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

// Issue #17 item 5: after a 45 s PostgreSQL stop, a clients.changed and a segment recompute job
// had used their 5 attempts (1-8 s backoff) and stayed failed for good. Here the worker reaches
// PostgreSQL through a proxy the test cuts while one business's data is ingested (the API is
// connected directly, so the ingest itself succeeds), and the outage lasts until its jobs have
// failed more often than the old retry budget allowed. Backoffs are scaled by
// QUEUE_BACKOFF_SCALE=0.02 and capped at 300 ms, so the "60 s" outage of the issue is 1.2 s here
// (at least; it lasts until the jobs have failed 5 times). Once PostgreSQL is back, every
// derived column, status, health score and segment membership must equal those of a business
// given the same data without an outage.

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const SCALED_OUTAGE_MS = 60_000 * 0.02;
/** the old budget: 5 attempts on both queues */
const OLD_ATTEMPTS = 5;

// Twice: with the default outage budget (failures on an unreachable PostgreSQL do not use up
// attempts), and with none (QUEUE_OUTAGE_MAX_RETRIES=0: the jobs fail for good during the
// outage, and the worker's recovery retries them once PostgreSQL answers).
describe.each([
  ['failures on the outage give their attempts back', '120'],
  ['jobs the outage exhausted are retried when PostgreSQL is back', '0'],
])('PostgreSQL outage during ingest (%s)', (_title, outageMaxRetries) => {
  let proxy: FaultProxy;
  let db: TestDb;
  let api: TestApp;
  let worker: TestApp;

  const env = { QUEUE_OUTAGE_MAX_RETRIES: outageMaxRetries, SEGMENT_DEBOUNCE_SECONDS: '1', QUEUE_BACKOFF_SCALE: '0.02', QUEUE_OUTAGE_BACKOFF_CAP_MS: '300', QUEUE_RECOVERY_INTERVAL_MS: '200' };

  beforeAll(async () => {
    proxy = await startFaultProxy({ host: '127.0.0.1', port: 5432 });
    db = await createTestDb();
    api = await startTestApp({ db, env });
    worker = await startTestApp({ db, http: false, worker: true, env: { ...env, DATABASE_URL: proxy.via(db.url) } });
  }, 60_000);
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await proxy?.close();
    await db?.drop();
  });

  const queues = () => [QueueName.IngestEvents, QueueName.Segments, QueueName.Risk].map((q) => worker.worker!.get(JobQueue).queue(q));
  /** Nothing waiting, running or delayed on the queues the ingest feeds. */
  const idle = async () => {
    for (const q of queues()) {
      const c = await q.getJobCounts();
      if (c.waiting + c.active + c.delayed > 0) return false;
    }
    return true;
  };

  async function ingest(biz: { apiKey: string }): Promise<void> {
    const imp = (entity: string, records: object[]) => request(api.url).post(`/api/v1/import/${entity}`).set('Authorization', `Bearer ${biz.apiKey}`).send(records).expect(200);
    const members = ['drifter', 'steady', 'newbie', 'lapsed', 'regular'];
    await imp(
      'clients',
      [...members, 'visitor'].map((externalId) => ({ externalId })),
    );
    await imp(
      'subscriptions',
      members.map((m, i) => ({ externalId: `s-${m}`, clientExternalId: m, startsOn: day(m === 'newbie' ? -10 : -400 + i), billed: true })),
    );
    const visits: Array<[string, number]> = [
      ['drifter', -12],
      ['drifter', -40],
      ['steady', -1],
      ['steady', -2],
      ['steady', -3],
      ['steady', -9],
      ['newbie', -2],
      ['lapsed', -70],
      ['regular', -4],
      ['regular', -11],
      ['visitor', -5],
    ];
    await imp(
      'visits',
      visits.map(([c, d], i) => ({ externalId: `v${i}`, clientExternalId: c, visitedAt: `${day(d)}T10:00:00Z` })),
    );
  }

  async function newSegmentedBusiness(): Promise<{ businessId: string; apiKey: string }> {
    const biz = await newBusiness(api.ds, { timezone: 'UTC' });
    await request(api.url)
      .post('/api/v1/segments')
      .set('Authorization', `Bearer ${biz.apiKey}`)
      .send({ name: 'Came twice lately', conditions: { condition: 'visits', operator: '>=', value: 2, window: { last: 30 } } })
      .expect(201);
    return biz;
  }

  /** Everything the workers derive from the ingest, keyed by external ids (no row ids, no clocks). */
  async function derived(businessId: string): Promise<Record<string, unknown>> {
    const q = (sql: string) => db.ds.query(sql, [businessId]);
    return {
      clients: await q(`SELECT c.external_id, to_jsonb(c) - ARRAY['id', 'business_id', 'created_at', 'updated_at'] AS cols FROM client c WHERE c.business_id = $1 ORDER BY c.external_id`),
      weeks: await q(`SELECT c.external_id, w.week_start::text, w.visit_days FROM client_visit_week w JOIN client c ON c.id = w.client_id WHERE c.business_id = $1 ORDER BY 1, 2`),
      statuses: await q(`SELECT c.external_id, s.status, s.tags, s.score FROM client_status s JOIN client c ON c.id = s.client_id WHERE c.business_id = $1 ORDER BY 1`),
      // the history's last entry (the steps before it depend on when the jobs ran: the reference
      // passed through "no visits yet" between its imports)
      lastChange: await q(
        `SELECT DISTINCT ON (c.external_id) c.external_id, h.to_status, h.reason FROM status_change h JOIN client c ON c.id = h.client_id WHERE c.business_id = $1 ORDER BY c.external_id, h.id DESC`,
      ),
      health: await q(`SELECT c.external_id, h.score, h.band, h.signals, h.usage_dropped FROM client_health h JOIN client c ON c.id = h.client_id WHERE c.business_id = $1 ORDER BY 1`),
      members: await q(`SELECT s.name, c.external_id FROM segment_member m JOIN segment s ON s.id = m.segment_id JOIN client c ON c.id = m.client_id WHERE m.business_id = $1 ORDER BY 1, 2`),
    };
  }

  /** The fewest attempts made by this business's ingest-event and segment jobs (all states), per job name. */
  async function attemptsOf(businessId: string): Promise<Partial<Record<JobName, number>>> {
    const out: Partial<Record<JobName, number>> = {};
    for (const q of queues()) {
      for (const job of await q.getJobs(['waiting', 'active', 'delayed', 'failed'])) {
        if (!job || job.data?.businessId !== businessId) continue;
        const name = job.name as JobName;
        out[name] = Math.min(out[name] ?? Infinity, job.attemptsMade);
      }
    }
    return out;
  }

  it('should leave every derived column, status and segment membership exact after a 60 s outage during ingest', async () => {
    // the reference: the same data without an outage
    const reference = await newSegmentedBusiness();
    await waitFor(idle, 15_000);
    await ingest(reference);
    await waitFor(async () => (await db.ds.query(`SELECT 1 FROM segment_member WHERE business_id = $1`, [reference.businessId])).length > 0 && idle(), 20_000);
    const expected = await derived(reference.businessId);
    expect(expected.statuses).toHaveLength(5);
    expect((expected.members as unknown[]).length).toBeGreaterThan(0);

    const hit = await newSegmentedBusiness();
    await waitFor(idle, 15_000);
    await proxy.cut();
    const cutAt = Date.now();
    await ingest(hit);
    // the outage lasts past the old retry budget of both jobs the issue names
    await waitFor(
      async () => {
        const a = await attemptsOf(hit.businessId);
        return (a[JobName.ClientsChanged] ?? 0) >= OLD_ATTEMPTS && (a[JobName.SegmentsRecomputeBusiness] ?? 0) >= OLD_ATTEMPTS && Date.now() - cutAt >= SCALED_OUTAGE_MS;
      },
      60_000,
      100,
    );
    expect(await db.ds.query(`SELECT 1 FROM client_status WHERE business_id = $1`, [hit.businessId])).toEqual([]);
    const failed = (await worker.worker!.get(JobQueue).queue(QueueName.IngestEvents).getFailed()).filter((j) => j?.data.businessId === hit.businessId);
    expect(failed.length > 0).toBe(outageMaxRetries === '0');
    await proxy.restore();

    const actual = await waitFor(
      async () => {
        if (!(await idle())) return false;
        const now = await derived(hit.businessId);
        return JSON.stringify(now) === JSON.stringify(expected) && now;
      },
      20_000,
      100,
    ).catch(async () => derived(hit.businessId));
    expect(actual).toEqual(expected);
  }, 120_000);
});
