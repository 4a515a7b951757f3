import { newBusiness } from '../../../support/factories';
import { createTestDb, TestDb } from '../../../support/test-db';
import { matching, problemsOf, writer } from '../segment-test-kit';

describe('condition: gender', () => {
  let db: TestDb;
  let biz: string;
  const today = '2026-03-20';
  const gender = (values: unknown) => ({ condition: 'gender', values });

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId: biz } = await newBusiness(db.ds));
    const { businessId: other } = await newBusiness(db.ds);
    await writer(
      db.ds,
      biz,
    )({
      entity: 'clients',
      records: [
        { externalId: 'F', gender: 'female' },
        { externalId: 'M', gender: 'male' },
        { externalId: 'O', gender: 'other' },
        { externalId: 'U', gender: 'unknown' },
        { externalId: 'NOT_GIVEN' }, // stored as unknown
      ],
    });
    await writer(db.ds, other)({ entity: 'clients', records: [{ externalId: 'F', gender: 'female' }] });
  });
  afterAll(() => db.drop());

  it('should match any of the genders', async () => {
    await expect(matching(db.ds, biz, gender(['female']), { today })).resolves.toEqual(['F']);
    await expect(matching(db.ds, biz, gender(['male', 'other']), { today })).resolves.toEqual(['M', 'O']);
    await expect(matching(db.ds, biz, gender(['unknown']), { today })).resolves.toEqual(['NOT_GIVEN', 'U']);
  });

  it('should make NOT the exact complement', async () => {
    await expect(matching(db.ds, biz, { not: gender(['female']) }, { today })).resolves.toEqual(['M', 'NOT_GIVEN', 'O', 'U']);
  });

  it('should name the bad parameter', () => {
    expect(problemsOf(gender(['female', 'woman']))).toEqual([{ path: 'values', reason: 'each of values must be one of female, male, other, unknown' }]);
    expect(problemsOf({ or: [gender([])] })).toEqual([{ path: 'or[0].values', reason: 'values must name at least one gender' }]);
    expect(problemsOf({ condition: 'gender', value: 'female' })).toContainEqual({ path: 'value', reason: 'property value should not exist' });
  });
});
