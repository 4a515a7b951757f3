import { newBusiness } from '../../../support/factories';
import { createTestDb, TestDb } from '../../../support/test-db';
import { matching, problemsOf, writer } from '../segment-test-kit';

// today = 2026-03-20 (Europe/Stockholm). Ages: A 30 (birthday today), B 29 (turns 30 tomorrow),
// C 45, D unknown; another business's 30-year-old never appears.
describe('condition: age', () => {
  let db: TestDb;
  let biz: string;
  const today = '2026-03-20';

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId: biz } = await newBusiness(db.ds));
    const { businessId: other } = await newBusiness(db.ds);
    await writer(
      db.ds,
      biz,
    )({
      entity: 'clients',
      records: [{ externalId: 'A', birthDate: '1996-03-20' }, { externalId: 'B', birthDate: '1996-03-21' }, { externalId: 'C', birthDate: '1981-01-01' }, { externalId: 'D' }],
    });
    await writer(db.ds, other)({ entity: 'clients', records: [{ externalId: 'A', birthDate: '1996-03-20' }] });
  });
  afterAll(() => db.drop());

  it('should compare whole years on the business local date', async () => {
    await expect(matching(db.ds, biz, { condition: 'age', operator: '>=', value: 30 }, { today })).resolves.toEqual(['A', 'C']);
    await expect(matching(db.ds, biz, { condition: 'age', operator: '=', value: 29 }, { today })).resolves.toEqual(['B']);
    await expect(matching(db.ds, biz, { condition: 'age', operator: 'between', value: 29, to: 30 }, { today })).resolves.toEqual(['A', 'B']);
    await expect(matching(db.ds, biz, { condition: 'age', operator: '!=', value: 45 }, { today })).resolves.toEqual(['A', 'B']);
  });

  it('should treat an unknown birth date as not matching, and NOT as its exact complement', async () => {
    await expect(matching(db.ds, biz, { not: { condition: 'age', operator: '>=', value: 30 } }, { today })).resolves.toEqual(['B', 'D']);
  });

  it('should name the bad parameter', () => {
    expect(problemsOf({ and: [{ condition: 'age', operator: '~', value: 3 }] })).toEqual([{ path: 'and[0].operator', reason: expect.stringContaining('operator must be one of') }]);
    expect(problemsOf({ condition: 'age', operator: '>=', value: 'thirty' })).toEqual([{ path: 'value', reason: 'value must be a number' }]);
    expect(problemsOf({ condition: 'age', operator: 'between', value: 30 })).toEqual([{ path: 'to', reason: expect.stringContaining('to must be a number') }]);
  });
});
