import { generateDemoData } from '../../../src/demo-data/demo-data.generator';
import { conditionalExpectedTransactions, probabilityAlive } from '../../../src/risk/estimation/bgnbd';
import { EstimationRepository } from '../../../src/risk/estimation-runs/estimation.repository';
import { EstimationService } from '../../../src/risk/estimation-runs/estimation.service';
import { newBusiness } from '../../support/factories';
import { createTestDb, TestDb } from '../../support/test-db';

describe('BG/NBD per business (real PostgreSQL)', () => {
  let db: TestDb;
  let sut: EstimationService;
  const TODAY = '2026-03-31';

  beforeAll(async () => {
    db = await createTestDb();
    sut = new EstimationService(new EstimationRepository(db.ds));
  });
  afterAll(() => db.drop());

  it('should fit on unique visit days and give every client with history their expected visits, P(alive) and churn', async () => {
    const { businessId } = await newBusiness(db.ds);
    await generateDemoData(db.ds, { businessId, clients: 400, months: 6, seed: 7, today: TODAY });
    const r = await sut.refit(businessId, TODAY);
    if (!r.fitted) throw new Error(r.reason);
    expect(r.params.converged).toBe(true);
    const [{ n: withHistory }] = await db.ds.query(`SELECT count(*)::int AS n FROM client WHERE business_id = $1 AND first_visit_on <= $2`, [businessId, TODAY]);
    expect(r.clients).toBe(withHistory);
    expect(r.estimatesWritten).toBe(withHistory);
    expect(r.distinctHistories).toBeLessThanOrEqual(r.clients);

    // one client's stored figures are the model's, from its own visit days
    const [c] = await db.ds.query(
      `SELECT c.id, (SELECT count(DISTINCT visited_on) FROM visit v WHERE v.client_id = c.id)::int AS days,
              ($2::date - c.first_visit_on) AS t_days, (LEAST(c.last_visit_on, $2::date) - c.first_visit_on) AS tx_days,
              e.expected_visits_30d, e.p_alive, e.churn_probability
         FROM client c JOIN client_estimate e ON e.client_id = c.id
        WHERE c.business_id = $1 ORDER BY c.id LIMIT 1 OFFSET 17`,
      [businessId, TODAY],
    );
    const x = c.days - 1;
    const params = { r: r.params.r, alpha: r.params.alpha, a: r.params.a, b: r.params.b };
    const expected = conditionalExpectedTransactions(params, 30 / 7, x, c.tx_days / 7, c.t_days / 7);
    const alive = probabilityAlive(params, x, c.tx_days / 7, c.t_days / 7);
    expect(c.expected_visits_30d).toBeCloseTo(expected, 4);
    expect(c.p_alive).toBeCloseTo(alive, 5);
    expect(c.churn_probability).toBeCloseTo(100 * (1 - alive), 1);

    // a refit on the same day writes nothing new
    const again = await sut.refit(businessId, TODAY);
    expect(again).toMatchObject({ fitted: true, estimatesWritten: 0 });
    expect(await new EstimationRepository(db.ds).current(businessId)).toMatchObject({ clients: withHistory, fittedOn: TODAY, timeUnit: 'week' });
  });

  it('should refuse to fit a business without repeat visits, writing nothing', async () => {
    const { businessId } = await newBusiness(db.ds);
    const r = await sut.refit(businessId, TODAY);
    expect(r).toEqual({ fitted: false, reason: expect.any(String) });
    expect(await new EstimationRepository(db.ds).current(businessId)).toBeUndefined();
  });
});
