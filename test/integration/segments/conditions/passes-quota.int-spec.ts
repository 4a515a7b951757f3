import { describeCatalogue } from '../../../../src/segments/conditions/catalogue';
import { newBusiness } from '../../../support/factories';
import { createTestDb, TestDb } from '../../../support/test-db';
import { matching, problemsOf, writer } from '../segment-test-kit';

// today = 2026-03-20. Active quota = units left (used < total) and not expired (no expiry, or
// expires_on >= today). Quotas (total/used, expires):
//   A 10/7 (3 left), expires today (0 days)          active
//   B 10/10 (0 left), expires 2026-04-30             used up
//   C 5/4 (1 left), no expiry                         active, never "expires in"
//   D 10/0, expired yesterday                         expired
//   E 10/9 (1 left) expires 2026-03-27 (7 days) and 20/5 (15 left) expires 2026-04-19 (30 days)
//   F no quota; G 5/6 (over-used); H 0/0
// Another business's X has 10/0 expiring today and never appears.
describe('conditions: quota_units_left, quota_expires_in', () => {
  let db: TestDb;
  let biz: string;
  const today = '2026-03-20';

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId: biz } = await newBusiness(db.ds));
    const { businessId: other } = await newBusiness(db.ds);
    const write = writer(db.ds, biz);
    await write({ entity: 'clients', records: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'].map((externalId) => ({ externalId })) });
    await write({
      entity: 'quotas',
      records: [
        { externalId: 'qA', clientExternalId: 'A', totalUnits: 10, usedUnits: 7, expiresOn: '2026-03-20' },
        { externalId: 'qB', clientExternalId: 'B', totalUnits: 10, usedUnits: 10, expiresOn: '2026-04-30' },
        { externalId: 'qC', clientExternalId: 'C', totalUnits: 5, usedUnits: 4 },
        { externalId: 'qD', clientExternalId: 'D', totalUnits: 10, usedUnits: 0, expiresOn: '2026-03-19' },
        { externalId: 'qE1', clientExternalId: 'E', totalUnits: 10, usedUnits: 9, expiresOn: '2026-03-27' },
        { externalId: 'qE2', clientExternalId: 'E', totalUnits: 20, usedUnits: 5, expiresOn: '2026-04-19' },
        { externalId: 'qG', clientExternalId: 'G', totalUnits: 5, usedUnits: 6 },
        { externalId: 'qH', clientExternalId: 'H', totalUnits: 0, usedUnits: 0 },
      ],
    });
    await writer(db.ds, other)({ entity: 'clients', records: [{ externalId: 'X' }] });
    await writer(db.ds, other)({ entity: 'quotas', records: [{ externalId: 'qX', clientExternalId: 'X', totalUnits: 10, usedUnits: 0, expiresOn: '2026-03-20' }] });
  });
  afterAll(() => db.drop());

  const unitsLeft = (operator: string, value: unknown, to?: unknown) => ({ condition: 'quota_units_left', operator, value, ...(to === undefined ? {} : { to }) });
  const expiresIn = (operator: string, value: unknown, to?: unknown) => ({ condition: 'quota_expires_in', operator, value, ...(to === undefined ? {} : { to }) });

  describe('quota_units_left', () => {
    it('should compare the units left on an active quota', async () => {
      await expect(matching(db.ds, biz, unitsLeft('>=', 1), { today })).resolves.toEqual(['A', 'C', 'E']);
      await expect(matching(db.ds, biz, unitsLeft('=', 1), { today })).resolves.toEqual(['C', 'E']);
      await expect(matching(db.ds, biz, unitsLeft('=', 3), { today })).resolves.toEqual(['A']);
      await expect(matching(db.ds, biz, unitsLeft('>', 10), { today })).resolves.toEqual(['E']);
      await expect(matching(db.ds, biz, unitsLeft('between', 2, 10), { today })).resolves.toEqual(['A']);
      await expect(matching(db.ds, biz, unitsLeft('<', 2), { today })).resolves.toEqual(['C', 'E']);
      await expect(matching(db.ds, biz, unitsLeft('!=', 1), { today })).resolves.toEqual(['A', 'E']);
    });

    it('should not count used-up, over-used, empty or expired quotas (but one expiring today is active)', async () => {
      await expect(matching(db.ds, biz, unitsLeft('=', 0), { today })).resolves.toEqual([]);
      await expect(matching(db.ds, biz, unitsLeft('>=', 0), { today })).resolves.toEqual(['A', 'C', 'E']);
      // D's quota (10 left) expired yesterday; the day before it still counts
      await expect(matching(db.ds, biz, unitsLeft('=', 10), { today })).resolves.toEqual([]);
      await expect(matching(db.ds, biz, unitsLeft('=', 10), { today: '2026-03-19' })).resolves.toEqual(['D']);
      // A's quota expires today: gone tomorrow
      await expect(matching(db.ds, biz, unitsLeft('=', 3), { today: '2026-03-21' })).resolves.toEqual([]);
    });

    it('should treat NOT as the exact complement', async () => {
      await expect(matching(db.ds, biz, { not: unitsLeft('>=', 1) }, { today })).resolves.toEqual(['B', 'D', 'F', 'G', 'H']);
      await expect(matching(db.ds, biz, { not: unitsLeft('<', 2) }, { today })).resolves.toEqual(['A', 'B', 'D', 'F', 'G', 'H']);
    });

    it('should name the bad parameter', () => {
      expect(problemsOf(unitsLeft('>=', 1.5))).toEqual([{ path: 'value', reason: 'value must be a whole number' }]);
      expect(problemsOf({ and: [unitsLeft('>=', -1)] })).toEqual([{ path: 'and[0].value', reason: expect.stringContaining('value must be a whole number from 0 to') }]);
      expect(problemsOf(unitsLeft('between', 5, 2))).toEqual([{ path: 'to', reason: 'to must be a number >= value' }]);
      expect(problemsOf({ condition: 'quota_units_left', operator: '>=', value: 1, product: 'x' })).toEqual([{ path: 'product', reason: 'property product should not exist' }]);
    });
  });

  describe('quota_expires_in', () => {
    it('should compare the days until an active quota expires', async () => {
      await expect(matching(db.ds, biz, expiresIn('=', 0), { today })).resolves.toEqual(['A']);
      await expect(matching(db.ds, biz, expiresIn('<=', 7), { today })).resolves.toEqual(['A', 'E']);
      await expect(matching(db.ds, biz, expiresIn('<', 7), { today })).resolves.toEqual(['A']);
      await expect(matching(db.ds, biz, expiresIn('between', 8, 30), { today })).resolves.toEqual(['E']);
      await expect(matching(db.ds, biz, expiresIn('>', 30), { today })).resolves.toEqual([]);
      await expect(matching(db.ds, biz, expiresIn('=', 6), { today: '2026-03-21' })).resolves.toEqual(['E']);
    });

    it('should never match quotas without expiry, used up or expired', async () => {
      // C has no expiry; B's quota expires in 41 days but is used up; D expired yesterday
      await expect(matching(db.ds, biz, expiresIn('>=', 0), { today })).resolves.toEqual(['A', 'E']);
      await expect(matching(db.ds, biz, expiresIn('=', 41), { today })).resolves.toEqual([]);
      await expect(matching(db.ds, biz, expiresIn('=', 0), { today: '2026-03-19' })).resolves.toEqual(['D']);
    });

    it('should treat NOT as the exact complement', async () => {
      await expect(matching(db.ds, biz, { not: expiresIn('<=', 7) }, { today })).resolves.toEqual(['B', 'C', 'D', 'F', 'G', 'H']);
    });

    it('should name the bad parameter', () => {
      expect(problemsOf(expiresIn('>=', 'soon'))).toEqual([
        { path: 'value', reason: 'value must be a number' },
        { path: 'value', reason: 'value must be a whole number' },
      ]);
      expect(problemsOf({ not: expiresIn('in', 7) })).toEqual([{ path: 'not.operator', reason: expect.stringContaining('operator must be one of') }]);
    });
  });

  it('should list the passes conditions in the catalogue', () => {
    expect(
      describeCatalogue()
        .filter((c) => c.group === 'passes')
        .map((c) => c.type),
    ).toEqual(expect.arrayContaining(['quota_units_left', 'quota_expires_in', 'aggregator_only']));
  });
});
