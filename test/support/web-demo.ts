import request from 'supertest';
import { generateDemoData } from '../../src/demo-data/demo-data.generator';
import { newBusiness } from './factories';
import { TestApp } from './test-app';
import { waitFor } from './wait-for';

/**
 * A business as a newcomer sees it in the demo, small: the demo generator (with its replayed
 * 12 months of status history), then a risk pass now, the health scores it queues (the stack's
 * worker computes them) and a BG/NBD fit, so every figure the pages show is there.
 */
export async function demoBusiness(app: TestApp, opts: { clients?: number; seed?: number; name?: string } = {}): Promise<{ businessId: string; apiKey: string }> {
  const biz = await newBusiness(app.ds, { name: opts.name ?? 'Demo Gym', timezone: 'Europe/Stockholm' });
  await generateDemoData(app.ds, { businessId: biz.businessId, clients: opts.clients ?? 300, months: 12, seed: opts.seed ?? 42 });
  const auth = { Authorization: `Bearer ${biz.apiKey}` };
  await request(app.url).post('/api/v1/risk/assess').set(auth).expect(200);
  await request(app.url).post('/api/v1/risk/estimation/refit').set(auth);
  // the health pass runs as worker jobs after the risk pass: wait until every scored member has one
  await waitFor(
    async () => {
      const [{ pending }] = await app.ds.query(
        `SELECT count(*)::int AS pending FROM client_status cs LEFT JOIN client_health h ON h.client_id = cs.client_id
          WHERE cs.business_id = $1 AND cs.status IN ('in_trouble', 'at_risk', 'loving_it', 'raving_fan') AND h.client_id IS NULL`,
        [biz.businessId],
      );
      return pending === 0;
    },
    30_000,
    100,
  );
  return biz;
}
