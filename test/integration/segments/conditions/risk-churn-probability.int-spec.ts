import { newBusiness } from '../../../support/factories';
import { createTestDb, TestDb } from '../../../support/test-db';
import { matching, problemsOf, writer } from '../segment-test-kit';

// client_estimate (written by the estimation run; inserted directly) stores churn_probability in
// percent, 0-100 with two decimals (EstimationRepository.save: round(100 * (1 - p_alive), 2)), in a
// `real` column. A 90, B 70, C 69.99, D 12.34, E 0, F 100, G no estimate (no visit history).
// Another business's X at 95 never appears.
describe('condition: churn_probability', () => {
  let db: TestDb;
  let biz: string;
  const today = '2026-03-20';

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId: biz } = await newBusiness(db.ds));
    const { businessId: other } = await newBusiness(db.ds);
    await writer(db.ds, biz)({ entity: 'clients', records: ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((externalId) => ({ externalId })) });
    await writer(db.ds, other)({ entity: 'clients', records: [{ externalId: 'X' }] });
    await db.ds.query(
      `INSERT INTO client_estimate (client_id, business_id, expected_visits_30d, p_alive, churn_probability, computed_on)
       SELECT c.id, c.business_id, 1, 1 - v.churn / 100, v.churn, $1 FROM client c
         JOIN (VALUES ('A', 90.0), ('B', 70.0), ('C', 69.99), ('D', 12.34), ('E', 0.0), ('F', 100.0), ('X', 95.0)) AS v(ext, churn)
           ON v.ext = c.external_id`,
      [today],
    );
  });
  afterAll(() => db.drop());

  const churn = (operator: string, value: unknown, to?: unknown) => ({ condition: 'churn_probability', operator, value, ...(to === undefined ? {} : { to }) });

  it('should compare the churn probability in percent', async () => {
    await expect(matching(db.ds, biz, churn('>=', 70), { today })).resolves.toEqual(['A', 'B', 'F']);
    await expect(matching(db.ds, biz, churn('>', 69.99), { today })).resolves.toEqual(['A', 'B', 'F']);
    await expect(matching(db.ds, biz, churn('<', 70), { today })).resolves.toEqual(['C', 'D', 'E']);
    await expect(matching(db.ds, biz, churn('=', 100), { today })).resolves.toEqual(['F']);
    await expect(matching(db.ds, biz, churn('=', 0), { today })).resolves.toEqual(['E']);
  });

  it('should compare two-decimal percentages exactly although the column is real', async () => {
    // 12.34::real is 12.3400001525... as a double: compared naively, "<= 12.34" would miss D
    await expect(matching(db.ds, biz, churn('<=', 12.34), { today })).resolves.toEqual(['D', 'E']);
    await expect(matching(db.ds, biz, churn('=', 12.34), { today })).resolves.toEqual(['D']);
    await expect(matching(db.ds, biz, churn('between', 12.34, 69.99), { today })).resolves.toEqual(['C', 'D']);
    await expect(matching(db.ds, biz, churn('!=', 69.99), { today })).resolves.toEqual(['A', 'B', 'D', 'E', 'F']);
  });

  it('should treat a client without an estimate as not matching, and NOT as its exact complement', async () => {
    await expect(matching(db.ds, biz, { not: churn('>=', 70) }, { today })).resolves.toEqual(['C', 'D', 'E', 'G']);
    await expect(matching(db.ds, biz, { not: churn('between', 0, 100) }, { today })).resolves.toEqual(['G']);
  });

  it('should name the bad parameter', () => {
    expect(problemsOf(churn('>=', 150))).toEqual([{ path: 'value', reason: 'value must be a percentage from 0 to 100' }]);
    expect(problemsOf(churn('>=', -1))).toEqual([{ path: 'value', reason: 'value must be a percentage from 0 to 100' }]);
    expect(problemsOf(churn('>=', '70%'))).toEqual([{ path: 'value', reason: 'value must be a number' }]);
    expect(problemsOf({ or: [churn('between', 50, 120)] })).toEqual([{ path: 'or[0].to', reason: 'to must be a percentage from value to 100' }]);
    expect(problemsOf(churn('between', 50, 40))).toEqual([{ path: 'to', reason: 'to must be a percentage from value to 100' }]);
    expect(problemsOf(churn('between', 50))).toEqual([{ path: 'to', reason: 'to must be a percentage from value to 100' }]);
    expect(problemsOf(churn('>=', 50, 60))).toEqual([{ path: 'to', reason: 'to is only read with operator "between"' }]);
    expect(problemsOf(churn('>=', null))).toEqual([{ path: 'value', reason: 'value must be a number' }]);
    expect(problemsOf(churn('about', 50))).toEqual([{ path: 'operator', reason: expect.stringContaining('operator must be one of') }]);
  });
});
