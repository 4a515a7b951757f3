import request from 'supertest';
import { signComebackPayload } from '../../src/common/payload-signing';
import { JobQueue } from '../../src/queue/job-queue.service';
import { JobName, QueueName } from '../../src/queue/queue-names';
import { RiskProcessor } from '../../src/risk/risk.processor';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

// Health in the real-time path (risk.md: "recomputed with the assessment"): the clients.changed
// handler recomputes the health of the clients an ingest touched, and the scheduled pass
// recomputes everyone's.
describe('health score with the real-time re-assessment (API + worker, real PostgreSQL and Redis)', () => {
  let app: TestApp;
  let biz: { businessId: string; apiKey: string };
  let secret: string;
  const auth = () => ({ Authorization: `Bearer ${biz.apiKey}` });
  const idOf = async (ext: string) => (await app.ds.query(`SELECT id::text FROM client WHERE business_id = $1 AND external_id = $2`, [biz.businessId, ext]))[0].id as string;
  const health = async (ext: string) =>
    (
      await app.ds.query(`SELECT h.band, h.score, h.xmin::text AS xmin FROM client_health h JOIN client c ON c.id = h.client_id WHERE c.business_id = $1 AND c.external_id = $2`, [biz.businessId, ext])
    )[0];
  const status = async (ext: string) =>
    (
      await app.ds.query(`SELECT cs.status, cs.xmin::text AS xmin FROM client_status cs JOIN client c ON c.id = cs.client_id WHERE c.business_id = $1 AND c.external_id = $2`, [biz.businessId, ext])
    )[0];
  const automationEvents = async () =>
    (await app.http!.get(JobQueue).queue(QueueName.AutomationEvents).getJobs(['waiting', 'active', 'completed'])).filter((j) => j.data.businessId === biz.businessId);
  const bandChanges = async () => (await automationEvents()).filter((j) => j.name === JobName.ClientHealthBandChanged).flatMap((j) => j.data.changes as Array<Record<string, unknown>>);
  const visitWebhook = (id: string, ext: string, clientExt: string) =>
    JSON.stringify({ id, type: 'visit.created', occurredAt: new Date().toISOString(), data: { externalId: ext, clientExternalId: clientExt, visitedAt: new Date().toISOString() } });
  const send = (body: string) =>
    request(app.url)
      .post(`/webhooks/generic/${biz.businessId}`)
      .set('Content-Type', 'application/json')
      .set('X-Comeback-Signature', signComebackPayload(body, secret, Math.floor(Date.now() / 1000)))
      .send(body);

  beforeAll(async () => {
    app = await startTestApp({ worker: true });
    biz = await newBusiness(app.ds, { timezone: 'UTC' });
    secret = (await request(app.url).put('/api/v1/integrations/generic').set(auth()).send({}).expect(200)).body.signingSecret;
    // imported under the webhook's source, so its events name the same clients
    const imp = (entity: string, records: object[]) => request(app.url).post(`/api/v1/import/${entity}?source=generic`).set(auth()).send(records).expect(200);
    const lapsed = ['lapsed', 'quiet'];
    await imp(
      'clients',
      lapsed.map((externalId) => ({ externalId })),
    );
    await imp(
      'subscriptions',
      lapsed.map((c) => ({ externalId: `s-${c}`, clientExternalId: c, startsOn: day(-400), billed: true })),
    );
    // a visit every 4 days from 200 to 40 days ago (41 baseline sessions), none since: frequency
    // 0, recency 0 (40 days), trend 50, reliability 100 over weights 35+25+15+5 -> 16, red
    await imp(
      'visits',
      lapsed.flatMap((c) => Array.from({ length: 41 }, (_, k) => ({ externalId: `${c}-${k}`, clientExternalId: c, visitedAt: `${day(-40 - 4 * k)}T10:00:00Z` }))),
    );
    // the imports' change events computed the first score in the real-time path (no band change: nothing stored before)
    await waitFor(async () => (await health('lapsed'))?.band === 'red' && (await health('quiet'))?.band === 'red' && (await status('lapsed'))?.status === 'in_trouble', 10_000);
  });
  afterAll(() => app.close());

  it('should recompute the health of a member whose visit arrives by webhook, and emit client.health_band_changed when the band flips', async () => {
    const before = await health('lapsed');
    expect(before.score).toBe(16);
    expect(await bandChanges()).toEqual([]);
    await send(visitWebhook('evt-lapsed-back', 'v-lapsed-back', 'lapsed')).expect(202);
    // one session in 28 days against 41 * 28 / 182 expected (15.85), recency 100, trend 100 -> 63
    await waitFor(async () => (await health('lapsed'))?.band === 'yellow', 5000);
    expect(await health('lapsed')).toMatchObject({ band: 'yellow', score: 63 });
    expect(await status('lapsed')).toMatchObject({ status: 'loving_it' });
    const id = await idOf('lapsed');
    await waitFor(async () => (await bandChanges()).length > 0, 2000);
    expect(await bandChanges()).toEqual([{ clientId: id, from: 'red', to: 'yellow', score: 63, changedAt: expect.any(String) }]);
    // the other member was not touched
    expect(await health('quiet')).toMatchObject({ band: 'red', score: 16 });
  });

  it('should write and emit nothing for a redelivered webhook or a repeated change notification', async () => {
    const [h, s] = [await health('lapsed'), await status('lapsed')];
    const [{ n: history }] = await app.ds.query(`SELECT count(*)::int AS n FROM status_change WHERE business_id = $1`, [biz.businessId]);
    const events = (await automationEvents()).length;

    const redelivery = await send(visitWebhook('evt-lapsed-back', 'v-lapsed-back', 'lapsed')).expect(202);
    expect(redelivery.body).toMatchObject({ duplicates: 1 });
    // the notification itself delivered again: both statements run and find nothing to change
    const job = await app
      .http!.get(JobQueue)
      .queue(QueueName.IngestEvents)
      .add(JobName.ClientsChanged, {
        businessId: biz.businessId,
        source: 'generic',
        changes: [{ clientId: await idOf('lapsed'), kinds: ['visit'] }],
      });
    // the event job answers per listener; risk's re-assessment changed nothing
    await expect(job.finished()).resolves.toMatchObject({ risk: { changes: [] } });

    expect(await health('lapsed')).toEqual(h);
    expect(await status('lapsed')).toEqual(s);
    await expect(app.ds.query(`SELECT count(*)::int AS n FROM status_change WHERE business_id = $1`, [biz.businessId])).resolves.toEqual([{ n: history }]);
    expect((await automationEvents()).length).toBe(events);
  });

  it('should recompute health in the scheduled pass too (a change no ingest announced)', async () => {
    const quiet = await idOf('quiet');
    // a visit written behind the ingest's back: no clients.changed, only the schedule sees it
    await app.ds.query(
      `INSERT INTO visit (business_id, source, external_id, client_id, visited_at, visited_on)
       VALUES ($1, 'generic', 'v-quiet-silent', $2, now(), (now() AT TIME ZONE 'UTC')::date)`,
      [biz.businessId, quiet],
    );
    await app.ds.query(`UPDATE client SET last_visit_on = (now() AT TIME ZONE 'UTC')::date WHERE id = $1`, [quiet]);
    expect(await health('quiet')).toMatchObject({ band: 'red' });
    const now = new Date();
    await app.worker!.get(RiskProcessor).tick(now);
    await waitFor(async () => (await health('quiet'))?.band === 'yellow', 10_000);
    expect(await health('quiet')).toMatchObject({ band: 'yellow', score: 63 });
    await waitFor(async () => (await bandChanges()).some((c) => c.clientId === quiet), 2000);
    expect((await bandChanges()).filter((c) => c.clientId === quiet)).toEqual([{ clientId: quiet, from: 'red', to: 'yellow', score: 63, changedAt: expect.any(String) }]);
  });
});
