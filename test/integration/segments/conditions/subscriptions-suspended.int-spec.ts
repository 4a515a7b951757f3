import { newBusiness } from '../../../support/factories';
import { createTestDb, TestDb } from '../../../support/test-db';
import { matching, problemsOf, writer } from '../segment-test-kit';

describe('condition: suspended', () => {
  let db: TestDb;
  let biz: string;
  const today = '2026-03-20';
  const suspended = (value: unknown) => ({ condition: 'suspended', value });

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
        { externalId: 'BLOCKED', suspended: true },
        { externalId: 'OPEN', suspended: false },
        { externalId: 'DEFAULT' }, // not suspended unless the source says so
        { externalId: 'BLOCKED_DELETED', suspended: true, deletedAt: '2026-03-01T00:00:00Z' },
      ],
    });
    await writer(db.ds, other)({ entity: 'clients', records: [{ externalId: 'OTHER_BLOCKED', suspended: true }] });
  });
  afterAll(() => db.drop());

  it('should match suspended / blocked clients, and the others with value false', async () => {
    await expect(matching(db.ds, biz, suspended(true), { today })).resolves.toEqual(['BLOCKED']);
    await expect(matching(db.ds, biz, suspended(false), { today })).resolves.toEqual(['DEFAULT', 'OPEN']);
  });

  it('should make NOT the exact complement', async () => {
    await expect(matching(db.ds, biz, { not: suspended(true) }, { today })).resolves.toEqual(['DEFAULT', 'OPEN']);
    await expect(matching(db.ds, biz, { not: suspended(false) }, { today })).resolves.toEqual(['BLOCKED']);
  });

  it('should name the bad parameter', () => {
    expect(problemsOf(suspended(1))).toEqual([{ path: 'value', reason: 'value must be true or false' }]);
    expect(problemsOf({ not: { condition: 'suspended' } })).toEqual([{ path: 'not.value', reason: 'value must be true or false' }]);
  });
});
