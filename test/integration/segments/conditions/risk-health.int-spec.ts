import { newBusiness } from '../../../support/factories';
import { createTestDb, TestDb } from '../../../support/test-db';
import { matching, problemsOf, writer } from '../segment-test-kit';

// client_health (written by the health pass; inserted directly): A 85 green, B 70 green (lowest
// green), C 69 yellow, D 40 yellow, E 39 red, F 0 red, G not scored. Another business's X is
// 100 green and never appears.
describe('condition: health', () => {
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
      `INSERT INTO client_health (client_id, business_id, score, band, contributions, signals, computed_on)
       SELECT c.id, c.business_id, v.score, v.band, '{}', '{}', $1 FROM client c
         JOIN (VALUES ('A', 85, 'green'), ('B', 70, 'green'), ('C', 69, 'yellow'), ('D', 40, 'yellow'),
                      ('E', 39, 'red'), ('F', 0, 'red'), ('X', 100, 'green')) AS v(ext, score, band)
           ON v.ext = c.external_id`,
      [today],
    );
  });
  afterAll(() => db.drop());

  const health = (params: object) => ({ condition: 'health', ...params });

  it('should match health bands', async () => {
    await expect(matching(db.ds, biz, health({ bands: ['green'] }), { today })).resolves.toEqual(['A', 'B']);
    await expect(matching(db.ds, biz, health({ bands: ['yellow', 'red'] }), { today })).resolves.toEqual(['C', 'D', 'E', 'F']);
    await expect(matching(db.ds, biz, health({ bands: ['red'] }), { today })).resolves.toEqual(['E', 'F']);
  });

  it('should compare the score', async () => {
    await expect(matching(db.ds, biz, health({ operator: '>=', value: 70 }), { today })).resolves.toEqual(['A', 'B']);
    await expect(matching(db.ds, biz, health({ operator: '<', value: 40 }), { today })).resolves.toEqual(['E', 'F']);
    await expect(matching(db.ds, biz, health({ operator: 'between', value: 39, to: 70 }), { today })).resolves.toEqual(['B', 'C', 'D', 'E']);
    await expect(matching(db.ds, biz, health({ operator: '=', value: 0 }), { today })).resolves.toEqual(['F']);
    await expect(matching(db.ds, biz, health({ operator: '!=', value: 85 }), { today })).resolves.toEqual(['B', 'C', 'D', 'E', 'F']);
    await expect(matching(db.ds, biz, health({ operator: '>', value: 69.5 }), { today })).resolves.toEqual(['A', 'B']);
  });

  it('should treat an unscored client as not matching, and NOT as its exact complement', async () => {
    await expect(matching(db.ds, biz, { not: health({ bands: ['green'] }) }, { today })).resolves.toEqual(['C', 'D', 'E', 'F', 'G']);
    await expect(matching(db.ds, biz, { not: health({ operator: '>=', value: 0 }) }, { today })).resolves.toEqual(['G']);
  });

  it('should take exactly one form and name the bad parameter', () => {
    expect(problemsOf(health({ bands: ['green'], operator: '>=', value: 70 }))).toEqual([{ path: 'bands', reason: 'give either bands or a score comparison (operator, value), not both' }]);
    expect(problemsOf({ and: [health({})] })).toEqual([{ path: 'and[0].bands', reason: 'give bands (green, yellow, red) or a score comparison (operator, value)' }]);
    expect(problemsOf(health({ bands: ['amber'] }))).toEqual([{ path: 'bands', reason: 'bands[0] "amber" is not one of: green, yellow, red' }]);
    expect(problemsOf(health({ bands: [] }))).toEqual([{ path: 'bands', reason: 'bands must be a non-empty array of: green, yellow, red' }]);
    expect(problemsOf(health({ operator: '>=', value: 101 }))).toEqual([{ path: 'value', reason: 'value must be a score from 0 to 100' }]);
    expect(problemsOf(health({ value: 50 }))).toEqual([{ path: 'operator', reason: expect.stringContaining('operator must be one of') }]);
    expect(problemsOf(health({ operator: '>=' }))).toEqual([{ path: 'value', reason: 'value must be a score from 0 to 100' }]);
    expect(problemsOf(health({ operator: '>=', value: '70' }))).toEqual([{ path: 'value', reason: 'value must be a score from 0 to 100' }]);
    expect(problemsOf(health({ operator: 'between', value: 40 }))).toEqual([{ path: 'to', reason: 'to must be a score from value to 100' }]);
    expect(problemsOf(health({ operator: 'between', value: 40, to: 120 }))).toEqual([{ path: 'to', reason: 'to must be a score from value to 100' }]);
    expect(problemsOf(health({ operator: '>=', value: 40, to: 60 }))).toEqual([{ path: 'to', reason: 'to is only read with operator "between"' }]);
  });
});
