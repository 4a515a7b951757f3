import { newBusiness } from '../../../support/factories';
import { createTestDb, TestDb } from '../../../support/test-db';
import { matching, problemsOf, writer } from '../segment-test-kit';

// customer_type is free text from the source: letter case is ignored on both sides.
describe('condition: customer_type', () => {
  let db: TestDb;
  let biz: string;
  const today = '2026-03-20';
  const type = (values: unknown) => ({ condition: 'customer_type', values });

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
        { externalId: 'STUDENT_UPPER', customerType: 'Student' },
        { externalId: 'STUDENT_LOWER', customerType: 'student' },
        { externalId: 'ADULT', customerType: 'ADULT' },
        { externalId: 'COMPANY', customerType: 'Företag' },
        { externalId: 'STUDENT_SENIOR', customerType: 'student senior' },
        { externalId: 'NONE' },
      ],
    });
    await writer(db.ds, other)({ entity: 'clients', records: [{ externalId: 'STUDENT_LOWER', customerType: 'student' }] });
  });
  afterAll(() => db.drop());

  it('should match any of the types, ignoring letter case (whole value only)', async () => {
    await expect(matching(db.ds, biz, type(['STUDENT']), { today })).resolves.toEqual(['STUDENT_LOWER', 'STUDENT_UPPER']);
    await expect(matching(db.ds, biz, type(['adult', 'FÖRETAG']), { today })).resolves.toEqual(['ADULT', 'COMPANY']);
    await expect(matching(db.ds, biz, type(['senior']), { today })).resolves.toEqual([]);
  });

  it('should make NOT the exact complement (no type included)', async () => {
    await expect(matching(db.ds, biz, { not: type(['student']) }, { today })).resolves.toEqual(['ADULT', 'COMPANY', 'NONE', 'STUDENT_SENIOR']);
  });

  it('should name the bad parameter', () => {
    expect(problemsOf(type('student'))).toContainEqual({ path: 'values', reason: 'values must be a list of customer types' });
    expect(problemsOf({ and: [type(['adult', 42])] })).toContainEqual({ path: 'and[0].values', reason: 'each of values must be text' });
    expect(problemsOf(type([]))).toEqual([{ path: 'values', reason: 'values must name at least one customer type' }]);
  });
});
