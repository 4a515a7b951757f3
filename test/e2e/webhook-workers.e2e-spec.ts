import request from 'supertest';
import { signComebackPayload } from '../../src/common/payload-signing';
import { newBusiness } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

describe('several workers on one stream of webhooks', () => {
  let app: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ worker: true });
    second = await startTestApp({ http: false, worker: true, db: app.db });
  });
  afterAll(async () => {
    await second.close();
    await app.close();
  });

  it('should apply every event exactly once and keep the derived columns exact', async () => {
    const { businessId, apiKey } = await newBusiness(app.ds, { timezone: 'UTC' });
    const conf = await request(app.url).put('/api/v1/integrations/generic').set('Authorization', `Bearer ${apiKey}`).send({}).expect(200);
    const secret: string = conf.body.signingSecret;
    const deliveries = Array.from({ length: 40 }, (_, d) => ({
      events: Array.from({ length: 10 }, (_, i) => {
        const n = d * 10 + i;
        const at = new Date(Date.UTC(2026, 2, 1 + (n % 20), 8 + (n % 10))).toISOString();
        return { id: `e${n}`, type: 'visit.created', occurredAt: at, data: { externalId: `v${n}`, clientExternalId: `c${n % 7}`, visitedAt: at } };
      }),
    }));
    await Promise.all(
      deliveries.map((body) => {
        const raw = JSON.stringify(body);
        return request(app.url)
          .post(`/webhooks/generic/${businessId}`)
          .set('Content-Type', 'application/json')
          .set('X-Comeback-Signature', signComebackPayload(raw, secret, Math.floor(Date.now() / 1000)))
          .send(raw)
          .expect(202);
      }),
    );
    await waitFor(async () => {
      const [{ n }] = await app.ds.query(`SELECT count(*)::int AS n FROM event_inbox WHERE business_id = $1 AND processed_at IS NOT NULL`, [businessId]);
      return n === 400;
    }, 20_000);

    const [inbox] = await app.ds.query(`SELECT count(*)::int AS events, max(attempts) AS max_attempts, count(error)::int AS errors FROM event_inbox WHERE business_id = $1`, [businessId]);
    expect(inbox).toEqual({ events: 400, max_attempts: 1, errors: 0 });
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM visit WHERE business_id = $1`, [businessId])).toEqual([{ n: 400 }]);
    // stubs for the 7 clients, none duplicated
    expect(await app.ds.query(`SELECT count(*)::int AS n FROM client WHERE business_id = $1`, [businessId])).toEqual([{ n: 7 }]);
    const drift = await app.ds.query(
      `SELECT c.id FROM client c
        WHERE c.business_id = $1
          AND (c.last_visit_on, c.first_visit_on) IS DISTINCT FROM
              ((SELECT max(visited_on) FROM visit v WHERE v.client_id = c.id), (SELECT min(visited_on) FROM visit v WHERE v.client_id = c.id))
       UNION ALL
       SELECT w.client_id FROM client_visit_week w
        WHERE w.business_id = $1 AND w.visit_days <> (SELECT count(DISTINCT visited_on) FROM visit v
                                                       WHERE v.client_id = w.client_id AND v.visited_on >= w.week_start AND v.visited_on < w.week_start + 7)`,
      [businessId],
    );
    expect(drift).toEqual([]);
    const [{ weeks }] = await app.ds.query(`SELECT count(*)::int AS weeks FROM client_visit_week WHERE business_id = $1`, [businessId]);
    expect(weeks).toBeGreaterThan(7);
  });
});
