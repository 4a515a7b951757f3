import { newBusiness } from '../../../support/factories';
import { createTestDb, TestDb } from '../../../support/test-db';
import { matching, problemsOf, writer } from '../segment-test-kit';

// client_estimate.expected_visits_30d (BG/NBD, fractional, `real`; inserted directly):
// A 0, B 2.3, C 4, D 12.75, E no estimate. Another business's X at 20 never appears.
describe('condition: expected_visits', () => {
  let db: TestDb;
  let biz: string;
  const today = '2026-03-20';

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId: biz } = await newBusiness(db.ds));
    const { businessId: other } = await newBusiness(db.ds);
    await writer(db.ds, biz)({ entity: 'clients', records: ['A', 'B', 'C', 'D', 'E'].map((externalId) => ({ externalId })) });
    await writer(db.ds, other)({ entity: 'clients', records: [{ externalId: 'X' }] });
    await db.ds.query(
      `INSERT INTO client_estimate (client_id, business_id, expected_visits_30d, p_alive, churn_probability, computed_on)
       SELECT c.id, c.business_id, v.expected, 0.5, 50, $1 FROM client c
         JOIN (VALUES ('A', 0.0), ('B', 2.3), ('C', 4.0), ('D', 12.75), ('X', 20.0)) AS v(ext, expected)
           ON v.ext = c.external_id`,
      [today],
    );
  });
  afterAll(() => db.drop());

  const expected = (operator: string, value: unknown, to?: unknown) => ({ condition: 'expected_visits', operator, value, ...(to === undefined ? {} : { to }) });

  it('should compare the expected visits in the next 30 days', async () => {
    await expect(matching(db.ds, biz, expected('<', 1), { today })).resolves.toEqual(['A']);
    await expect(matching(db.ds, biz, expected('>=', 4), { today })).resolves.toEqual(['C', 'D']);
    await expect(matching(db.ds, biz, expected('>', 4), { today })).resolves.toEqual(['D']);
    // 2.3 is not exact in a real; it still compares equal to 2.3
    await expect(matching(db.ds, biz, expected('=', 2.3), { today })).resolves.toEqual(['B']);
    await expect(matching(db.ds, biz, expected('<=', 2.3), { today })).resolves.toEqual(['A', 'B']);
    await expect(matching(db.ds, biz, expected('between', 2.3, 12.75), { today })).resolves.toEqual(['B', 'C', 'D']);
  });

  it('should treat a client without an estimate as not matching, and NOT as its exact complement', async () => {
    await expect(matching(db.ds, biz, { not: expected('>=', 1) }, { today })).resolves.toEqual(['A', 'E']);
    await expect(matching(db.ds, biz, { not: expected('>=', 0) }, { today })).resolves.toEqual(['E']);
  });

  it('should name the bad parameter', () => {
    expect(problemsOf(expected('>=', -1))).toEqual([{ path: 'value', reason: 'value must be a number from 0 to 1000' }]);
    expect(problemsOf(expected('>=', null))).toEqual([{ path: 'value', reason: 'value must be a number' }]);
    expect(problemsOf({ not: expected('between', 3) })).toEqual([{ path: 'not.to', reason: expect.stringContaining('to must be a number') }]);
  });
});
