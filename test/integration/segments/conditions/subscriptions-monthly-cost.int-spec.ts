import { newBusiness } from '../../../support/factories';
import { createTestDb, TestDb } from '../../../support/test-db';
import { matching, problemsOf, writer } from '../segment-test-kit';

// today = 2026-03-20. Monthly cost (segments.md): floor(price / interval * 31) per day,
// floor(price / max(interval, 1)) per month. Each client has one active subscription unless noted.
describe('condition: subscription_monthly_cost', () => {
  let db: TestDb;
  let biz: string;
  const today = '2026-03-20';
  const cost = (operator: string, value: unknown, to?: number) => ({ condition: 'subscription_monthly_cost', operator, value, ...(to === undefined ? {} : { to }) });
  const all = ['DAY31', 'INACTIVE', 'MONTHLY', 'NONE', 'TWO', 'WEEKLY', 'YEARLY', 'ZERO_DAYS', 'ZERO_MONTHS'];

  beforeAll(async () => {
    db = await createTestDb();
    ({ businessId: biz } = await newBusiness(db.ds));
    const { businessId: other } = await newBusiness(db.ds);
    const write = writer(db.ds, biz);
    await write({ entity: 'clients', records: all.map((externalId) => ({ externalId })) });
    const sub = (externalId: string, clientExternalId: string, price: number, billingUnit: string, billingInterval: number, r: Record<string, unknown> = {}) => ({
      externalId,
      clientExternalId,
      price,
      billingUnit,
      billingInterval,
      startsOn: '2025-06-01',
      autoRenew: true,
      ...r,
    });
    await write({
      entity: 'subscriptions',
      records: [
        sub('s1', 'WEEKLY', 200, 'day', 7), // floor(885.71) = 885
        sub('s2', 'YEARLY', 5000, 'month', 12), // floor(416.67) = 416
        sub('s3', 'MONTHLY', 300, 'month', 1), // 300
        // exactly 3: dividing first would give 2.999... and floor to 2
        sub('s4', 'DAY31', 3, 'day', 31),
        sub('s5', 'ZERO_MONTHS', 300, 'month', 0), // max(0, 1) = 1: 300
        sub('s6', 'ZERO_DAYS', 300, 'day', 0), // no cost: never compares
        sub('s7', 'INACTIVE', 885, 'month', 1, { endsOn: '2026-03-19' }),
        sub('s8', 'TWO', 100, 'month', 1),
        sub('s9', 'TWO', 885, 'month', 1, { startsOn: '2026-03-21' }),
      ],
    });
    await writer(db.ds, other)({ entity: 'clients', records: [{ externalId: 'WEEKLY' }] });
    await writer(db.ds, other)({ entity: 'subscriptions', records: [sub('s1', 'WEEKLY', 200, 'day', 7)] });
  });
  afterAll(() => db.drop());

  it('should reproduce the worked examples exactly: 200 per 7 days = 885, 5000 per 12 months = 416, 300 per month = 300', async () => {
    await expect(matching(db.ds, biz, cost('=', 885), { today })).resolves.toEqual(['WEEKLY']);
    await expect(matching(db.ds, biz, cost('=', 416), { today })).resolves.toEqual(['YEARLY']);
    await expect(matching(db.ds, biz, cost('=', 300), { today })).resolves.toEqual(['MONTHLY', 'ZERO_MONTHS']);
    // floored, never rounded
    for (const v of [884, 886, 415, 417]) await expect(matching(db.ds, biz, cost('=', v), { today })).resolves.toEqual([]);
  });

  it('should multiply before dividing for daily billing (3 per 31 days = 3)', async () => {
    await expect(matching(db.ds, biz, cost('=', 3), { today })).resolves.toEqual(['DAY31']);
    await expect(matching(db.ds, biz, cost('=', 2), { today })).resolves.toEqual([]);
  });

  it('should compare with every operator, counting only active subscriptions', async () => {
    await expect(matching(db.ds, biz, cost('>=', 416), { today })).resolves.toEqual(['WEEKLY', 'YEARLY']);
    await expect(matching(db.ds, biz, cost('>', 416), { today })).resolves.toEqual(['WEEKLY']);
    await expect(matching(db.ds, biz, cost('<', 300), { today })).resolves.toEqual(['DAY31', 'TWO']);
    await expect(matching(db.ds, biz, cost('<=', 300), { today })).resolves.toEqual(['DAY31', 'MONTHLY', 'TWO', 'ZERO_MONTHS']);
    await expect(matching(db.ds, biz, cost('!=', 300), { today })).resolves.toEqual(['DAY31', 'TWO', 'WEEKLY', 'YEARLY']);
    await expect(matching(db.ds, biz, cost('between', 300, 416), { today })).resolves.toEqual(['MONTHLY', 'YEARLY', 'ZERO_MONTHS']);
  });

  it('should make NOT the exact complement (no cost and no active subscription included)', async () => {
    await expect(matching(db.ds, biz, { not: cost('<', 300) }, { today })).resolves.toEqual(['INACTIVE', 'MONTHLY', 'NONE', 'WEEKLY', 'YEARLY', 'ZERO_DAYS', 'ZERO_MONTHS']);
  });

  it('should name the bad parameter', () => {
    expect(problemsOf(cost('>=', 4.5))).toEqual([{ path: 'value', reason: 'value must be a whole number' }]);
    const missingTo = problemsOf({ or: [cost('between', 300)] });
    expect(missingTo).toHaveLength(2);
    expect(missingTo).toEqual(
      expect.arrayContaining([
        { path: 'or[0].to', reason: 'to must be a whole number' },
        { path: 'or[0].to', reason: 'to must be a number >= value' },
      ]),
    );
    expect(problemsOf(cost('about', 300))).toEqual([{ path: 'operator', reason: expect.stringContaining('operator must be one of') }]);
  });
});
